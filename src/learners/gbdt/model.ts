/**
 * The fitted model as plain data (typed arrays of all trees' nodes, structured-clone and JSON friendly), the
 * growable store trees are appended to while fitting, and prediction on raw feature rows.
 *
 * Trees are stored round-major (round r's tree for class k is tree r * treesPerRound + k), nodes of all trees in
 * shared arrays: a node splits when feature ≥ 0 (x ≤ threshold, or NaN with missingLeft, goes to `left`, the
 * rest to `left + 1`: children are allocated side by side so no right-child array is needed), otherwise it is a
 * leaf holding `value` (shrinkage already applied). Scores add up in float64, tree after tree, from the base
 * score: training-time validation scores are accumulated in exactly this order, so predictGbdt reproduces them.
 */
import type { TaskKind } from '../../data/types';
import { leafOf, type TreeNodes } from '../treeWalk';
import type { Predictions } from '../types';
import { outputWidth, rawToOutputs } from './losses';

export interface GbdtModel {
  readonly kind: 'gbdt';
  readonly task: TaskKind;
  /** Columns of the raw rows it reads. */
  readonly numFeatures: number;
  /** Classes (2 for binary), 0 for regression. */
  readonly numClasses: number;
  readonly treesPerRound: number;
  readonly rounds: number;
  /** Raw score of each output before any tree (log-odds, log-priors, or the training mean). */
  readonly baseScores: readonly number[];
  /** Root node of each tree, round-major. */
  readonly treeRoots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly value: Float64Array;
}

/**
 * Most nodes a model may have (about 700 MB of arrays): trees are only as large as the data allows, so this is
 * checked as they grow rather than refused from maxRounds × maxLeaves up front, which would refuse the usual
 * "many rounds, early stopping decides" configuration.
 */
export const MAX_NODES = 2 ** 25;

/** Nodes of the trees grown so far, in arrays that double as they fill; `model` copies them out compactly. */
export class TreeStore {
  feature = new Int32Array(1024);
  threshold = new Float32Array(1024);
  missingLeft = new Uint8Array(1024);
  left = new Int32Array(1024);
  value = new Float64Array(1024);
  nodes = 0;
  readonly roots: number[] = [];

  /** Room for `count` more nodes; returns the index of the first. */
  reserve(count: number): number {
    const needed = this.nodes + count;
    if (needed > MAX_NODES) {
      throw new Error(`GBDT: the model passed ${MAX_NODES.toLocaleString('en')} nodes (${this.roots.length.toLocaleString('en')} trees); use fewer rounds, leaves or classes`);
    }
    if (needed > this.feature.length) {
      let size = this.feature.length * 2;
      while (size < needed) size *= 2;
      this.feature = grow(this.feature, new Int32Array(size));
      this.threshold = grow(this.threshold, new Float32Array(size));
      this.missingLeft = grow(this.missingLeft, new Uint8Array(size));
      this.left = grow(this.left, new Int32Array(size));
      this.value = grow(this.value, new Float64Array(size));
    }
    const first = this.nodes;
    this.nodes = needed;
    return first;
  }

  /** Drops every tree from index `trees` on (early stopping keeps the best round's). */
  truncate(trees: number): void {
    if (trees >= this.roots.length) return;
    this.nodes = this.roots[trees]!;
    this.roots.length = trees;
  }
}

function grow<T extends Int32Array | Float32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export function modelFromStore(
  store: TreeStore,
  head: { task: TaskKind; numFeatures: number; numClasses: number; treesPerRound: number; baseScores: Float64Array },
): GbdtModel {
  const n = store.nodes;
  return {
    kind: 'gbdt',
    task: head.task,
    numFeatures: head.numFeatures,
    numClasses: head.numClasses,
    treesPerRound: head.treesPerRound,
    rounds: store.roots.length / head.treesPerRound,
    baseScores: Array.from(head.baseScores),
    treeRoots: Int32Array.from(store.roots),
    // slice: the model owns arrays of its exact size, never the store's larger buffers.
    feature: store.feature.slice(0, n),
    threshold: store.threshold.slice(0, n),
    missingLeft: store.missingLeft.slice(0, n),
    left: store.left.slice(0, n),
    value: store.value.slice(0, n),
  };
}

/** The arrays a tree walk reads; a GbdtModel and a TreeStore both have them. */
interface GbdtNodes extends TreeNodes {
  readonly value: Float64Array;
}

/**
 * Adds the tree at `root` to raw[offset + j] for j < count, row j being features row rows[j] (or j itself when
 * rows is null), numFeatures values per row.
 */
export function addTreeScores(
  nodes: GbdtNodes,
  root: number,
  features: Float32Array,
  numFeatures: number,
  rows: Uint32Array | null,
  count: number,
  raw: Float64Array,
  offset: number,
): void {
  const value = nodes.value;
  for (let j = 0; j < count; j++) {
    const node = leafOf(nodes, root, features, (rows === null ? j : rows[j]!) * numFeatures);
    raw[offset + j] = raw[offset + j]! + value[node]!;
  }
}

/** Outputs for numRows raw rows (row-major, model.numFeatures values each): probabilities n × classes, or values. */
export function predictGbdt(model: GbdtModel, features: Float32Array, numRows: number): Predictions {
  if (!Number.isInteger(numRows) || numRows < 0) throw new Error(`predictGbdt: numRows must be a whole number ≥ 0, got ${numRows}`);
  if (features.length < numRows * model.numFeatures) {
    throw new Error(`predictGbdt: ${numRows} rows of ${model.numFeatures} features need ${numRows * model.numFeatures} values, got ${features.length}`);
  }
  const k = model.treesPerRound;
  const raw = new Float64Array(k * numRows);
  for (let c = 0; c < k; c++) raw.fill(model.baseScores[c]!, c * numRows, (c + 1) * numRows);
  for (let t = 0; t < model.treeRoots.length; t++) {
    addTreeScores(model, model.treeRoots[t]!, features, model.numFeatures, null, numRows, raw, (t % k) * numRows);
  }
  return rawToOutputs(model.task, model.numClasses, raw, numRows, new Float32Array(numRows * outputWidth(model.task, model.numClasses)));
}

/** Node count and the bytes of the model's arrays, for the leaderboard's model-size column. */
export function gbdtSize(model: GbdtModel): { nodes: number; bytes: number } {
  const arrays = [model.treeRoots, model.feature, model.threshold, model.missingLeft, model.left, model.value];
  const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0) + 8 * model.baseScores.length;
  return { nodes: model.feature.length, bytes };
}
