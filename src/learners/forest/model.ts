/**
 * The fitted forest as plain data (typed arrays of all trees' nodes, structured-clone friendly, like GbdtModel),
 * the growable store trees are appended to while fitting, and prediction on raw feature rows.
 *
 * Nodes of all trees share arrays. A node splits when feature ≥ 0: x ≤ threshold, or NaN with missingLeft, goes
 * to `left`, the rest to `left + 1` (children side by side, no right-child array). Otherwise it is a leaf and
 * `left` is its leaf index: its outputs are leafValues[leaf × width … + width) — class probabilities
 * (width = classes, binary too) or the mean target (width 1). Leaves hold whole probability vectors because a
 * forest averages probabilities (scikit-learn's predict_proba), not votes or raw scores.
 *
 * The forest's output is the mean over trees, summed in float64 tree after tree and divided once: the training
 * loop accumulates validation outputs in exactly this order, so predictForest reproduces them bit for bit.
 */
import type { TaskKind } from '../../data/types';
import { leafOf, type TreeNodes } from '../treeWalk';
import type { Predictions } from '../types';

export interface ForestModel {
  readonly kind: 'forest';
  readonly task: TaskKind;
  /** Columns of the raw rows it reads. */
  readonly numFeatures: number;
  /** Classes (2 for binary), 0 for regression. */
  readonly numClasses: number;
  readonly trees: number;
  /** Root node of each tree. */
  readonly treeRoots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly missingLeft: Uint8Array;
  /** Left child of a split node; leaf index of a leaf. */
  readonly left: Int32Array;
  /** Outputs per leaf, `numClasses` (classification) or 1 (regression) each. */
  readonly leafValues: Float32Array;
}

/**
 * Most nodes a forest may have, and most leaf outputs (about 440 MB and 256 MB of arrays). Fully grown trees are
 * as large as the data makes them, so this is checked as trees are added, not predicted from the parameters.
 */
export const MAX_NODES = 2 ** 25;
export const MAX_LEAF_VALUES = 2 ** 26;

/** Outputs per row: probabilities per class, or one value. */
export function forestWidth(task: TaskKind, numClasses: number): number {
  return task === 'regression' ? 1 : numClasses;
}

/** Nodes of the trees grown so far, in arrays that double as they fill; `forestFromStore` copies them out. */
export class ForestStore {
  feature = new Int32Array(1024);
  threshold = new Float32Array(1024);
  missingLeft = new Uint8Array(1024);
  left = new Int32Array(1024);
  leafValues: Float32Array;
  nodes = 0;
  leaves = 0;
  readonly roots: number[] = [];

  constructor(readonly width: number) {
    this.leafValues = new Float32Array(1024 * width);
  }

  /** Room for a tree of `nodes` nodes and `leaves` leaves; returns the index of its first node. */
  reserve(nodes: number, leaves: number): number {
    const needed = this.nodes + nodes;
    const values = (this.leaves + leaves) * this.width;
    if (needed > MAX_NODES || values > MAX_LEAF_VALUES) {
      throw new Error(
        `Forest: the model passed ${needed > MAX_NODES ? `${MAX_NODES.toLocaleString('en')} nodes` : `${MAX_LEAF_VALUES.toLocaleString('en')} leaf outputs`} ` +
          `at tree ${this.roots.length + 1}; use fewer trees, a maxDepth, or a larger minSamplesLeaf`,
      );
    }
    if (needed > this.feature.length) {
      let size = this.feature.length * 2;
      while (size < needed) size *= 2;
      this.feature = grow(this.feature, new Int32Array(size));
      this.threshold = grow(this.threshold, new Float32Array(size));
      this.missingLeft = grow(this.missingLeft, new Uint8Array(size));
      this.left = grow(this.left, new Int32Array(size));
    }
    if (values > this.leafValues.length) {
      let size = this.leafValues.length * 2;
      while (size < values) size *= 2;
      this.leafValues = grow(this.leafValues, new Float32Array(size));
    }
    const first = this.nodes;
    this.nodes = needed;
    this.leaves += leaves;
    this.roots.push(first);
    return first;
  }
}

function grow<T extends Int32Array | Float32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export function forestFromStore(store: ForestStore, head: { task: TaskKind; numFeatures: number; numClasses: number }): ForestModel {
  const n = store.nodes;
  return {
    kind: 'forest',
    task: head.task,
    numFeatures: head.numFeatures,
    numClasses: head.task === 'regression' ? 0 : head.numClasses,
    trees: store.roots.length,
    treeRoots: Int32Array.from(store.roots),
    // slice: the model owns arrays of its exact size, never the store's larger buffers.
    feature: store.feature.slice(0, n),
    threshold: store.threshold.slice(0, n),
    missingLeft: store.missingLeft.slice(0, n),
    left: store.left.slice(0, n),
    leafValues: store.leafValues.slice(0, store.leaves * store.width),
  };
}

/** The arrays a tree walk reads; a ForestModel and a ForestStore both have them. */
interface ForestNodes extends TreeNodes {
  readonly leafValues: Float32Array;
}

/**
 * Adds the tree at `root`'s outputs to sums[j × width …] for j < count, row j being features row rows[j] (or j
 * itself when rows is null), numFeatures values per row.
 */
export function addTreeOutputs(
  nodes: ForestNodes,
  root: number,
  width: number,
  features: Float32Array,
  numFeatures: number,
  rows: Uint32Array | null,
  count: number,
  sums: Float64Array,
): void {
  const { left, leafValues } = nodes;
  for (let j = 0; j < count; j++) {
    const node = leafOf(nodes, root, features, (rows === null ? j : rows[j]!) * numFeatures);
    const from = left[node]! * width;
    const to = j * width;
    for (let k = 0; k < width; k++) sums[to + k] = sums[to + k]! + leafValues[from + k]!;
  }
}

/** The mean of `trees` trees' summed outputs, as the forest's outputs. */
export function meanOutputs(sums: Float64Array, trees: number, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = sums[i]! / trees;
  return out;
}

/** Outputs for numRows raw rows (row-major, model.numFeatures values each): probabilities n × classes, or values. */
export function predictForest(model: ForestModel, features: Float32Array, numRows: number): Predictions {
  if (!Number.isInteger(numRows) || numRows < 0) throw new Error(`predictForest: numRows must be a whole number ≥ 0, got ${numRows}`);
  if (features.length < numRows * model.numFeatures) {
    throw new Error(`predictForest: ${numRows} rows of ${model.numFeatures} features need ${numRows * model.numFeatures} values, got ${features.length}`);
  }
  const width = forestWidth(model.task, model.numClasses);
  const sums = new Float64Array(numRows * width);
  for (let t = 0; t < model.treeRoots.length; t++) addTreeOutputs(model, model.treeRoots[t]!, width, features, model.numFeatures, null, numRows, sums);
  return meanOutputs(sums, Math.max(1, model.treeRoots.length), new Float32Array(numRows * width));
}

/** Node count and the bytes of the model's arrays, for the leaderboard's model-size column. */
export function forestSize(model: ForestModel): { nodes: number; bytes: number } {
  const arrays = [model.treeRoots, model.feature, model.threshold, model.missingLeft, model.left, model.leafValues];
  return { nodes: model.feature.length, bytes: arrays.reduce((sum, a) => sum + a.byteLength, 0) };
}
