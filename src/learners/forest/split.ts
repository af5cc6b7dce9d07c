/**
 * Scoring one candidate column's histogram (histogram.ts) for one node, for both split finders:
 *
 * - 'best' (random forest): every boundary between two bins present in the node. The boundary between present
 *   bins p < q is stored at the middle bin of p … q − 1, so the raw threshold lands midway (in rank) through the
 *   gap the node left empty, as scikit-learn puts its threshold midway between the two values.
 * - 'random' (extra trees): one boundary drawn by the caller, "bins ≤ drawn go left".
 *
 * Missing values (their own bin) are tried on the right and on the left and the better side becomes the split's
 * default direction, as the GBDT learns it (gbdt/split.ts); "every value left, missing right" is a split too.
 * When the node has no missing values the default goes with the larger child (scikit-learn's choice for rows
 * that never showed a missing value).
 *
 * Scores are the impurity proxies scikit-learn maximises: for Gini, Σ_k L_k²/W_L + Σ_k R_k²/W_R (class weights
 * per side); for squared error, S_L²/W_L + S_R²/W_R (weighted target sums). Maximising them maximises the
 * weighted impurity decrease, and the parent's term is the same for every candidate, so it is never computed.
 * Only the present bins (BinRange.present) are visited.
 */
import type { BinRange } from './histogram';

/** The best split seen so far at a node (reused between nodes: no allocation). column −1: none yet. */
export class SplitChoice {
  score = -Infinity;
  /** Usable-column index (BinMapper order). */
  column = -1;
  /** Non-missing bins 0 … bin go left; missingBin − 1 means every non-missing value left. */
  bin = 0;
  missingLeft = false;

  reset(): void {
    this.score = -Infinity;
    this.column = -1;
  }
}

/** What scoring needs about the node besides the column's histogram. */
export interface NodeStats {
  /** Total weight (bootstrap counts) and distinct rows. */
  weight: number;
  count: number;
  /** Regression: the weighted target sum. */
  sum: number;
  /** Classification: the weight of each class. */
  readonly classWeights: Float64Array;
  readonly minSamplesLeaf: number;
}

function giniProxy(left: Float64Array, totals: Float64Array, K: number, wl: number, w: number): number {
  let sl = 0;
  let sr = 0;
  for (let k = 0; k < K; k++) {
    const l = left[k]!;
    const r = totals[k]! - l;
    sl += l * l;
    sr += r * r;
  }
  return sl / wl + sr / (w - wl);
}

/**
 * Classification. `drawn` < 0: best boundary; else the drawn bin (lo ≤ drawn < hi, or hi when the node has
 * missing values, meaning "non-missing left, missing right"). `left` is scratch of K.
 */
