/**
 * Binning: each usable column's values become at most `maxBins` ordered bins (plus one for missing values),
 * fitted on training rows only, and the training rows become a compact column-major Uint8 matrix of bin
 * indices. Trees then search splits over ≤ 256 histogram bins instead of sorted values, which is what makes
 * histogram boosting fast; column-major because a histogram is built one column at a time over a leaf's rows.
 *
 * Bin b of a column holds the values x with edge[b-1] < x ≤ edge[b] (edges ascending); the last non-missing bin
 * is unbounded above and NaN goes to its own bin after it. Edges are float32 numbers, like the features, so a
 * split "bin ≤ b" is exactly "x ≤ edge[b]" on raw rows and the model needs no bins to predict.
 */
import type { Rng } from '../types';

/** At most this many training rows are sorted to place the edges (scikit-learn samples 200,000 too). */
export const BINNING_SAMPLE = 200_000;

export interface BinMapper {
  /** Original column index of each usable column; constant columns (one value, or all missing) are left out. */
  readonly columns: Int32Array;
  /** Usable column u's edges are edges[edgeStarts[u] .. edgeStarts[u + 1]). */
  readonly edgeStarts: Int32Array;
  readonly edges: Float32Array;
  /** Non-missing bins of usable column u (its edge count + 1); the missing bin's index is this number. */
  readonly nonMissingBins: Int32Array;
  /** Where usable column u's bins start in a histogram (missing bin included), and all bins together. */
  readonly histOffsets: Int32Array;
  readonly totalBins: number;
}

/**
 * Edges between runs of sorted distinct values, about equally many rows per bin: walk the distinct values and
 * close a bin once it holds its share of the rows still to place, so a value repeated in many rows keeps a bin
 * of its own and the remaining bins spread over the rest (LightGBM's greedy idea). Every distinct value gets a
 * bin when there are few enough.
 */
function edgesOf(sorted: Float32Array, count: number, maxBins: number, counts: Uint32Array, out: number[]): void {
  // Distinct values compacted in place at the front of `sorted`, their counts in `counts`.
  const values = sorted;
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const v = sorted[i]!;
    if (distinct > 0 && values[distinct - 1] === v) counts[distinct - 1]!++;
    else {
      values[distinct] = v;
      counts[distinct++] = 1;
    }
  }
  if (distinct <= 1) return;
  if (distinct <= maxBins) {
    for (let j = 0; j + 1 < distinct; j++) out.push(edgeBetween(values[j]!, values[j + 1]!));
    return;
  }
  let binsLeft = maxBins;
  let rowsLeft = count;
  let inBin = 0;
  for (let j = 0; j + 1 < distinct && binsLeft > 1; j++) {
    inBin += counts[j]!;
    // Close the bin at its share, or when every remaining distinct value needs a bin of its own anyway.
    if (inBin >= rowsLeft / binsLeft || distinct - 1 - j < binsLeft) {
      out.push(edgeBetween(values[j]!, values[j + 1]!));
      rowsLeft -= inBin;
      inBin = 0;
      binsLeft--;
    }
  }
}

/**
 * A float32 edge between float32 values a < b with a ≤ edge < b: the midpoint when float32 can hold one strictly
 * below b (unseen values in the gap then go to the nearer side), else a itself.
 */
function edgeBetween(a: number, b: number): number {
  const mid = Math.fround(a / 2 + b / 2);
  return mid >= b || !(mid >= a) ? a : mid;
}

/**
 * Fits the bins of every column on the training rows (a seeded sample of at most BINNING_SAMPLE of them).
 * `rows` are indices into the row-major `features`.
 */
