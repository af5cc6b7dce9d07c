/**
 * The forest's hyper-parameters, their defaults (scikit-learn's RandomForestClassifier where it has one) and the
 * checks that refuse absurd values before anything is allocated: a search space or a shared link can carry any
 * value, and a typo like trees = 1e6 must fail with a message naming the parameter, not with an out-of-memory tab.
 */
import { checkIntegerParam } from '../checks';

export interface ForestParams {
  /** Trees in the forest. */
  trees: number;
  /**
   * Split finder: 'best' = best bin boundary per candidate column (random forest); 'random' = one uniformly drawn
   * boundary per candidate column between the node's smallest and largest present bin (extremely randomised trees).
   */
  splitter: 'best' | 'random';
  /**
   * Columns tried per split: 'sqrt' = ceil(sqrt(usable columns)), or a fraction in (0, 1] of them (1 = all; at
   * least one). Drawn per node, as scikit-learn does.
   */
  maxFeatures: 'sqrt' | number;
  /** Each tree on a bootstrap sample of the training rows (with replacement, n draws) or on all of them. */
  bootstrap: boolean;
  /** Fewest distinct training rows a leaf may hold. */
  minSamplesLeaf: number;
  /** Deepest split allowed, root at depth 0; 0 = unlimited (trees grow until their leaves are pure). */
  maxDepth: number;
  /** Bins for the non-missing values of a column (missing values get one more of their own), at most 255. */
  maxBins: number;
}

/**
 * scikit-learn's RandomForestClassifier defaults (n_estimators 100, best splits, max_features 'sqrt', bootstrap,
 * min_samples_leaf 1, fully grown trees) for both tasks: its regressor defaults to all columns per split, which
 * costs √p times more and decorrelates the trees less; a search can still ask for maxFeatures 1.
 */
export const FOREST_DEFAULTS: Readonly<ForestParams> = Object.freeze({
  trees: 100,
  splitter: 'best',
  maxFeatures: 'sqrt',
  bootstrap: true,
  minSamplesLeaf: 1,
  maxDepth: 0,
  maxBins: 255,
});

export const FOREST_LIMITS = Object.freeze({
  trees: 2000,
  maxDepth: 64,
  maxBins: 255,
  /** Bytes the fit's working arrays (binned matrix, row lists, per-tree node arrays, running sums) may take. */
  workingBytes: 2 ** 31,
});

const integerIn = (name: string, value: number, min: number, max: number): void => checkIntegerParam('Forest', name, value, min, max);

/** Throws an Error naming the first bad parameter. */
export function checkForestParams(params: ForestParams): void {
  integerIn('trees', params.trees, 1, FOREST_LIMITS.trees);
  if (params.splitter !== 'best' && params.splitter !== 'random') throw new Error(`Forest parameter splitter must be 'best' or 'random', got ${String(params.splitter)}`);
  const m = params.maxFeatures;
  if (m !== 'sqrt' && !(typeof m === 'number' && m > 0 && m <= 1)) throw new Error(`Forest parameter maxFeatures must be 'sqrt' or a fraction in (0, 1], got ${String(m)}`);
  if (typeof params.bootstrap !== 'boolean') throw new Error(`Forest parameter bootstrap must be true or false, got ${String(params.bootstrap)}`);
  integerIn('minSamplesLeaf', params.minSamplesLeaf, 1, 2 ** 31 - 1);
  integerIn('maxDepth', params.maxDepth, 0, FOREST_LIMITS.maxDepth);
  integerIn('maxBins', params.maxBins, 2, FOREST_LIMITS.maxBins);
}

/**
 * Columns tried per node out of `usable`: ceil(√usable) for 'sqrt' (scikit-learn floors it; ceiling keeps two
 * columns for 2–4 and never fewer than scikit-learn), max(1, floor(fraction × usable)) for a fraction as there.
 */
export function columnsPerNode(maxFeatures: 'sqrt' | number, usable: number): number {
  if (usable === 0) return 0;
  const m = maxFeatures === 'sqrt' ? Math.ceil(Math.sqrt(usable)) : Math.floor(maxFeatures * usable);
  return Math.min(usable, Math.max(1, m));
}
