/**
 * One column's histogram over one node's rows: per bin the (bootstrap-weighted) class counts, or the weight and
 * weighted target sum, and the number of distinct rows (minSamplesLeaf counts rows, as scikit-learn does, not
 * weights). A forest draws fresh candidate columns at every node, so a child never reuses its parent's columns
 * and the GBDT's subtraction trick does not apply; instead each candidate column is built, scored and cleared in
 * one small buffer (256 bins × stride) that stays in cache. Only the bins the node actually holds are scanned and
 * cleared: in the deep, small nodes of fully grown trees a few rows spread over a few of 255 bins, and touching
 * all of them would dominate (it did: 60 % of a regression forest's time went to scanning empty bins). So the
 * build also sets one bit per bin it touches in a 256-bit set (one OR per row, no branch), and `listBins` reads
 * the present bins off it in ascending order, 32 at a time with count-leading-zeros: the cost is the rows plus
 * the bins present, never the bins absent.
 *
 * Weights and targets of the node's rows are gathered once per node into contiguous arrays (`gw`, `gy`/`gwy`,
 * indexed from 0) so that each column pass reads them sequentially.
 */

/** Where the last built histogram has rows: its non-missing bins with rows, ascending, and the missing bin's rows. */
export class BinRange {
  /** present[0 .. numPresent): lowest first; lo and hi are the first and last (hi < lo: none). */
  readonly present = new Uint8Array(256);
  numPresent = 0;
  lo = 0;
  hi = -1;
  missing = 0;
  /** Bit b of bits[b >> 5]: bin b was touched (all 0 between builds: listBins clears it). */
  readonly bits = new Int32Array(8);
}

/**
 * Classification: bin b's class-k weight at hist[b * (K + 1) + k], its row count at hist[b * (K + 1) + K].
 * `hist` must be all zero on entry (clearHistogram restores that). rows[begin .. begin + count) are the node's.
 */
export function classHistogram(
  hist: Float64Array,
  K: number,
  binned: Uint8Array,
  base: number,
  missingBin: number,
  rows: Uint32Array,
  begin: number,
  count: number,
  gy: Int32Array,
  gw: Float64Array,
  range: BinRange,
): void {
  const S = K + 1;
  const bits = range.bits;
  for (let j = 0; j < count; j++) {
    const b = binned[base + rows[begin + j]!]!;
    const o = b * S;
    hist[o + gy[j]!] = hist[o + gy[j]!]! + gw[j]!;
    hist[o + K] = hist[o + K]! + 1;
    bits[b >>> 5] = bits[b >>> 5]! | (1 << (b & 31));
  }
  listBins(range, missingBin);
  range.missing = hist[missingBin * S + K]!;
}

/** Regression: bin b's weight at hist[3b], weighted target sum at hist[3b + 1], row count at hist[3b + 2]. */
export function valueHistogram(
  hist: Float64Array,
  binned: Uint8Array,
  base: number,
  missingBin: number,
  rows: Uint32Array,
  begin: number,
  count: number,
  gw: Float64Array,
  gwy: Float64Array,
  range: BinRange,
): void {
  const bits = range.bits;
  for (let j = 0; j < count; j++) {
    const b = binned[base + rows[begin + j]!]!;
    const o = b * 3;
    hist[o] = hist[o]! + gw[j]!;
    hist[o + 1] = hist[o + 1]! + gwy[j]!;
    hist[o + 2] = hist[o + 2]! + 1;
    bits[b >>> 5] = bits[b >>> 5]! | (1 << (b & 31));
  }
  listBins(range, missingBin);
  range.missing = hist[missingBin * 3 + 2]!;
}

/** Reads the touched non-missing bins off the bit set into range.present, ascending, and clears the set. */
function listBins(range: BinRange, missingBin: number): void {
  const { bits, present } = range;
  bits[missingBin >>> 5] = bits[missingBin >>> 5]! & ~(1 << (missingBin & 31));
  let np = 0;
  for (let w = 0; w < 8; w++) {
    let word = bits[w]!;
    if (word === 0) continue;
    bits[w] = 0;
    while (word !== 0) {
      const lowest = word & -word;
      present[np++] = (w << 5) + 31 - Math.clz32(lowest);
      word ^= lowest;
    }
  }
  range.numPresent = np;
  range.lo = np > 0 ? present[0]! : 0;
  range.hi = np > 0 ? present[np - 1]! : -1;
}

/** Zeroes what the last build touched: the present bins and the missing bin (loops: fill() costs more on a few). */
export function clearHistogram(hist: Float64Array, stride: number, range: BinRange, missingBin: number): void {
  const { present, numPresent } = range;
  for (let i = 0; i < numPresent; i++) {
    const o = present[i]! * stride;
    for (let k = 0; k < stride; k++) hist[o + k] = 0;
  }
  const m = missingBin * stride;
  for (let k = 0; k < stride; k++) hist[m + k] = 0;
}

/** Whether the column can separate the node's rows at all: two present non-missing bins, or missing and not. */
export function splittable(range: BinRange): boolean {
  return range.numPresent > 1 || (range.numPresent === 1 && range.missing > 0);
}