export function fitBins(features: Float32Array, numFeatures: number, rows: Uint32Array, maxBins: number, rng: Rng): BinMapper {
  let sample = rows;
  if (rows.length > BINNING_SAMPLE) {
    // Selection sampling: exactly BINNING_SAMPLE rows, in order, one draw per row.
    sample = new Uint32Array(BINNING_SAMPLE);
    let needed = BINNING_SAMPLE;
    let taken = 0;
    for (let i = 0; i < rows.length && needed > 0; i++) {
      if (rng.next() * (rows.length - i) < needed) {
        sample[taken++] = rows[i]!;
        needed--;
      }
    }
  }
  const columnValues = new Float32Array(sample.length);
  const sortKeys = new Uint32Array(columnValues.buffer);
  const sortScratch = new Uint32Array(sample.length);
  const usable: number[] = [];
  const starts: number[] = [0];
  const allEdges: number[] = [];
  for (let f = 0; f < numFeatures; f++) {
    let count = 0;
    let missing = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = features[sample[i]! * numFeatures + f]!;
      if (v !== v) missing++;
      else columnValues[count++] = v;
    }
    const sorted = sortFloats(columnValues, count, sortKeys, sortScratch);
    const before = allEdges.length;
    edgesOf(sorted, count, maxBins, sortScratch, allEdges);
    const nonConstant = allEdges.length > before || (count > 0 && missing > 0);
    if (!nonConstant) continue;
    usable.push(f);
    starts.push(allEdges.length);
  }
  const columns = Int32Array.from(usable);
  const edgeStarts = Int32Array.from(starts);
  const nonMissingBins = new Int32Array(columns.length);
  const histOffsets = new Int32Array(columns.length + 1);
  for (let u = 0; u < columns.length; u++) {
    nonMissingBins[u] = edgeStarts[u + 1]! - edgeStarts[u]! + 1;
    histOffsets[u + 1] = histOffsets[u]! + nonMissingBins[u]! + 1;
  }
  return { columns, edgeStarts, edges: Float32Array.from(allEdges), nonMissingBins, histOffsets, totalBins: histOffsets[columns.length]! };
}

/**
 * values[0 .. count) sorted ascending in place (no NaN among them), by an LSD radix sort of their float32 bits
 * turned into order-preserving unsigned keys: three 11-bit passes, about 10× faster than TypedArray sort, which
 * dominated fitting the bins. −0 is read as +0 so the two never take separate bins.
 */
function sortFloats(values: Float32Array, count: number, keys: Uint32Array, scratch: Uint32Array): Float32Array {
  for (let i = 0; i < count; i++) {
    const bits = keys[i]! === 0x80000000 ? 0 : keys[i]!;
    // Negative floats: flip every bit (larger magnitude sorts first); positive: set the sign bit.
    keys[i] = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
  }
  const counts = new Uint32Array(2048);
  let from = keys;
  let to = scratch;
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(from[i]! >>> shift) & 2047]!++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const key = from[i]!;
      const d = (key >>> shift) & 2047;
      to[counts[d]!] = key;
      counts[d]!++;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  // Three passes leave the result in scratch; copy it back and undo the key transform.
  for (let i = 0; i < count; i++) {
    const key = from[i]!;
    keys[i] = key & 0x80000000 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0;
  }
  return values.subarray(0, count);
}

/** The bin of value v in usable column u: the first edge ≥ v, the last non-missing bin above all edges, NaN its own. */
export function binOf(mapper: BinMapper, u: number, v: number): number {
  const start = mapper.edgeStarts[u]!;
  const end = mapper.edgeStarts[u + 1]!;
  if (v !== v) return end - start + 1;
  let lo = start;
  let hi = end;
  const edges = mapper.edges;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo - start;
}

/**
 * The training rows as bins, column-major: entry (u, i) at u * rows.length + i is row rows[i]'s bin in usable
 * column u. Rows are read in order (the input is row-major); each value takes a search of fixed length over its
 * column's edges padded to a power of two with +∞ (no early exit, so every value takes the same few steps).
 */
export function binRows(mapper: BinMapper, features: Float32Array, numFeatures: number, rows: Uint32Array): Uint8Array {
  const n = rows.length;
  const numColumns = mapper.columns.length;
  const binned = new Uint8Array(numColumns * n);
  const padded = new Float32Array(numColumns * 256).fill(Infinity);
  const tops = new Int32Array(numColumns);
  for (let u = 0; u < numColumns; u++) {
    const start = mapper.edgeStarts[u]!;
    const numEdges = mapper.edgeStarts[u + 1]! - start;
    padded.set(mapper.edges.subarray(start, start + numEdges), u * 256);
    let top = 1;
    while (top <= numEdges) top *= 2;
    tops[u] = top;
  }
  const { columns, nonMissingBins } = mapper;
  for (let i = 0; i < n; i++) {
    const rowStart = rows[i]! * numFeatures;
    for (let u = 0; u < numColumns; u++) {
      const v = features[rowStart + columns[u]!]!;
      // lo ends as the number of edges below v: the first edge ≥ v.
      const base = u * 256 - 1;
      let lo = 0;
      for (let step = tops[u]! >>> 1; step > 0; step >>>= 1) if (padded[base + lo + step]! < v) lo += step;
      binned[u * n + i] = v !== v ? nonMissingBins[u]! : lo;
    }
  }
  return binned;
}