export function scoreClassColumn(
  hist: Float64Array,
  K: number,
  range: BinRange,
  u: number,
  missingBin: number,
  node: NodeStats,
  drawn: number,
  left: Float64Array,
  best: SplitChoice,
): void {
  const S = K + 1;
  const m = missingBin * S;
  const { hi, missing, present, numPresent } = range;
  const { weight, count, classWeights, minSamplesLeaf } = node;
  for (let pass = 0; pass < (missing > 0 ? 2 : 1); pass++) {
    const missingLeft = pass === 1;
    // Missing left needs a non-missing bin on the right.
    if (missingLeft && drawn >= hi) break;
    let wl = 0;
    let cl = 0;
    if (missingLeft) {
      for (let k = 0; k < K; k++) {
        left[k] = hist[m + k]!;
        wl += left[k]!;
      }
      cl = missing;
    } else {
      left.fill(0, 0, K);
    }
    if (drawn >= 0) {
      for (let i = 0; i < numPresent && present[i]! <= drawn; i++) {
        const o = present[i]! * S;
        for (let k = 0; k < K; k++) {
          const v = hist[o + k]!;
          wl += v;
          left[k] = left[k]! + v;
        }
        cl += hist[o + K]!;
      }
      if (cl < minSamplesLeaf || count - cl < minSamplesLeaf) continue;
      const score = giniProxy(left, classWeights, K, wl, weight);
      if (score > best.score) record(best, score, u, drawn >= hi ? missingBin - 1 : drawn, missing > 0 ? missingLeft : cl >= count - cl);
      continue;
    }
    let prev = -1;
    let tooFewRight = false;
    for (let i = 0; i < numPresent; i++) {
      const b = present[i]!;
      const o = b * S;
      if (prev >= 0 && cl >= minSamplesLeaf) {
        // The right side only shrinks from here on.
        if (count - cl < minSamplesLeaf) {
          tooFewRight = true;
          break;
        }
        const score = giniProxy(left, classWeights, K, wl, weight);
        if (score > best.score) record(best, score, u, (prev + b - 1) >> 1, missing > 0 ? missingLeft : cl >= count - cl);
      }
      for (let k = 0; k < K; k++) {
        const v = hist[o + k]!;
        wl += v;
        left[k] = left[k]! + v;
      }
      cl += hist[o + K]!;
      prev = b;
    }
    // Every non-missing value left, the missing ones right.
    if (!missingLeft && missing > 0 && !tooFewRight && cl >= minSamplesLeaf && count - cl >= minSamplesLeaf) {
      const score = giniProxy(left, classWeights, K, wl, weight);
      if (score > best.score) record(best, score, u, missingBin - 1, false);
    }
  }
}

/** Regression, as scoreClassColumn: weight at hist[3b], weighted target sum at 3b + 1, rows at 3b + 2. */
export function scoreValueColumn(hist: Float64Array, range: BinRange, u: number, missingBin: number, node: NodeStats, drawn: number, best: SplitChoice): void {
  const m = missingBin * 3;
  const { hi, missing, present, numPresent } = range;
  const { weight, count, sum, minSamplesLeaf } = node;
  for (let pass = 0; pass < (missing > 0 ? 2 : 1); pass++) {
    const missingLeft = pass === 1;
    if (missingLeft && drawn >= hi) break;
    let wl = missingLeft ? hist[m]! : 0;
    let sl = missingLeft ? hist[m + 1]! : 0;
    let cl = missingLeft ? missing : 0;
    if (drawn >= 0) {
      for (let i = 0; i < numPresent && present[i]! <= drawn; i++) {
        const o = present[i]! * 3;
        wl += hist[o]!;
        sl += hist[o + 1]!;
        cl += hist[o + 2]!;
      }
      if (cl < minSamplesLeaf || count - cl < minSamplesLeaf) continue;
      const sr = sum - sl;
      const score = (sl * sl) / wl + (sr * sr) / (weight - wl);
      if (score > best.score) record(best, score, u, drawn >= hi ? missingBin - 1 : drawn, missing > 0 ? missingLeft : cl >= count - cl);
      continue;
    }
    let prev = -1;
    let tooFewRight = false;
    for (let i = 0; i < numPresent; i++) {
      const b = present[i]!;
      const o = b * 3;
      if (prev >= 0 && cl >= minSamplesLeaf) {
        if (count - cl < minSamplesLeaf) {
          tooFewRight = true;
          break;
        }
        const sr = sum - sl;
        const score = (sl * sl) / wl + (sr * sr) / (weight - wl);
        if (score > best.score) record(best, score, u, (prev + b - 1) >> 1, missing > 0 ? missingLeft : cl >= count - cl);
      }
      wl += hist[o]!;
      sl += hist[o + 1]!;
      cl += hist[o + 2]!;
      prev = b;
    }
    if (!missingLeft && missing > 0 && !tooFewRight && cl >= minSamplesLeaf && count - cl >= minSamplesLeaf) {
      const sr = sum - sl;
      const score = (sl * sl) / wl + (sr * sr) / (weight - wl);
      if (score > best.score) record(best, score, u, missingBin - 1, false);
    }
  }
}

function record(best: SplitChoice, score: number, u: number, bin: number, missingLeft: boolean): void {
  best.score = score;
  best.column = u;
  best.bin = bin;
  best.missingLeft = missingLeft;
}
