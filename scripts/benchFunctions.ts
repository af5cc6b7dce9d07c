/**
 * Test functions for `npm run bench:samplers`, written identically in scripts/optuna_baseline.py so both
 * optimisers see exactly the same problems. All are minimised.
 */
import type { ParamSet, SearchSpace } from '../src/engine/space/types';

export interface BenchFunction {
  readonly name: string;
  readonly space: SearchSpace;
  readonly optimum: number;
  evaluate(params: ParamSet): number;
}

const xs = (params: ParamSet, d: number) => Array.from({ length: d }, (_, i) => params[`x${i}`] as number);
const box = (d: number, low: number, high: number): SearchSpace => ({ params: Array.from({ length: d }, (_, i) => ({ name: `x${i}`, kind: 'float' as const, low, high })) });

const branin: BenchFunction = {
  name: 'Branin (2-D)',
  space: { params: [{ name: 'x0', kind: 'float', low: -5, high: 10 }, { name: 'x1', kind: 'float', low: 0, high: 15 }] },
  optimum: 0.397887,
  evaluate(p) {
    const [x, y] = xs(p, 2) as [number, number];
    return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  },
};

const HA = [1.0, 1.2, 3.0, 3.2];
const HA_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HA_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const hartmann6: BenchFunction = {
  name: 'Hartmann-6',
  space: box(6, 0, 1),
  optimum: -3.32237,
  evaluate(p) {
    const x = xs(p, 6);
    let total = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += HA_A[i]![j]! * (x[j]! - HA_P[i]![j]! * 1e-4) ** 2;
      total -= HA[i]! * Math.exp(-inner);
    }
    return total;
  },
};

/** Styblinski–Tang in 10-D plus deterministic "noise" (σ = 2) that both implementations compute alike. */
const noisyStyblinskiTang: BenchFunction = {
  name: 'Styblinski-Tang 10-D + noise σ=2',
  space: box(10, -5, 5),
  optimum: -391.6617,
  evaluate(p) {
    const x = xs(p, 10);
    const clean = x.reduce((sum, v) => sum + (v ** 4 - 16 * v ** 2 + 5 * v) / 2, 0);
    const phase = x.reduce((sum, v, i) => sum + (i + 1) * v, 0);
    return clean + 2 * Math.sin(12345.678 * phase);
  },
};

export const BENCH_FUNCTIONS: readonly BenchFunction[] = [branin, hartmann6, noisyStyblinskiTang];
