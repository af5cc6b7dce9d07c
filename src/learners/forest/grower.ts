/**
 * Grows one decision tree of a forest on binned training rows, depth-first with an explicit stack (no recursion:
 * fully grown trees on sorted data can be thousands of levels deep). A node becomes a leaf when it is pure, at
 * maxDepth, when it has fewer than 2 × minSamplesLeaf rows, or when no candidate column can split it.
 *
 * At each node, as scikit-learn: candidate columns are drawn without replacement (a partial Fisher–Yates shuffle
 * of a pool kept between nodes) until `columnsPerNode` have been tried, going on past that while every column
 * tried was constant in the node; each one's histogram is built over the node's rows only, scored ('best' or one
 * 'random' boundary) and cleared. The best candidate wins; ties keep the first drawn.
 *
 * Rows live in one index array partitioned in place, each node owning a contiguous range; a split reorders its
 * range stably (left then right) so histogram passes read the binned matrix forwards. Bootstrap is integer row
 * weights (scikit-learn's implementation): only rows drawn at least once are in the array, each weighing its
 * draw count in class counts and sums, and counting once for minSamplesLeaf. Row (class) weights multiply those
 * counts, as scikit-learn's class_weight does, so the weights are float64 (whole numbers without them).
 *
 * One grower serves every tree of a fit: all buffers are sized once for the training rows and reused, so growing
 * allocates nothing per node or per tree.
 */
import type { BinMapper } from '../gbdt/binning';
import type { Rng } from '../types';
import { BinRange, classHistogram, clearHistogram, splittable, valueHistogram } from './histogram';
import type { ForestStore } from './model';
import { scoreClassColumn, scoreValueColumn, SplitChoice, type NodeStats } from './split';

export interface GrowerConfig {
  readonly splitter: 'best' | 'random';
  readonly columnsPerNode: number;
  readonly minSamplesLeaf: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
}

/** Training targets: class indices (classes > 0) or values. */
export interface GrowerTargets {
  readonly classes: number;
  readonly classOf: Int32Array;
  readonly value: Float64Array;
}

/** Bytes a grower allocates for n training rows, `width` outputs per leaf (for the fit's size check). */
export function growerBytes(n: number, width: number, classes: number): number {
  // rows, scratch, weights (float64), gathered weights/targets, stack, nodes (2n × 13), leaves (ranges and outputs), histogram.
  return n * (4 + 4 + 8 + 8 + 8 + 16) + 2 * n * 13 + n * (8 + 4 * width) + 256 * (classes + 3) * 8;
}

export class TreeGrower {
  /** The tree's rows (indices into the training rows), ascending; the caller writes rows[0 .. count) before `grow`. */
  readonly rows: Uint32Array;
  /**
   * Weight of every training row: its bootstrap count (1 without bootstrap) times its row weight, if any; the
   * caller writes them, and lists only rows of positive weight in `rows`.
   */
  readonly weights: Float64Array;
  private readonly scratch: Uint32Array;
  private readonly gw: Float64Array;
  private readonly gy: Int32Array;
  private readonly gwy: Float64Array;
  private readonly stack: Int32Array;
  private readonly hist: Float64Array;
  private readonly stride: number;
  private readonly range = new BinRange();
  private readonly best = new SplitChoice();
  private readonly left: Float64Array;
  private readonly pool: Int32Array;
  private readonly stats: NodeStats;

  // The tree's nodes, local indices; node 0 is the root. Column −1 marks a leaf, whose nodeLeft is its leaf index.
  private readonly nodeColumn: Int32Array;
  private readonly nodeBin: Int32Array;
  private readonly nodeMissingLeft: Uint8Array;
  private readonly nodeLeft: Int32Array;
  numNodes = 0;
  /** Leaves by index: their row ranges in `rows` and their outputs (`width` each). */
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafValues: Float32Array;
  numLeaves = 0;
  readonly width: number;

