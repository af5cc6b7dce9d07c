/**
 * Grows one regression tree on gradients, leaf-wise (best-first, as LightGBM): the leaf whose best split gains
 * most is split next, until maxLeaves, or no leaf can split (depth, minSamplesLeaf, min hessian, no gain).
 *
 * Rows live in one index array partitioned in place: each leaf owns a contiguous range, and a split reorders its
 * range stably into left then right, so rows stay in ascending order and histogram passes read memory forwards.
 * Histograms: only the smaller child's is built from rows; the larger's is the parent's minus it, written over
 * the parent's slot. Slots come from a pool allocated on demand and bounded in bytes; when it is full, the
 * histogram of the leaf least likely to be split (lowest gain) is dropped, and that leaf's children are built
 * from rows if it is split later. Children that cannot split get no histogram at all.
 *
 * One grower serves every tree of a fit (its buffers are reused), and nothing outlives the fit.
 */
import type { BinMapper } from './binning';
import { buildHistogram, subtractHistogram, type HistogramLayout } from './histogram';
import type { TreeStore } from './model';
import { findBestSplit, SplitCandidate, type SplitConstraints } from './split';

export interface GrowerConfig extends SplitConstraints {
  readonly maxLeaves: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly learningRate: number;
  /** Bytes the histogram pool may take. */
  readonly histogramBudget: number;
}

export class TreeGrower {
  /** The rows of the tree being grown; the caller writes them (ascending) before `grow`. */
  readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly orderedGrad: Float32Array;
  private readonly orderedHess: Float32Array;
  private readonly layout: HistogramLayout;
  private readonly candidate = new SplitCandidate();
  private readonly goesLeft = new Uint8Array(256);

  // Leaves by id (the left child keeps its parent's id, the right one takes the next).
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafValue: Float64Array;
  private readonly leafNode: Int32Array;
  private readonly leafDepth: Int32Array;
  private readonly leafG: Float64Array;
  private readonly leafH: Float64Array;
  private readonly leafCount: Float64Array;
  private readonly leafSlot: Int32Array;
  private readonly leafGain: Float64Array;
  private readonly leafColumn: Int32Array;
  private readonly leafBin: Int32Array;
  private readonly leafMissingLeft: Uint8Array;
  private readonly leafLeftG: Float64Array;
  private readonly leafLeftH: Float64Array;
  private readonly leafLeftCount: Float64Array;
  numLeaves = 0;

  // The tree's nodes, local indices; node 0 is the root. Column −1 marks a leaf.
  private readonly nodeColumn: Int32Array;
  private readonly nodeBin: Int32Array;
  private readonly nodeMissingLeft: Uint8Array;
  private readonly nodeLeft: Int32Array;
  private readonly nodeValue: Float64Array;
  private numNodes = 0;

  private readonly slots: Float64Array[] = [];
  private readonly freeSlots: number[] = [];
  private readonly maxSlots: number;

  // The current tree's inputs.
  private grad: Float32Array = new Float32Array(0);
  private hess: Float32Array | null = null;
  private columns: Int32Array = new Int32Array(0);
  private numColumns = 0;

  constructor(
    private readonly bins: BinMapper,
    binned: Uint8Array,
    numRows: number,
    private readonly config: GrowerConfig,
  ) {
    this.rows = new Uint32Array(numRows);
    this.scratch = new Uint32Array(numRows);
    this.orderedGrad = new Float32Array(numRows);
    this.orderedHess = new Float32Array(numRows);
    this.layout = { binned, numRows, histOffsets: bins.histOffsets };
    const L = config.maxLeaves;
    this.leafBegin = new Int32Array(L);
    this.leafEnd = new Int32Array(L);
    this.leafValue = new Float64Array(L);
    this.leafNode = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafH = new Float64Array(L);
    this.leafCount = new Float64Array(L);
    this.leafSlot = new Int32Array(L);
    this.leafGain = new Float64Array(L);
    this.leafColumn = new Int32Array(L);
    this.leafBin = new Int32Array(L);
    this.leafMissingLeft = new Uint8Array(L);
    this.leafLeftG = new Float64Array(L);
    this.leafLeftH = new Float64Array(L);
    this.leafLeftCount = new Float64Array(L);
    const N = 2 * L - 1;
    this.nodeColumn = new Int32Array(N);
    this.nodeBin = new Int32Array(N);
    this.nodeMissingLeft = new Uint8Array(N);
    this.nodeLeft = new Int32Array(N);
    this.nodeValue = new Float64Array(N);
    const slotBytes = Math.max(1, bins.totalBins) * 3 * 8;
    this.maxSlots = Math.max(2, Math.min(L, Math.floor(config.histogramBudget / slotBytes)));
  }

