/**
 * The best split of one leaf, from its histogram: for each column, a left-to-right scan of cumulative sums over
 * the non-missing bins, scoring G_L²/(H_L+λ) + G_R²/(H_R+λ). Missing values (their own bin) are tried on the
 * right and on the left, and the better side becomes the split's default direction, as LightGBM learns it; a
 * split may also be "every value left, missing right". When the leaf has no missing values the default goes
 * with the larger child (what scikit-learn does for rows that never showed a missing value).
 */

export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l2: number;
}

/** The best split found (reused between calls: no allocation per leaf). gain ≤ 0 means none. */
export class SplitCandidate {
  gain = 0;
  /** Usable-column index (BinMapper order). */
  column = -1;
  /** Non-missing bins 0 … bin go left. */
  bin = 0;
  missingLeft = false;
  leftG = 0;
  leftH = 0;
  leftCount = 0;
}

/**
 * Writes the leaf's best split into `best` (gain − the leaf's own score; 0 and column −1 when nothing beats it).
 * With a constant hessian (all 1) the histograms hold no hessian sums and counts stand in for them.
 */
export function findBestSplit(
  hist: Float64Array,
  histOffsets: Int32Array,
  nonMissingBins: Int32Array,
  columns: Int32Array,
  numColumns: number,
  constantHessian: boolean,
  sumG: number,
  sumH: number,
  sumCount: number,
  limits: SplitConstraints,
  best: SplitCandidate,
): void {
  const { minSamplesLeaf, minHessian, l2 } = limits;
  const parentScore = (sumG * sumG) / (sumH + l2);
  // A split must beat the leaf by more than rounding noise.
  let bestScore = parentScore + 1e-10 * (Math.abs(parentScore) + 1);
  best.gain = 0;
  best.column = -1;
  const hOff = constantHessian ? 2 : 1;
  for (let c = 0; c < numColumns; c++) {
    const u = columns[c]!;
    const o = histOffsets[u]! * 3;
    const bins = nonMissingBins[u]!;
    const m = o + bins * 3;
    const missingG = hist[m]!;
    const missingH = hist[m + hOff]!;
    const missingCount = hist[m + 2]!;
    // Pass 0: missing values go right; pass 1 (only if there are some): they go left.
    for (let pass = 0; pass < (missingCount > 0 ? 2 : 1); pass++) {
      let gl = pass === 0 ? 0 : missingG;
      let hl = pass === 0 ? 0 : missingH;
      let cl = pass === 0 ? 0 : missingCount;
      // Missing right may put every non-missing bin left; missing left must leave one non-missing bin right.
      const lastBin = pass === 0 && missingCount > 0 ? bins - 1 : bins - 2;
      for (let b = 0; b <= lastBin; b++) {
        const i = o + b * 3;
        gl += hist[i]!;
        hl += hist[i + hOff]!;
        cl += hist[i + 2]!;
        if (cl < minSamplesLeaf || hl < minHessian) continue;
        const cr = sumCount - cl;
        const hr = sumH - hl;
        if (cr < minSamplesLeaf || hr < minHessian) break;
        const gr = sumG - gl;
        const score = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2);
        if (score > bestScore) {
          bestScore = score;
          best.column = u;
          best.bin = b;
          best.missingLeft = missingCount > 0 ? pass === 1 : cl >= cr;
          best.leftG = gl;
          best.leftH = hl;
          best.leftCount = cl;
        }
      }
    }
  }
  if (best.column >= 0) best.gain = bestScore - parentScore;
}
