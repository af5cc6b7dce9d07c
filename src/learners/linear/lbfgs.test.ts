/**
 * The L-BFGS solver on functions with known minima: Rosenbrock (curved, badly scaled valley), an
 * ill-conditioned quadratic (minimum solved for exactly), a smooth non-quadratic convex function, and the
 * edge cases (already at the minimum, a non-finite start, the iteration cap and the hook).
 */
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs';

/** Σ 100·(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
const rosenbrock: Objective = (x, g) => {
  g.fill(0);
  let f = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i] = g[i]! - 400 * a * x[i]! - 2 * b;
    g[i + 1] = g[i + 1]! + 200 * a;
  }
  return f;
};

/** ½ xᵀAx − bᵀx with A = QᵀDQ-like tridiagonal SPD matrix; the minimiser solves A x = b. */
function quadratic(n: number, conditioning: number): { objective: Objective; a: Float64Array; b: Float64Array } {
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const diag = 1 + ((conditioning - 1) * i) / Math.max(1, n - 1);
    a[i * n + i] = diag + 1;
    if (i + 1 < n) {
      a[i * n + i + 1] = 0.5;
      a[(i + 1) * n + i] = 0.5;
    }
    b[i] = Math.sin(i + 1);
  }
  const objective: Objective = (x, g) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j]! * x[j]!;
      g[i] = ax - b[i]!;
      f += 0.5 * x[i]! * ax - b[i]! * x[i]!;
    }
    return f;
  };
  return { objective, a, b };
}

/** Gaussian elimination, for the quadratic's exact minimiser. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      const factor = m[i * n + k]! / m[k * n + k]!;
      for (let j = k; j < n; j++) m[i * n + j] = m[i * n + j]! - factor * m[k * n + j]!;
      x[i] = x[i]! - factor * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let j = i + 1; j < n; j++) sum -= m[i * n + j]! * x[j]!;
    x[i] = sum / m[i * n + i]!;
  }
  return x;
}

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum from the classic start (−1.2, 1)', async () => {
    const result = await minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 500, gradientTolerance: 1e-10, functionTolerance: 0 });
    expect(result.reason).toBe('gradient');
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.value).toBeLessThan(1e-18);
    expect(result.iterations).toBeLessThan(100);
  });

  it('finds the 20-dimensional Rosenbrock minimum', async () => {
    const x0 = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const result = await minimizeLbfgs(rosenbrock, x0, { maxIterations: 2000, gradientTolerance: 1e-9, functionTolerance: 0 });
    expect(result.reason).toBe('gradient');
    for (const v of result.x) expect(v).toBeCloseTo(1, 7);
  });

  it('solves an ill-conditioned quadratic to its exact minimiser, past the point where f stops resolving steps', async () => {
    const n = 50;
    const { objective, a, b } = quadratic(n, 1e4);
    const exact = solve(a, b, n);
    const result = await minimizeLbfgs(objective, new Float64Array(n), { maxIterations: 5000, gradientTolerance: 1e-11, functionTolerance: 0 });
    expect(result.reason).toBe('gradient');
    for (let i = 0; i < n; i++) expect(Math.abs(result.x[i]! - exact[i]!)).toBeLessThan(1e-10);
    // The minimum value of ½xᵀAx − bᵀx is −½ bᵀx*.
    const minimum = -0.5 * exact.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(result.value).toBeCloseTo(minimum, 12);
  });

  it('minimises a smooth convex non-quadratic function (log-sum-exp plus a quadratic)', async () => {
    // f(x) = log(e^{x0} + e^{−x0} + e^{x1}) + ½‖x‖²: convex, minimiser found by symmetry and a 1-D solve.
    const objective: Objective = (x, g) => {
      const e = [Math.exp(x[0]!), Math.exp(-x[0]!), Math.exp(x[1]!)];
      const s = e[0]! + e[1]! + e[2]!;
      g[0] = (e[0]! - e[1]!) / s + x[0]!;
      g[1] = e[2]! / s + x[1]!;
      return Math.log(s) + 0.5 * (x[0]! * x[0]! + x[1]! * x[1]!);
    };
    const result = await minimizeLbfgs(objective, Float64Array.of(3, -2), { maxIterations: 200, gradientTolerance: 1e-12, functionTolerance: 0 });
    expect(result.x[0]).toBeCloseTo(0, 10);
    // At x0 = 0: x1 = −e^{x1} / (2 + e^{x1}); checked by the residual.
    const x1 = result.x[1]!;
    expect(Math.abs(x1 + Math.exp(x1) / (2 + Math.exp(x1)))).toBeLessThan(1e-11);
  });

  it('stops on the relative function decrease (64·ε by default, as scikit-learn asks of SciPy) when the gradient tolerance is out of reach', async () => {
    const result = await minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 500, gradientTolerance: 0 });
    expect(result.reason).toBe('function');
    expect(result.x[0]).toBeCloseTo(1, 5);
  });

  it('stops at once at a stationary start, and when the start is not finite it throws', async () => {
    const { objective, a, b } = quadratic(5, 10);
    const exact = solve(a, b, 5);
    const atMinimum = await minimizeLbfgs(objective, exact, { maxIterations: 100, gradientTolerance: 1e-8 });
    expect(atMinimum.iterations).toBe(0);
    expect(atMinimum.reason).toBe('gradient');
    const nan: Objective = () => Number.NaN;
    await expect(minimizeLbfgs(nan, new Float64Array(2), { maxIterations: 10, gradientTolerance: 1e-8 })).rejects.toThrow(/not finite/);
  });

  it('honours maxIterations, awaits the hook after every step and stops when it says so', async () => {
    const capped = await minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 5, gradientTolerance: 0 });
    expect(capped.iterations).toBe(5);
    expect(capped.reason).toBe('maxIterations');

    const seen: number[] = [];
    let awaited = 0;
    const stopped = await minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), {
      maxIterations: 100,
      gradientTolerance: 0,
      onIteration: (iteration) => {
        seen.push(iteration);
        if (iteration === 7) return 'stop';
        return Promise.resolve().then(() => {
          awaited++;
        });
      },
    });
    expect(stopped.reason).toBe('stopped');
    expect(stopped.iterations).toBe(7);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(awaited).toBe(6);
  });

  it('survives a step into a region where the objective is infinite', async () => {
    // f = x − log(2 − x) − log(x + 2) is +∞ outside (−2, 2) and tempts a long first step to the right.
    const barrier: Objective = (x, g) => {
      const v = x[0]!;
      if (v >= 2 || v <= -2) {
        g[0] = Number.NaN;
        return Infinity;
      }
      g[0] = -1 + 1 / (2 - v) - 1 / (v + 2);
      return -v - Math.log(2 - v) - Math.log(v + 2);
    };
    const result = await minimizeLbfgs(barrier, Float64Array.of(0), { maxIterations: 100, gradientTolerance: 1e-12 });
    // −1 + 1/(2−x) − 1/(x+2) = 0 → x² + 2x − 4 = 0 → x = −1 + √5.
    expect(result.x[0]).toBeCloseTo(-1 + Math.sqrt(5), 10);
  });
});