  /**
   * Grows a tree on rows[0 .. count) (`identity`: they are exactly 0 … count − 1), splitting only on the listed
   * usable columns. grad and hess are per training row (hess null: all 1). Afterwards leaves 0 … numLeaves − 1
   * hold their row ranges and values (learning rate applied).
   */
  grow(grad: Float32Array, hess: Float32Array | null, count: number, identity: boolean, columns: Int32Array, numColumns: number): void {
    this.grad = grad;
    this.hess = hess;
    this.columns = columns;
    this.numColumns = numColumns;
    const rows = this.rows;
    let g = 0;
    let h = 0;
    for (let j = 0; j < count; j++) g += grad[rows[j]!]!;
    if (hess === null) h = count;
    else for (let j = 0; j < count; j++) h += hess[rows[j]!]!;

    this.numNodes = 1;
    this.nodeColumn[0] = -1;
    this.numLeaves = 1;
    this.setLeaf(0, 0, count, 0, 0, g, h, count);
    if (this.splittable(0) && numColumns > 0 && this.config.maxLeaves > 1) {
      const slot = this.acquireSlot(0, -1);
      buildHistogram(this.slots[slot]!, this.layout, columns, numColumns, identity ? null : rows, 0, count, grad, hess, this.orderedGrad, this.orderedHess);
      this.assignSlot(0, slot);
      this.evaluate(0);
    }

    while (this.numLeaves < this.config.maxLeaves) {
      let best = -1;
      let bestGain = 0;
      for (let leaf = 0; leaf < this.numLeaves; leaf++) {
        if (this.leafGain[leaf]! > bestGain) {
          bestGain = this.leafGain[leaf]!;
          best = leaf;
        }
      }
      if (best < 0) break;
      this.split(best);
    }

    const { learningRate, l2, minHessian } = this.config;
    for (let leaf = 0; leaf < this.numLeaves; leaf++) {
      const value = (-learningRate * this.leafG[leaf]!) / Math.max(this.leafH[leaf]! + l2, minHessian);
      this.leafValue[leaf] = value;
      this.nodeValue[this.leafNode[leaf]!] = value;
      if (this.leafSlot[leaf]! >= 0) this.releaseSlot(leaf);
    }
  }

  private setLeaf(leaf: number, begin: number, end: number, node: number, depth: number, g: number, h: number, count: number): void {
    this.leafBegin[leaf] = begin;
    this.leafEnd[leaf] = end;
    this.leafNode[leaf] = node;
    this.leafDepth[leaf] = depth;
    this.leafG[leaf] = g;
    this.leafH[leaf] = h;
    this.leafCount[leaf] = count;
    this.leafSlot[leaf] = -1;
    this.leafGain[leaf] = 0;
  }

  private splittable(leaf: number): boolean {
    const { maxDepth, minSamplesLeaf, minHessian } = this.config;
    return (maxDepth === 0 || this.leafDepth[leaf]! < maxDepth) && this.leafCount[leaf]! >= 2 * minSamplesLeaf && this.leafH[leaf]! >= 2 * minHessian;
  }

