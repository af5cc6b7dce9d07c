/**
 * Standard scaling fitted on training rows only, then applied to any rows: the model never sees statistics
 * of its validation or test data.
 */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

export function fitStandardizer(features: Float32Array, numFeatures: number, rows: readonly number[]): Standardizer {
  const mean = new Float64Array(numFeatures);
  const std = new Float64Array(numFeatures);
  for (const r of rows) {
    const offset = r * numFeatures;
    for (let f = 0; f < numFeatures; f++) mean[f]! += features[offset + f]!;
  }
  for (let f = 0; f < numFeatures; f++) mean[f]! /= Math.max(1, rows.length);
  for (const r of rows) {
    const offset = r * numFeatures;
    for (let f = 0; f < numFeatures; f++) std[f]! += (features[offset + f]! - mean[f]!) ** 2;
  }
  for (let f = 0; f < numFeatures; f++) {
    const s = Math.sqrt(std[f]! / Math.max(1, rows.length));
    // A constant column carries no information; dividing by 1 leaves it at zero instead of NaN.
    std[f] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** Gathers `rows` into a new dense matrix, scaled. */
export function applyStandardizer(
  scaler: Standardizer,
  features: Float32Array,
  numFeatures: number,
  rows: readonly number[],
): Float32Array {
  const out = new Float32Array(rows.length * numFeatures);
  rows.forEach((r, i) => {
    const src = r * numFeatures;
    const dst = i * numFeatures;
    for (let f = 0; f < numFeatures; f++) out[dst + f] = (features[src + f]! - scaler.mean[f]!) / scaler.std[f]!;
  });
  return out;
}

/** Mean and standard deviation of a set of values (e.g. regression targets), for scaling them. */
export function fitScalar(values: Float32Array, rows: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const r of rows) sum += values[r]!;
  const mean = sum / Math.max(1, rows.length);
  let sq = 0;
  for (const r of rows) sq += (values[r]! - mean) ** 2;
  const std = Math.sqrt(sq / Math.max(1, rows.length));
  return { mean, std: std > 1e-12 ? std : 1 };
}
