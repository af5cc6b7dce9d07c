/**
 * A weighted average of several models' outputs (probabilities n × k or n values, the format of
 * `Predictions`): what an ensemble predicts. Averaging probabilities keeps every row a distribution, and
 * averaging regression values keeps the target's units, so one formula serves every task.
 */

/** Checks that every candidate has the same number of outputs; returns that number. */
export function commonLength(candidates: readonly Float32Array[]): number {
  if (candidates.length === 0) throw new RangeError('Ensemble: no candidate outputs');
  const length = candidates[0]!.length;
  candidates.forEach((c, i) => {
    if (c.length !== length) throw new RangeError(`Ensemble: candidate ${i} has ${c.length} outputs, candidate 0 has ${length}`);
  });
  return length;
}

/**
 * Σ wᵢ·candidateᵢ / Σ wᵢ, accumulated in float64. Weights must be finite and ≥ 0 with a positive sum; they
 * are normalised here, so counts work as well as fractions. Candidates with weight 0 are skipped.
 */
export function blendPredictions(candidates: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const length = commonLength(candidates);
  if (weights.length !== candidates.length) throw new RangeError(`Ensemble: ${weights.length} weights for ${candidates.length} candidates`);
  let total = 0;
  weights.forEach((w, i) => {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`Ensemble: weight ${i} is ${w}; weights must be finite and ≥ 0`);
    total += w;
  });
  if (!(total > 0)) throw new RangeError('Ensemble: the weights sum to 0');
  const sum = new Float64Array(length);
  candidates.forEach((candidate, m) => {
    const w = weights[m]!;
    if (w === 0) return;
    for (let i = 0; i < length; i++) sum[i] = sum[i]! + w * candidate[i]!;
  });
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = sum[i]! / total;
  return out;
}
