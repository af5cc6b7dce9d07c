/**
 * A fitted linear model as plain data, and prediction from raw feature rows.
 *
 * Coefficients are stored in the raw feature space (the training standardisation folded in), so predicting
 * needs no scaler and an exported model is just weights: w_raw = w / std and b_raw = b − Σ w·mean / std.
 * They are plain number arrays, not typed arrays, so the model survives JSON (study and model exports) as
 * well as structured cloning, at full float64 precision.
 */
import type { TaskKind } from '../../data/types';
import type { Predictions } from '../types';
import type { Standardisation } from './standardise';

export interface LinearParams {
  /**
   * L2 strength. Logistic: minimise Σ logloss + (alpha/2)·‖W‖² (alpha = 1/C of scikit-learn's
   * LogisticRegression); ridge: Σ (y − ŷ)² + alpha·‖w‖² (scikit-learn's Ridge(alpha)). Both apply in
   * standardised feature space and never to the intercepts.
   */
  readonly alpha: number;
  /** L-BFGS iterations at most (logistic only; ridge is solved exactly). */
  readonly maxIterations: number;
  /** Logistic convergence: max |gradient| of the per-row-averaged objective (scikit-learn's `tol`). */
  readonly tolerance: number;
}

/**
 * scikit-learn's default strength (C = 1, Ridge alpha = 1), with a far tighter tolerance and more iterations
 * than its 1e-4 / 100: at 1e-8 the probabilities are within about 2e-6 of the exact minimiser's on the
 * reference cases (1e-6 left up to 1.7e-4), for a few dozen more cheap iterations.
 */
export const LINEAR_DEFAULTS: LinearParams = { alpha: 1, maxIterations: 1000, tolerance: 1e-8 };

export interface LinearModel {
  readonly kind: 'linear';
  readonly task: TaskKind;
  readonly numFeatures: number;
  /** 2 for binary, k for multiclass, 0 for regression. */
  readonly numClasses: number;
  /**
   * Row-major outputs × numFeatures, in raw feature units: one row for regression and binary (the positive
   * class's logit), k rows for multiclass (softmax logits).
   */
  readonly coefficients: readonly number[];
  /** One per coefficient row. Multiclass intercepts are centred to sum to 0 (softmax ignores a shift). */
  readonly intercepts: readonly number[];
}

/** Number of linear outputs (coefficient rows) a task needs. */
export function outputCount(task: TaskKind, numClasses: number): number {
  return task === 'multiclass' ? numClasses : 1;
}

/**
 * Builds the model from weights in standardised space: `weights` is outputs × active (row-major),
 * `bias` one per output.
 */
export function foldStandardisation(
  task: TaskKind,
  numClasses: number,
  numFeatures: number,
  scaling: Standardisation,
  weights: Float64Array,
  bias: Float64Array,
): LinearModel {
  const outputs = bias.length;
  const p = scaling.active.length;
  const coefficients = new Float64Array(outputs * numFeatures);
  const intercepts = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let intercept = bias[o]!;
    for (let j = 0; j < p; j++) {
      const w = weights[o * p + j]! * scaling.inverseStd[j]!;
      coefficients[o * numFeatures + scaling.active[j]!] = w;
      intercept -= w * scaling.mean[j]!;
    }
    intercepts[o] = intercept;
  }
  if (task === 'multiclass' && outputs > 0) {
    const shift = intercepts.reduce((a, b) => a + b, 0) / outputs;
    for (let o = 0; o < outputs; o++) intercepts[o] = intercepts[o]! - shift;
  }
  return {
    kind: 'linear',
    task,
    numFeatures,
    numClasses: task === 'regression' ? 0 : numClasses,
    coefficients: Array.from(coefficients),
    intercepts: Array.from(intercepts),
  };
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** σ(x) = 1 / (1 + e^−x), written so neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Softmax of `logits[0..k)` into `out`, shifting by the maximum first (log-sum-exp) so large logits cannot
 * overflow; returns log Σ exp(logits).
 */
export function softmaxInPlace(logits: Float64Array, out: Float64Array, k: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (logits[c]! > max) max = logits[c]!;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(logits[c]! - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = out[c]! / sum;
  return max + Math.log(sum);
}

/** Predictions for `numRows` raw feature rows in the format of `Predictions`. */
export function predictLinear(model: LinearModel, features: Float32Array, numRows: number): Predictions {
  const p = model.numFeatures;
  if (features.length < numRows * p) {
    throw new Error(`predictLinear: ${numRows} rows of ${p} features need ${numRows * p} values, got ${features.length}`);
  }
  const outputs = model.intercepts.length;
  const logits = new Float64Array(outputs);
  const probabilities = new Float64Array(outputs);
  const width = model.task === 'regression' ? 1 : model.numClasses;
  const result = new Float32Array(numRows * width);
  for (let r = 0; r < numRows; r++) {
    const base = r * p;
    for (let o = 0; o < outputs; o++) {
      let z = model.intercepts[o]!;
      const offset = o * p;
      for (let j = 0; j < p; j++) z += model.coefficients[offset + j]! * features[base + j]!;
      logits[o] = z;
    }
    if (model.task === 'regression') {
      result[r] = logits[0]!;
    } else if (model.task === 'binary') {
      // Both columns from the logit directly, so a confident prediction keeps its small probability exact.
      result[r * 2] = sigmoid(-logits[0]!);
      result[r * 2 + 1] = sigmoid(logits[0]!);
    } else {
      softmaxInPlace(logits, probabilities, outputs);
      for (let c = 0; c < outputs; c++) result[r * width + c] = probabilities[c]!;
    }
  }
  return result;
}

/** Parameter count (coefficients + intercepts) and their bytes as float64 values. */
export function linearSize(model: LinearModel): { parameters: number; bytes: number } {
  const parameters = model.coefficients.length + model.intercepts.length;
  return { parameters, bytes: parameters * Float64Array.BYTES_PER_ELEMENT };
}
