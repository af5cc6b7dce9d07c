/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithms 7.4 and 7.5) with a
 * strong-Wolfe line search (algorithms 3.5 and 3.6, cubic interpolation in the zoom). Generic over any smooth
 * objective that returns its value and writes its gradient, so the logistic losses here and the tests'
 * Rosenbrock and quadratic functions go through the same code.
 *
 * Why our own: scikit-learn's reference fits use L-BFGS-B through SciPy; matching its solutions to 1e-4 in
 * probability needs a solver that converges as tightly, and the app must stay plain TypeScript. It is
 * async only so the caller can await a cancellation checkpoint between iterations.
 */

/** Writes ∇f(x) into `gradient` and returns f(x). */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations (accepted steps) at most. */
  readonly maxIterations: number;
  /** Converged when max |∇f| ≤ this (SciPy's `pgtol`, scikit-learn's `tol`). */
  readonly gradientTolerance: number;
  /**
   * Converged when the relative decrease of f in one step is ≤ this; SciPy's `ftol` (scikit-learn passes 64·ε,
   * the default). 0 turns the test off, so only the gradient tolerance (or the iteration cap) ends the search.
   */
  readonly functionTolerance?: number;
  /** Correction pairs kept (SciPy's and scikit-learn's default is 10). */
  readonly memory?: number;
  /** Called after every accepted step; may return a promise (awaited), or 'stop' to end there. */
  readonly onIteration?: (iteration: number, value: number) => void | 'stop' | Promise<void>;
}

export type LbfgsStopReason = 'gradient' | 'function' | 'maxIterations' | 'lineSearch' | 'stopped';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  /** max |∇f| at `x`. */
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: LbfgsStopReason;
}

const WOLFE_C1 = 1e-4;
const WOLFE_C2 = 0.9;
const MAX_LINE_SEARCH_EVALUATIONS = 30;
const DEFAULT_FUNCTION_TOLERANCE = 64 * Number.EPSILON;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/**
 * Minimiser of the cubic that interpolates (a, fa, da) and (b, fb, db), clamped into the middle of [a, b]
 * so the zoom always shrinks; bisection when the cubic has no usable minimiser.
 */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const radicand = d1 * d1 - da * db;
  let t = Number.NaN;
  if (radicand >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(radicand);
    t = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
  }
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) return (lo + hi) / 2;
  return t;
}

interface LineSearchState {
  readonly objective: Objective;
  readonly x: Float64Array;
  readonly direction: Float64Array;
  readonly f0: number;
  readonly slope0: number;
  /** Scratch outputs: the accepted point and its gradient. */
  readonly xNew: Float64Array;
  readonly gNew: Float64Array;
  evaluations: number;
}

/** Evaluates φ(t) = f(x + t·d) into the state's scratch; returns [φ(t), φ'(t)]. */
function evaluateAt(state: LineSearchState, t: number): [number, number] {
  const { x, direction, xNew, gNew } = state;
  for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + t * direction[i]!;
  const value = state.objective(xNew, gNew);
  state.evaluations++;
  return [value, dot(gNew, direction)];
}

/**
 * Near the minimum, f changes by less than its own rounding error (a step gains about ‖g‖²/λ while f is
 * only known to ε·|f|), so tests that compare values become coin flips and the search stalls with the
 * gradient still around 1e-8. There we follow Hager & Zhang's approximate Wolfe conditions: a value within
 * FLAT_RELATIVE·|f0| of the start counts as "flat", and the slope, which is still accurate, decides.
 */
const FLAT_RELATIVE = 1e-12;

function isFlat(state: LineSearchState, f: number): boolean {
  return Math.abs(f - state.f0) <= FLAT_RELATIVE * Math.abs(state.f0);
}

/** Strong Wolfe, or (in the flat region) the approximate Wolfe conditions of Hager & Zhang (2005). */
function acceptable(state: LineSearchState, t: number, f: number, d: number): boolean {
  const { f0, slope0 } = state;
  if (!Number.isFinite(f) || Math.abs(d) > -WOLFE_C2 * slope0) return false;
  return f <= f0 + WOLFE_C1 * t * slope0 || (isFlat(state, f) && d <= (2 * WOLFE_C1 - 1) * slope0);
}

/**
 * Strong-Wolfe line search from step `t0`. Returns the accepted step (with xNew, gNew and the value set in
 * the state), or null when none was found within the evaluation budget.
 */
function lineSearch(state: LineSearchState, t0: number): { step: number; value: number } | null {
  const { f0, slope0 } = state;
  let tPrev = 0;
  let fPrev = f0;
  let dPrev = slope0;
  let t = t0;
  for (let i = 0; i < MAX_LINE_SEARCH_EVALUATIONS; i++) {
    const [f, d] = evaluateAt(state, t);
    if (acceptable(state, t, f, d)) return { step: t, value: f };
    const tooHigh = !isFlat(state, f) && (f > f0 + WOLFE_C1 * t * slope0 || (i > 0 && f >= fPrev));
    if (!Number.isFinite(f) || tooHigh) return zoom(state, tPrev, fPrev, dPrev, t, f, d);
    if (d >= 0) return zoom(state, t, f, d, tPrev, fPrev, dPrev);
    tPrev = t;
    fPrev = f;
    dPrev = d;
    t *= 2;
  }
  return null;
}

/**
 * Algorithm 3.6: `lo` satisfies sufficient decrease and has the lower value, and its slope points towards
 * `hi`; the minimiser lies between. In the flat region the slope's sign alone picks the side.
 */
