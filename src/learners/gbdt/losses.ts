/**
 * The three objectives boosting follows, each as its prior (base score), gradients and hessians of the loss in
 * the raw score, the loss itself (for early stopping and the reported training loss) and raw score → output.
 *
 * Raw scores are float64 and class-major (class k's n scores at k * n …), because each tree adds to one class.
 * Outputs follow the learner contract: probabilities row-major n × classes (binary too: two columns), or values.
 * `rawToOutputs` is the one transform both training-time validation outputs and predictGbdt use, so the two agree
 * bit for bit.
 */
import type { TaskKind } from '../../data/types';

export interface Loss {
  /** Trees per boosting round: one per class for multi-class, else one. */
  readonly outputs: number;
  /** Hessians are all 1 (squared error): histograms then skip them and use the row counts. */
  readonly constantHessian: boolean;
  /** Raw scores before any tree, from the training targets' prior. */
  baseScores(targets: Float32Array): Float64Array;
  /** Fills grad and hess (class-major, like raw) for n rows; hess is left alone when constant. */
  gradients(raw: Float64Array, targets: Float32Array, n: number, grad: Float32Array, hess: Float32Array): void;
  /** Mean loss over n rows: log loss, or squared error. */
  loss(raw: Float64Array, targets: Float32Array, n: number): number;
}

/** Below this a probability is treated as this, so an absent class has a finite prior. */
const PROBABILITY_FLOOR = 1e-15;

const binaryLogLoss: Loss = {
  outputs: 1,
  constantHessian: false,
  baseScores(targets) {
    let positives = 0;
    for (let i = 0; i < targets.length; i++) positives += targets[i]!;
    const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, positives / Math.max(1, targets.length)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, targets, n, grad, hess) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      grad[i] = p - targets[i]!;
      hess[i] = p * (1 - p);
    }
  },
  loss(raw, targets, n) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = raw[i]!;
      // log(1 + e^s) - y s, without overflow for large |s|.
      total += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - targets[i]! * s;
    }
    return n > 0 ? total / n : 0;
  },
};

function softmaxLoss(k: number): Loss {
  return {
    outputs: k,
    constantHessian: false,
    baseScores(targets) {
      const counts = new Float64Array(k);
      for (let i = 0; i < targets.length; i++) counts[targets[i]!]!++;
      const base = new Float64Array(k);
      for (let c = 0; c < k; c++) base[c] = Math.log(Math.max(PROBABILITY_FLOOR, counts[c]! / Math.max(1, targets.length)));
      return base;
    },
    gradients(raw, targets, n, grad, hess) {
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i]! - max);
        const y = targets[i]!;
        for (let c = 0; c < k; c++) {
          const p = Math.exp(raw[c * n + i]! - max) / sum;
          grad[c * n + i] = p - (c === y ? 1 : 0);
          hess[c * n + i] = p * (1 - p);
        }
      }
    },
    loss(raw, targets, n) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i]! - max);
        total += max + Math.log(sum) - raw[targets[i]! * n + i]!;
      }
      return n > 0 ? total / n : 0;
    },
  };
}

const squaredError: Loss = {
  outputs: 1,
  constantHessian: true,
  baseScores(targets) {
    let sum = 0;
    for (let i = 0; i < targets.length; i++) sum += targets[i]!;
    return Float64Array.of(targets.length > 0 ? sum / targets.length : 0);
  },
  gradients(raw, targets, n, grad) {
    for (let i = 0; i < n; i++) grad[i] = raw[i]! - targets[i]!;
  },
  loss(raw, targets, n) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = raw[i]! - targets[i]!;
      total += d * d;
    }
    return n > 0 ? total / n : 0;
  },
};

export function lossFor(task: TaskKind, numClasses: number): Loss {
  if (task === 'regression') return squaredError;
  if (task === 'binary') return binaryLogLoss;
  return softmaxLoss(numClasses);
}

/** Width of a task's outputs per row: classes for classification (2 for binary), 1 for regression. */
export const outputWidth = (task: TaskKind, numClasses: number): number => (task === 'regression' ? 1 : task === 'binary' ? 2 : numClasses);

/** Raw scores (class-major, n rows) → the contract's outputs (row-major probabilities, or values). */
export function rawToOutputs(task: TaskKind, numClasses: number, raw: Float64Array, n: number, out: Float32Array): Float32Array {
  if (task === 'regression') {
    for (let i = 0; i < n; i++) out[i] = raw[i]!;
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
  } else {
    const k = numClasses;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i]! - max);
      for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(raw[c * n + i]! - max) / sum;
    }
  }
  return out;
}
