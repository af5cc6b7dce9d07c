/**
 * Standardisation of the training rows, kept implicit: the solvers read z = (x − mean) / std straight from the
 * raw Float32 feature matrix one row at a time instead of materialising an n × p float64 copy (a 500,000-row
 * table would need gigabytes). Reading the same float32 values scikit-learn's reference reads, in float64,
 * keeps the two within rounding of each other.
 *
 * Means and standard deviations follow StandardScaler (population variance, two passes for accuracy).
 * Columns that are constant on the training rows are left out of the solve entirely: their standardised
 * values are all zero, so any L2-penalised solution gives them weight 0 anyway.
 *
 * With row weights the means and variances are weighted (StandardScaler's sample_weight), so a row of weight 2
 * is exactly a row written twice everywhere in the fit, the penalty's scale included. Without weights the
 * unweighted code below runs unchanged.
 */
import type { LearnerData } from '../types';

export interface Standardisation {
  /** Indices of the non-constant feature columns, in order; the solvers' parameters follow this order. */
  readonly active: Int32Array;
  /** Mean and 1 / std per active column. */
  readonly mean: Float64Array;
  readonly inverseStd: Float64Array;
}

/**
 * A column counts as constant when its spread is below rounding of its magnitude: float32 inputs carry about
 * 7 digits, so a std under 1e-10 of the mean's size (or exactly 0) is noise, not signal.
 */
function isConstant(std: number, mean: number): boolean {
  return !(std > 1e-10 * Math.max(Math.abs(mean), Number.MIN_VALUE)) || !Number.isFinite(std);
}

export function fitStandardisation(data: LearnerData, rows: readonly number[], weights: Float32Array | null = null): Standardisation {
  if (weights !== null) return fitWeighted(data, rows, weights);
  const p = data.numFeatures;
  const n = rows.length;
  const features = data.features;
  const sum = new Float64Array(p);
  for (const row of rows) {
    const base = row * p;
    for (let j = 0; j < p; j++) sum[j] = sum[j]! + features[base + j]!;
  }
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(sum[j]!)) throw new RangeError(`fitLinear: feature column ${j} has a missing or non-finite value in the training rows`);
  }
  const mean = sum.map((s) => s / n);
  const squares = new Float64Array(p);
  for (const row of rows) {
    const base = row * p;
    for (let j = 0; j < p; j++) {
      const d = features[base + j]! - mean[j]!;
      squares[j] = squares[j]! + d * d;
    }
  }
  const active: number[] = [];
  for (let j = 0; j < p; j++) {
    const std = Math.sqrt(squares[j]! / n);
    if (!isConstant(std, mean[j]!)) active.push(j);
  }
  return {
    active: Int32Array.from(active),
    mean: Float64Array.from(active, (j) => mean[j]!),
    inverseStd: Float64Array.from(active, (j) => 1 / Math.sqrt(squares[j]! / n)),
  };
}

/** Writes the standardised active features of `row` into `out` (length = active columns). */
export function standardisedRow(data: LearnerData, scaling: Standardisation, row: number, out: Float64Array): void {
  const { active, mean, inverseStd } = scaling;
  const features = data.features;
  const base = row * data.numFeatures;
  for (let j = 0; j < active.length; j++) out[j] = (features[base + active[j]!]! - mean[j]!) * inverseStd[j]!;
}

/** fitStandardisation with weighted means and (population) variances: Σw·x / Σw and Σw·(x − mean)² / Σw. */
function fitWeighted(data: LearnerData, rows: readonly number[], weights: Float32Array): Standardisation {
  const p = data.numFeatures;
  const features = data.features;
  const plain = new Float64Array(p);
  const sum = new Float64Array(p);
  let total = 0;
  for (const row of rows) {
    const base = row * p;
    const w = weights[row]!;
    total += w;
    for (let j = 0; j < p; j++) {
      const x = features[base + j]!;
      plain[j] = plain[j]! + x;
      sum[j] = sum[j]! + w * x;
    }
  }
  // Every training row's values must be finite, whatever its weight (a NaN times 0 is still NaN).
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(plain[j]!)) throw new RangeError(`fitLinear: feature column ${j} has a missing or non-finite value in the training rows`);
  }
  const mean = sum.map((s) => s / total);
  const squares = new Float64Array(p);
  for (const row of rows) {
    const base = row * p;
    const w = weights[row]!;
    for (let j = 0; j < p; j++) {
      const d = features[base + j]! - mean[j]!;
      squares[j] = squares[j]! + w * d * d;
    }
  }
  const active: number[] = [];
  for (let j = 0; j < p; j++) {
    const std = Math.sqrt(squares[j]! / total);
    if (!isConstant(std, mean[j]!)) active.push(j);
  }
  return {
    active: Int32Array.from(active),
    mean: Float64Array.from(active, (j) => mean[j]!),
    inverseStd: Float64Array.from(active, (j) => 1 / Math.sqrt(squares[j]! / total)),
  };
}