  constructor(
    private readonly bins: BinMapper,
    private readonly binned: Uint8Array,
    private readonly numRows: number,
    private readonly targets: GrowerTargets,
    private readonly config: GrowerConfig,
  ) {
    const n = numRows;
    const K = targets.classes;
    this.width = K > 0 ? K : 1;
    this.rows = new Uint32Array(n);
    this.weights = new Float64Array(n);
    this.scratch = new Uint32Array(n);
    this.gw = new Float64Array(n);
    this.gy = new Int32Array(K > 0 ? n : 0);
    this.gwy = new Float64Array(K > 0 ? 0 : n);
    // Pending nodes own disjoint non-empty row ranges: at most n of them, 4 numbers each.
    this.stack = new Int32Array(4 * n + 4);
    this.stride = K > 0 ? K + 1 : 3;
    this.hist = new Float64Array(256 * this.stride);
    this.left = new Float64Array(Math.max(K, 1));
    this.pool = Int32Array.from({ length: bins.columns.length }, (_, u) => u);
    this.stats = { weight: 0, count: 0, sum: 0, classWeights: new Float64Array(Math.max(K, 1)), minSamplesLeaf: config.minSamplesLeaf };
    // Every split leaves both children non-empty, so n rows make at most 2n − 1 nodes and n leaves.
    this.nodeColumn = new Int32Array(Math.max(1, 2 * n - 1));
    this.nodeBin = new Int32Array(this.nodeColumn.length);
    this.nodeMissingLeft = new Uint8Array(this.nodeColumn.length);
    this.nodeLeft = new Int32Array(this.nodeColumn.length);
    this.leafBegin = new Int32Array(Math.max(1, n));
    this.leafEnd = new Int32Array(Math.max(1, n));
    this.leafValues = new Float32Array(Math.max(1, n) * this.width);
  }

  /** Grows a tree on rows[0 .. count), every random draw from `rng`. */
  grow(count: number, rng: Rng): void {
    const { stack, rows, gw, gy, gwy, stats } = this;
    const { classes: K, classOf, value } = this.targets;
    const { minSamplesLeaf, maxDepth } = this.config;
    const weights = this.weights;
    const classWeights = stats.classWeights;
    this.numNodes = 1;
    this.numLeaves = 0;
    let top = 0;
    stack[0] = 0;
    stack[1] = count;
    stack[2] = 0;
    stack[3] = 0;
    top = 4;
    while (top > 0) {
      top -= 4;
      const begin = stack[top]!;
      const end = stack[top + 1]!;
      const depth = stack[top + 2]!;
      const node = stack[top + 3]!;
      const n = end - begin;
      // Gather the node's weights and targets once (every candidate column's pass reads them), with its totals.
      let weight = 0;
      let pure: boolean;
      if (K > 0) {
        classWeights.fill(0);
        for (let j = 0; j < n; j++) {
          const row = rows[begin + j]!;
          const w = weights[row]!;
          const c = classOf[row]!;
          gw[j] = w;
          gy[j] = c;
          classWeights[c] = classWeights[c]! + w;
          weight += w;
        }
        let largest = 0;
        for (let k = 0; k < K; k++) if (classWeights[k]! > largest) largest = classWeights[k]!;
        pure = largest === weight;
      } else {
        let sum = 0;
        let lowest = Infinity;
        let highest = -Infinity;
        for (let j = 0; j < n; j++) {
          const row = rows[begin + j]!;
          const w = weights[row]!;
          const y = value[row]!;
          gw[j] = w;
          gwy[j] = w * y;
          sum += w * y;
          weight += w;
          if (y < lowest) lowest = y;
          if (y > highest) highest = y;
        }
        stats.sum = sum;
        pure = lowest === highest;
      }
      stats.weight = weight;
      stats.count = n;

      let split = false;
      if (!pure && n >= 2 * minSamplesLeaf && (maxDepth === 0 || depth < maxDepth) && this.pool.length > 0) {
        this.findSplit(begin, n, rng);
        split = this.best.column >= 0;
      }
      if (!split) {
        this.makeLeaf(node, begin, end);
        continue;
      }
      const middle = this.partition(begin, end);
      const child = this.numNodes;
      this.numNodes += 2;
      this.nodeColumn[node] = this.best.column;
      this.nodeBin[node] = this.best.bin;
      this.nodeMissingLeft[node] = this.best.missingLeft ? 1 : 0;
      this.nodeLeft[node] = child;
      // Right first, so the left child is grown next (depth-first, left to right).
      stack[top] = middle;
      stack[top + 1] = end;
      stack[top + 2] = depth + 1;
      stack[top + 3] = child + 1;
      stack[top + 4] = begin;
      stack[top + 5] = middle;
      stack[top + 6] = depth + 1;
      stack[top + 7] = child;
      top += 8;
    }
  }

  /** Draws candidate columns and leaves the best split among them in this.best (column −1: none). */
  private findSplit(begin: number, n: number, rng: Rng): void {
    const { pool, range, best, hist, stride, binned, numRows, rows, stats } = this;
    const { nonMissingBins } = this.bins;
    const K = this.targets.classes;
    const random = this.config.splitter === 'random';
    const wanted = this.config.columnsPerNode;
    const numColumns = pool.length;
    best.reset();
    let drawn = 0;
    let nonConstant = 0;
    while (drawn < numColumns && (drawn < wanted || nonConstant === 0)) {
      const pick = rng.int(drawn, numColumns - 1);
      const u = pool[pick]!;
      pool[pick] = pool[drawn]!;
      pool[drawn] = u;
      drawn++;
      const missingBin = nonMissingBins[u]!;
      if (K > 0) classHistogram(hist, K, binned, u * numRows, missingBin, rows, begin, n, this.gy, this.gw, range);
      else valueHistogram(hist, binned, u * numRows, missingBin, rows, begin, n, this.gw, this.gwy, range);
      if (splittable(range)) {
        nonConstant++;
        // Extra trees: one boundary uniformly among the node's bins lo … hi − 1, plus "missing alone" when present.
        const boundary = random ? rng.int(range.lo, range.missing > 0 ? range.hi : range.hi - 1) : -1;
        if (K > 0) scoreClassColumn(hist, K, range, u, missingBin, stats, boundary, this.left, best);
        else scoreValueColumn(hist, range, u, missingBin, stats, boundary, best);
      }
      clearHistogram(hist, stride, range, missingBin);
    }
  }