  /** Finds the leaf's best split from its histogram; frees the histogram when there is none. */
  private evaluate(leaf: number): void {
    const best = this.candidate;
    const hist = this.slots[this.leafSlot[leaf]!]!;
    findBestSplit(hist, this.bins.histOffsets, this.bins.nonMissingBins, this.columns, this.numColumns, this.hess === null, this.leafG[leaf]!, this.leafH[leaf]!, this.leafCount[leaf]!, this.config, best);
    if (best.gain > 0) {
      this.leafGain[leaf] = best.gain;
      this.leafColumn[leaf] = best.column;
      this.leafBin[leaf] = best.bin;
      this.leafMissingLeft[leaf] = best.missingLeft ? 1 : 0;
      this.leafLeftG[leaf] = best.leftG;
      this.leafLeftH[leaf] = best.leftH;
      this.leafLeftCount[leaf] = best.leftCount;
    } else {
      this.leafGain[leaf] = 0;
      this.releaseSlot(leaf);
    }
  }

  private split(leaf: number): void {
    const u = this.leafColumn[leaf]!;
    const bin = this.leafBin[leaf]!;
    const missingLeft = this.leafMissingLeft[leaf] === 1;
    const begin = this.leafBegin[leaf]!;
    const end = this.leafEnd[leaf]!;

    // Stable in-place partition of the leaf's rows: left ones stay, right ones go through scratch.
    const { rows, scratch } = this;
    const binned = this.layout.binned;
    const base = u * this.layout.numRows;
    const missingBin = this.bins.nonMissingBins[u]!;
    // Which bins go left, as a table: the loop then has no data-dependent branch to mispredict.
    const goesLeft = this.goesLeft;
    for (let b = 0; b < 256; b++) goesLeft[b] = b === missingBin ? (missingLeft ? 1 : 0) : b <= bin ? 1 : 0;
    let write = begin;
    let right = 0;
    for (let j = begin; j < end; j++) {
      const row = rows[j]!;
      const left = goesLeft[binned[base + row]!]!;
      rows[write] = row;
      scratch[right] = row;
      write += left;
      right += 1 - left;
    }
    rows.set(scratch.subarray(0, right), write);
    const middle = write;

    const node = this.leafNode[leaf]!;
    const child = this.numNodes;
    this.numNodes += 2;
    this.nodeColumn[node] = u;
    this.nodeBin[node] = bin;
    this.nodeMissingLeft[node] = missingLeft ? 1 : 0;
    this.nodeLeft[node] = child;
    this.nodeColumn[child] = -1;
    this.nodeColumn[child + 1] = -1;

    const depth = this.leafDepth[leaf]! + 1;
    const g = this.leafG[leaf]!;
    const h = this.leafH[leaf]!;
    const count = this.leafCount[leaf]!;
    const leftG = this.leafLeftG[leaf]!;
    const leftH = this.leafLeftH[leaf]!;
    const leftCount = this.leafLeftCount[leaf]!;
    const parentSlot = this.leafSlot[leaf]!;
    const other = this.numLeaves++;
    this.setLeaf(leaf, begin, middle, child, depth, leftG, leftH, leftCount);
    this.setLeaf(other, middle, end, child + 1, depth, g - leftG, h - leftH, count - leftCount);

    const last = this.numLeaves >= this.config.maxLeaves;
    const canLeft = !last && this.splittable(leaf);
    const canRight = !last && this.splittable(other);
    if (!canLeft && !canRight) {
      if (parentSlot >= 0) this.freeSlot(parentSlot);
      return;
    }
    const small = middle - begin <= end - middle ? leaf : other;
    const large = small === leaf ? other : leaf;
    const canSmall = small === leaf ? canLeft : canRight;
    const canLarge = small === leaf ? canRight : canLeft;
    if (parentSlot >= 0) {
      // No leaf owns the parent's slot now (setLeaf cleared it), so acquiring cannot evict it.
      const smallSlot = this.acquireSlot(small, large);
      this.buildLeaf(small, smallSlot);
      if (canLarge) {
        subtractHistogram(this.slots[parentSlot]!, this.slots[smallSlot]!, this.bins.histOffsets, this.columns, this.numColumns);
        this.assignSlot(large, parentSlot);
      } else {
        this.freeSlot(parentSlot);
      }
      if (canSmall) this.assignSlot(small, smallSlot);
      else this.freeSlot(smallSlot);
    } else {
      // The parent's histogram was dropped: build the children that can split from their rows.
      if (canSmall) this.assignSlot(small, this.buildInto(small, large));
      if (canLarge) this.assignSlot(large, this.buildInto(large, small));
    }
    if (canSmall) this.evaluate(small);
    if (canLarge) this.evaluate(large);
  }

