import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { buildHistogram, subtractHistogram } from './histogram';
import { findBestSplit, SplitCandidate } from './split';

/** One column with 4 non-missing bins and a missing bin: histogram of (g, h, count) per bin. */
function histogramOf(bins: [number, number, number][]): Float64Array {
  return Float64Array.from(bins.flat());
}

const layout = { histOffsets: Int32Array.of(0, 5), nonMissingBins: Int32Array.of(4), columns: Int32Array.of(0) };
const limits = { minSamplesLeaf: 1, minHessian: 1e-3, l2: 0 };

function best(hist: Float64Array, l = limits): SplitCandidate {
  let g = 0;
  let h = 0;
  let c = 0;
  for (let b = 0; b < 5; b++) [g, h, c] = [g + hist[3 * b]!, h + hist[3 * b + 1]!, c + hist[3 * b + 2]!];
  const out = new SplitCandidate();
  findBestSplit(hist, layout.histOffsets, layout.nonMissingBins, layout.columns, 1, false, g, h, c, l, out);
  return out;
}

describe('findBestSplit', () => {
  it('splits where the gradient changes sign, with the gain G_L²/H_L + G_R²/H_R − G²/H', () => {
    const hist = histogramOf([[-5, 5, 5], [-5, 5, 5], [5, 5, 5], [5, 5, 5], [0, 0, 0]]);
    const split = best(hist);
    expect([split.column, split.bin, split.leftCount]).toEqual([0, 1, 10]);
    expect(split.gain).toBeCloseTo(100 / 10 + 100 / 10 - 0, 10);
  });

  it('sends missing values to the side they resemble', () => {
    // Missing rows have negative gradients like bins 0-1: they should go left.
    const left = best(histogramOf([[-5, 5, 5], [-5, 5, 5], [5, 5, 5], [5, 5, 5], [-6, 6, 6]]));
    expect([left.bin, left.missingLeft, left.leftCount]).toEqual([1, true, 16]);
    const right = best(histogramOf([[-5, 5, 5], [-5, 5, 5], [5, 5, 5], [5, 5, 5], [6, 6, 6]]));
    expect([right.bin, right.missingLeft, right.leftCount]).toEqual([1, false, 10]);
  });

  it('may split every value from the missing ones', () => {
    const split = best(histogramOf([[-1, 5, 5], [-1, 5, 5], [-1, 5, 5], [-1, 5, 5], [20, 5, 5]]));
    expect([split.bin, split.missingLeft, split.leftCount]).toEqual([3, false, 20]);
  });

  it('respects minSamplesLeaf and finds nothing in a pure leaf', () => {
    const hist = histogramOf([[-5, 2, 2], [-5, 3, 3], [5, 5, 5], [5, 10, 10], [0, 0, 0]]);
    expect([best(hist).bin, best(hist).leftCount]).toEqual([1, 5]);
    // With at least 6 rows a side only bin 2 (10 | 10) qualifies.
    expect([best(hist, { ...limits, minSamplesLeaf: 6 }).bin, best(hist, { ...limits, minSamplesLeaf: 6 }).leftCount]).toEqual([2, 10]);
    expect(best(hist, { ...limits, minSamplesLeaf: 11 }).column).toBe(-1);
    const none = best(histogramOf([[1, 1, 5], [1, 1, 5], [1, 1, 5], [1, 1, 5], [0, 0, 0]]));
    expect([none.column, none.gain]).toEqual([-1, 0]);
  });
});