  /** Stable in-place partition of rows[begin .. end) by the best split; returns where the right rows start. */
  private partition(begin: number, end: number): number {
    const { rows, scratch, best } = this;
    const u = best.column;
    const base = u * this.numRows;
    const missingBin = this.bins.nonMissingBins[u]!;
    const bin = best.bin;
    const missingLeft = best.missingLeft ? 1 : 0;
    // No 256-entry lookup table as the GBDT builds: most forest nodes are small, and filling it cost more than
    // the rows. The missing bin is above every non-missing one, so b ≤ bin already sends it right.
    const binned = this.binned;
    let write = begin;
    let right = 0;
    for (let j = begin; j < end; j++) {
      const row = rows[j]!;
      const b = binned[base + row]!;
      const left = b <= bin ? 1 : b === missingBin ? missingLeft : 0;
      rows[write] = row;
      scratch[right] = row;
      write += left;
      right += 1 - left;
    }
    rows.set(scratch.subarray(0, right), write);
    return write;
  }

  /** The node becomes a leaf holding its class probabilities (weighted) or its weighted mean target. */
  private makeLeaf(node: number, begin: number, end: number): void {
    const leaf = this.numLeaves++;
    this.nodeColumn[node] = -1;
    this.nodeLeft[node] = leaf;
    this.leafBegin[leaf] = begin;
    this.leafEnd[leaf] = end;
    const { weight, classWeights } = this.stats;
    const K = this.targets.classes;
    if (K > 0) for (let k = 0; k < K; k++) this.leafValues[leaf * K + k] = classWeights[k]! / weight;
    else this.leafValues[leaf] = this.stats.sum / weight;
  }

  /**
   * Appends the grown tree to the store with raw thresholds: a split at bin b of a column becomes x ≤ its edge
   * b, or x ≤ +∞ (every value left, missing right) at its last non-missing bin. Returns the root's index.
   */
  appendTo(store: ForestStore): number {
    const firstLeaf = store.leaves;
    const first = store.reserve(this.numNodes, this.numLeaves);
    const { columns, edges, edgeStarts, nonMissingBins } = this.bins;
    for (let i = 0; i < this.numNodes; i++) {
      const at = first + i;
      const u = this.nodeColumn[i]!;
      if (u < 0) {
        store.feature[at] = -1;
        store.threshold[at] = 0;
        store.missingLeft[at] = 0;
        store.left[at] = firstLeaf + this.nodeLeft[i]!;
      } else {
        const bin = this.nodeBin[i]!;
        store.feature[at] = columns[u]!;
        store.threshold[at] = bin < nonMissingBins[u]! - 1 ? edges[edgeStarts[u]! + bin]! : Infinity;
        store.missingLeft[at] = this.nodeMissingLeft[i]!;
        store.left[at] = first + this.nodeLeft[i]!;
      }
    }
    store.leafValues.set(this.leafValues.subarray(0, this.numLeaves * this.width), firstLeaf * this.width);
    return first;
  }

  /** Adds the tree's outputs to sums[row × width …] for the listed training rows, walking their bins. */
  addToRows(rowList: Uint32Array, count: number, sums: Float64Array): void {
    const { binned, numRows, width } = this;
    const nonMissingBins = this.bins.nonMissingBins;
    for (let j = 0; j < count; j++) {
      const row = rowList[j]!;
      let node = 0;
      let u = this.nodeColumn[0]!;
      while (u >= 0) {
        const b = binned[u * numRows + row]!;
        const goLeft = b === nonMissingBins[u]! ? this.nodeMissingLeft[node] === 1 : b <= this.nodeBin[node]!;
        node = goLeft ? this.nodeLeft[node]! : this.nodeLeft[node]! + 1;
        u = this.nodeColumn[node]!;
      }
      const from = this.nodeLeft[node]! * width;
      const to = row * width;
      for (let k = 0; k < width; k++) sums[to + k] = sums[to + k]! + this.leafValues[from + k]!;
    }
  }
}