  private buildInto(leaf: number, keep: number): number {
    const slot = this.acquireSlot(leaf, keep);
    this.buildLeaf(leaf, slot);
    return slot;
  }

  private buildLeaf(leaf: number, slot: number): void {
    buildHistogram(this.slots[slot]!, this.layout, this.columns, this.numColumns, this.rows, this.leafBegin[leaf]!, this.leafEnd[leaf]!, this.grad, this.hess, this.orderedGrad, this.orderedHess);
  }

  /** A free slot (marked held), allocating one while under the budget, else taking the lowest-gain leaf's. */
  private acquireSlot(forLeaf: number, keep: number): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.slots.length < this.maxSlots) {
      this.slots.push(new Float64Array(this.bins.totalBins * 3));
      return this.slots.length - 1;
    }
    let victim = -1;
    for (let leaf = 0; leaf < this.numLeaves; leaf++) {
      if (leaf === forLeaf || leaf === keep || this.leafSlot[leaf]! < 0) continue;
      if (victim < 0 || this.leafGain[leaf]! < this.leafGain[victim]!) victim = leaf;
    }
    if (victim < 0) throw new Error('GBDT histogram pool exhausted'); // cannot happen with ≥ 2 slots
    const slot = this.leafSlot[victim]!;
    this.leafSlot[victim] = -1;
    return slot;
  }

  private assignSlot(leaf: number, slot: number): void {
    this.leafSlot[leaf] = slot;
  }

  private releaseSlot(leaf: number): void {
    const slot = this.leafSlot[leaf]!;
    if (slot < 0) return;
    this.leafSlot[leaf] = -1;
    this.freeSlot(slot);
  }

  private freeSlot(slot: number): void {
    this.freeSlots.push(slot);
  }

  /**
   * Appends the grown tree to the store with raw thresholds: a split at bin b of a column becomes x ≤ its edge
   * b, or x ≤ +∞ (every value left, missing right) at its last non-missing bin. Returns the root's index.
   */
  appendTo(store: TreeStore): number {
    const first = store.reserve(this.numNodes);
    const { columns, edges, edgeStarts, nonMissingBins } = this.bins;
    for (let i = 0; i < this.numNodes; i++) {
      const at = first + i;
      const u = this.nodeColumn[i]!;
      if (u < 0) {
        store.feature[at] = -1;
        store.threshold[at] = 0;
        store.missingLeft[at] = 0;
        store.left[at] = -1;
        store.value[at] = this.nodeValue[i]!;
      } else {
        const bin = this.nodeBin[i]!;
        store.feature[at] = columns[u]!;
        store.threshold[at] = bin < nonMissingBins[u]! - 1 ? edges[edgeStarts[u]! + bin]! : Infinity;
        store.missingLeft[at] = this.nodeMissingLeft[i]!;
        store.left[at] = first + this.nodeLeft[i]!;
        store.value[at] = 0;
      }
    }
    store.roots.push(first);
    return first;
  }

  /** Adds the tree's value to raw[offset + row] for training rows the tree did not grow on, walking their bins. */
  addToRows(rowList: Uint32Array, count: number, raw: Float64Array, offset: number): void {
    const { binned, numRows } = this.layout;
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
      raw[offset + row] = raw[offset + row]! + this.nodeValue[node]!;
    }
  }
}