describe('histograms', () => {
  it('sums rows per bin, and parent − child is the sibling', () => {
    // Two columns, 6 rows; column 0 has 3 bins (+ missing), column 1 two (+ missing).
    const binned = Uint8Array.of(0, 1, 2, 3, 0, 1, /* column 1 */ 1, 1, 0, 2, 0, 1);
    const histOffsets = Int32Array.of(0, 4, 7);
    const grad = Float32Array.of(1, 2, 3, 4, 5, 6);
    const hess = Float32Array.of(0.5, 0.5, 0.5, 0.5, 0.5, 1);
    const columns = Int32Array.of(0, 1);
    const scratch = () => new Float32Array(6);
    const parent = new Float64Array(21);
    buildHistogram(parent, { binned, numRows: 6, histOffsets }, columns, 2, null, 0, 6, grad, hess, scratch(), scratch());
    // column 0: bin0 rows 0,4; bin1 rows 1,5; bin2 row 2; missing row 3
    expect(Array.from(parent.subarray(0, 12))).toEqual([6, 1, 2, 8, 1.5, 2, 3, 0.5, 1, 4, 0.5, 1]);
    expect(Array.from(parent.subarray(12))).toEqual([8, 1, 2, 9, 2, 3, 4, 0.5, 1]);
    const child = new Float64Array(21);
    buildHistogram(child, { binned, numRows: 6, histOffsets }, columns, 2, Uint32Array.of(1, 4), 0, 2, grad, hess, scratch(), scratch());
    const sibling = new Float64Array(21);
    buildHistogram(sibling, { binned, numRows: 6, histOffsets }, columns, 2, Uint32Array.of(0, 2, 3, 5), 0, 4, grad, hess, scratch(), scratch());
    subtractHistogram(parent, child, histOffsets, columns, 2);
    expect(parent).toEqual(sibling);
    // Constant hessian: counts only.
    const counts = new Float64Array(21);
    buildHistogram(counts, { binned, numRows: 6, histOffsets }, Int32Array.of(1), 1, Uint32Array.of(0, 1, 2), 0, 3, grad, null, scratch(), scratch());
    expect(Array.from(counts.subarray(12))).toEqual([3, 0, 1, 3, 0, 2, 0, 0, 0]);
  });

  it('matches a plain per-row sum for any number of columns (4, 2 and 1 per pass) and row subsets', () => {
    const rng = createRng(8);
    const n = 500;
    const numColumns = 7;
    const binsPer = [3, 200, 17, 2, 255, 9, 40];
    const histOffsets = Int32Array.from([0, ...binsPer.map((_, u) => binsPer.slice(0, u + 1).reduce((a, b) => a + b + 1, 0))]);
    const binned = new Uint8Array(numColumns * n);
    for (let u = 0; u < numColumns; u++) for (let i = 0; i < n; i++) binned[u * n + i] = rng.int(0, binsPer[u]!); // the last is the missing bin
    const grad = Float32Array.from({ length: n }, () => rng.next() - 0.5);
    const hess = Float32Array.from({ length: n }, () => rng.next());
    const total = histOffsets[numColumns]! * 3;
    for (const [columns, rows, withHess] of [
      [Int32Array.of(0, 1, 2, 3, 4, 5, 6), null, true],
      [Int32Array.of(0, 2, 3, 5, 6), Uint32Array.from({ length: 200 }, (_, i) => i * 2 + 1), true],
      [Int32Array.of(1, 4, 6), Uint32Array.from({ length: 300 }, (_, i) => i + 100), false],
    ] as [Int32Array, Uint32Array | null, boolean][]) {
      const hist = new Float64Array(total).fill(-1);
      const list = rows ?? Uint32Array.from({ length: n }, (_, i) => i);
      buildHistogram(hist, { binned, numRows: n, histOffsets }, columns, columns.length, rows, 0, list.length, grad, withHess ? hess : null, new Float32Array(n), new Float32Array(n));
      const expected = new Float64Array(total).fill(-1);
      for (const u of columns) {
        expected.fill(0, histOffsets[u]! * 3, histOffsets[u + 1]! * 3);
        for (const row of list) {
          const b = (histOffsets[u]! + binned[u * n + row]!) * 3;
          expected[b] = expected[b]! + grad[row]!;
          if (withHess) expected[b + 1] = expected[b + 1]! + hess[row]!;
          expected[b + 2] = expected[b + 2]! + 1;
        }
      }
      expect(hist).toEqual(expected);
    }
  });
});