function zoom(
  state: LineSearchState,
  tLo: number,
  fLo: number,
  dLo: number,
  tHi: number,
  fHi: number,
  dHi: number,
): { step: number; value: number } | null {
  const { f0, slope0 } = state;
  while (state.evaluations < 2 * MAX_LINE_SEARCH_EVALUATIONS) {
    // A non-finite end gives the cubic nothing to work with: bisect towards the finite one.
    const t = Number.isFinite(fHi) && Number.isFinite(dHi) ? cubicStep(tLo, fLo, dLo, tHi, fHi, dHi) : (tLo + tHi) / 2;
    if (Math.abs(tHi - tLo) <= 1e-16 * Math.max(1, Math.abs(tLo))) break;
    const [f, d] = evaluateAt(state, t);
    if (acceptable(state, t, f, d)) return { step: t, value: f };
    const flat = Number.isFinite(f) && isFlat(state, f);
    if (!Number.isFinite(f) || (!flat && (f > f0 + WOLFE_C1 * t * slope0 || f >= fLo)) || (flat && d * (tHi - tLo) >= 0)) {
      tHi = t;
      fHi = f;
      dHi = d;
    } else {
      if (d * (tHi - tLo) >= 0) {
        tHi = tLo;
        fHi = fLo;
        dHi = dLo;
      }
      tLo = t;
      fLo = f;
      dLo = d;
    }
  }
  // Out of budget: the best sufficient-decrease point seen is still a descent step worth taking.
  if (tLo > 0 && fLo < f0) {
    evaluateAt(state, tLo);
    return { step: tLo, value: fLo };
  }
  return null;
}

/** Minimises `objective` from `x0` (not modified). */
export async function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): Promise<LbfgsResult> {
  const n = x0.length;
  const memory = Math.max(1, options.memory ?? 10);
  const ftol = options.functionTolerance ?? DEFAULT_FUNCTION_TOLERANCE;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(value)) throw new Error(`L-BFGS: the objective is not finite at the starting point (${value})`);

  // Correction pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k in a ring buffer, newest at `head − 1`.
  const sHistory = Array.from({ length: memory }, () => new Float64Array(n));
  const yHistory = Array.from({ length: memory }, () => new Float64Array(n));
  const rho = new Float64Array(memory);
  const alphaScratch = new Float64Array(memory);
  let stored = 0;
  let head = 0;

  const direction = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let gradientNorm = maxAbs(g);
  let iterations = 0;
  let reason: LbfgsStopReason = 'maxIterations';
  if (gradientNorm <= options.gradientTolerance) reason = 'gradient';

  while (reason === 'maxIterations' && iterations < options.maxIterations) {
    // Two-loop recursion: direction = −H·g with H the L-BFGS inverse-Hessian estimate.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    for (let j = 0; j < stored; j++) {
      const slot = (head - 1 - j + memory) % memory;
      const a = rho[slot]! * dot(sHistory[slot]!, direction);
      alphaScratch[slot] = a;
      const y = yHistory[slot]!;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! - a * y[i]!;
    }
    let t0 = 1;
    if (stored > 0) {
      const newest = (head - 1 + memory) % memory;
      const y = yHistory[newest]!;
      const gamma = dot(sHistory[newest]!, y) / dot(y, y);
      for (let i = 0; i < n; i++) direction[i] = direction[i]! * gamma;
    } else {
      // First step (or after a reset): steepest descent scaled to unit length, as SciPy does.
      const norm = Math.sqrt(dot(g, g));
      t0 = norm > 0 ? Math.min(1, 1 / norm) : 1;
    }
    for (let j = stored - 1; j >= 0; j--) {
      const slot = (head - 1 - j + memory) % memory;
      const b = rho[slot]! * dot(yHistory[slot]!, direction);
      const s = sHistory[slot]!;
      const coeff = alphaScratch[slot]! - b;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! + coeff * s[i]!;
    }

    let slope0 = dot(g, direction);
    if (!(slope0 < 0)) {
      // The estimate lost positive definiteness (rounding): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      slope0 = dot(g, direction);
      const norm = Math.sqrt(-slope0);
      t0 = norm > 0 ? Math.min(1, 1 / norm) : 1;
    }

    const state: LineSearchState = { objective, x, direction, f0: value, slope0, xNew, gNew, evaluations: 0 };
    let found = lineSearch(state, t0);
    evaluations += state.evaluations;
    if (found === null && stored > 0) {
      // A poor quasi-Newton direction: forget the history and try plain steepest descent once.
      stored = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      const norm = Math.sqrt(dot(g, g));
      const retry: LineSearchState = { ...state, slope0: -norm * norm, evaluations: 0 };
      found = lineSearch(retry, norm > 0 ? Math.min(1, 1 / norm) : 1);
      evaluations += retry.evaluations;
    }
    if (found === null) {
      reason = 'lineSearch';
      break;
    }

    // Store the new correction pair (skipped when the curvature condition fails, to keep H positive definite).
    const sSlot = sHistory[head]!;
    const ySlot = yHistory[head]!;
    for (let i = 0; i < n; i++) {
      sSlot[i] = xNew[i]! - x[i]!;
      ySlot[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sSlot, ySlot);
    if (sy > 1e-10 * Math.sqrt(dot(sSlot, sSlot) * dot(ySlot, ySlot))) {
      rho[head] = 1 / sy;
      head = (head + 1) % memory;
      stored = Math.min(stored + 1, memory);
    }

    const previous = value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = found.value;
    iterations++;
    gradientNorm = maxAbs(g);

    const hook = options.onIteration?.(iterations, value);
    if (hook === 'stop') reason = 'stopped';
    else if (hook !== undefined) await hook;

    if (reason !== 'maxIterations') break;
    if (gradientNorm <= options.gradientTolerance) reason = 'gradient';
    else if (ftol > 0 && previous - value <= ftol * Math.max(Math.abs(previous), Math.abs(value), 1)) reason = 'function';
  }
  return { x, value, gradientNorm, iterations, evaluations, reason };
}
