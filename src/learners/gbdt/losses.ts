/**
 * The three objectives boosting follows, each as its prior (base score), gradients and hessians of the loss in
 * the raw score, the loss itself (for early stopping and the reported training loss) and raw score → output.
 *
 * Raw scores are float64 and class-major (class k's n scores at k * n …), because each tree adds to one class.
 * Outputs follow the learner contract: probabilities row-major n × classes (binary too: two columns), or values.
 * `rawToOutputs` is the one transform both training-time validation outputs and predictGbdt use, so the two agree
 * bit for bit.
 *
 * Row weights (null: all 1) scale each row's loss, so its gradient and hessian too (for squared error the
 * hessian becomes the weight, which is why the caller must then pass a hessian array: `constantHessian` only
 * holds unweighted); the prior is the weighted one and the loss the weighted mean Σ w·l / Σ w. The unweighted
 * code paths are kept apart, unchanged, so fits without weights stay bit for bit what they were.
 */
import type { TaskKind } from '../../data/types';

export interface Loss {
  /** Trees per boosting round: one per class for multi-class, else one. */
  readonly outputs: number;
  /** Hessians are all 1 (squared error): histograms then skip them and use the row counts. */
  readonly constantHessian: boolean;
  /** Raw scores before any tree, from the training targets' (weighted) prior. */
  baseScores(targets: Float32Array, weights: Float32Array | null): Float64Array;
  /**
   * Fills grad and hess (class-major, like raw) for n rows, each times the row's weight; hess is left alone when
   * constant and unweighted, and is the weight for a weighted constant-hessian loss.
   */
  gradients(raw: Float64Array, targets: Float32Array, n: number, grad: Float32Array, hess: Float32Array, weights: Float32Array | null): void;
  /** (Weighted) mean loss over n rows: log loss, or squared error. */
  loss(raw: Float64Array, targets: Float32Array, n: number, weights: Float32Array | null): number;
}

/** Below this a probability is treated as this, so an absent class has a finite prior. */
const PROBABILITY_FLOOR = 1e-15;

/** total / count, 0 when nothing counts (no rows, or validation rows that all weigh 0). */
const meanOf = (total: number, count: number): number => (count > 0 ? total / count : 0);

const binaryLogLoss: Loss = {
  outputs: 1,
  constantHessian: false,
  baseScores(targets, weights) {
    let positives = 0;
    let total = targets.length;
    if (weights === null) {
      for (let i = 0; i < targets.length; i++) positives += targets[i]!;
    } else {
      total = 0;
      for (let i = 0; i < targets.length; i++) {
        positives += weights[i]! * targets[i]!;
        total += weights[i]!;
      }
    }
    const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, positives / Math.max(weights === null ? 1 : Number.MIN_VALUE, total)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, targets, n, grad, hess, weights) {
    if (weights === null) {
      for (let i = 0; i < n; i++) {
        const p = 1 / (1 + Math.exp(-raw[i]!));
        grad[i] = p - targets[i]!;
        hess[i] = p * (1 - p);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      const w = weights[i]!;
      grad[i] = w * (p - targets[i]!);
      hess[i] = w * (p * (1 - p));
    }
  },
  loss(raw, targets, n, weights) {
    let total = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const s = raw[i]!;
      // log(1 + e^s) - y s, without overflow for large |s|.
      const l = (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - targets[i]! * s;
      if (weights === null) total += l;
      else {
        total += weights[i]! * l;
        weightSum += weights[i]!;
      }
    }
    return meanOf(total, weights === null ? n : weightSum);
  },
};

function softmaxLoss(k: number): Loss {
  return {
    outputs: k,
    constantHessian: false,
    baseScores(targets, weights) {
      const counts = new Float64Array(k);
      let total = targets.length;
      if (weights === null) {
        for (let i = 0; i < targets.length; i++) counts[targets[i]!]!++;
      } else {
        total = 0;
        for (let i = 0; i < targets.length; i++) {
          counts[targets[i]!] = counts[targets[i]!]! + weights[i]!;
          total += weights[i]!;
        }
      }
      const base = new Float64Array(k);
      for (let c = 0; c < k; c++) base[c] = Math.log(Math.max(PROBABILITY_FLOOR, counts[c]! / Math.max(weights === null ? 1 : Number.MIN_VALUE, total)));
      return base;
    },
    gradients(raw, targets, n, grad, hess, weights) {
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i]! - max);
        const y = targets[i]!;
        for (let c = 0; c < k; c++) {
          const p = Math.exp(raw[c * n + i]! - max) / sum;
          if (weights === null) {
            grad[c * n + i] = p - (c === y ? 1 : 0);
            hess[c * n + i] = p * (1 - p);
          } else {
            grad[c * n + i] = weights[i]! * (p - (c === y ? 1 : 0));
            hess[c * n + i] = weights[i]! * (p * (1 - p));
          }
        }
      }
    },
    loss(raw, targets, n, weights) {
      let total = 0;
      let weightSum = 0;
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i]! - max);
        const l = max + Math.log(sum) - raw[targets[i]! * n + i]!;
        if (weights === null) total += l;
        else {
          total += weights[i]! * l;
          weightSum += weights[i]!;
        }
      }
      return meanOf(total, weights === null ? n : weightSum);
    },
  };
}

const squaredError: Loss = {
  outputs: 1,
  constantHessian: true,
  baseScores(targets, weights) {
    let sum = 0;
    if (weights === null) {
      for (let i = 0; i < targets.length; i++) sum += targets[i]!;
      return Float64Array.of(targets.length > 0 ? sum / targets.length : 0);
    }
    let total = 0;
    for (let i = 0; i < targets.length; i++) {
      sum += weights[i]! * targets[i]!;
      total += weights[i]!;
    }
    return Float64Array.of(meanOf(sum, total));
  },
  gradients(raw, targets, n, grad, hess, weights) {
    if (weights === null) {
      for (let i = 0; i < n; i++) grad[i] = raw[i]! - targets[i]!;
      return;
    }
    // The loss w·(s − y)²/2 has gradient w·(s − y) and hessian w: no longer constant.
    for (let i = 0; i < n; i++) {
      grad[i] = weights[i]! * (raw[i]! - targets[i]!);
      hess[i] = weights[i]!;
    }
  },
  loss(raw, targets, n, weights) {
    let total = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const d = raw[i]! - targets[i]!;
      if (weights === null) total += d * d;
      else {
        total += weights[i]! * d * d;
        weightSum += weights[i]!;
      }
    }
    return meanOf(total, weights === null ? n : weightSum);
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
