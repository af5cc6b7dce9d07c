/**
 * The GBDT's hyper-parameters, their defaults (scikit-learn's HistGradientBoosting where it has one) and the
 * checks that refuse absurd values before anything is allocated: a search space or a shared link can carry any
 * number, and a typo like maxLeaves = 1e6 must fail with a message, not with an out-of-memory tab.
 */
import { checkIntegerParam } from '../checks';

export interface GbdtParams {
  /** Shrinkage applied to every leaf value. */
  learningRate: number;
  /** Leaf-wise (best-first) growth stops at this many leaves per tree. */
  maxLeaves: number;
  /** Deepest split allowed, root at depth 0; 0 = unlimited (maxLeaves bounds the tree alone). */
  maxDepth: number;
  /** Fewest training rows a leaf may hold. */
  minSamplesLeaf: number;
  /** L2 penalty on leaf values (lambda in G² / (H + lambda)). */
  l2: number;
  /** Fraction of the usable columns each tree may split on, drawn from the seed; 1 = all. */
  featureFraction: number;
  /** Fraction of training rows each round's trees are grown on, drawn from the seed; 1 = all. */
  rowFraction: number;
  /** Boosting rounds (a round is one tree, or one per class for multi-class). */
  maxRounds: number;
  /** 0 = off; otherwise stop once the validation loss has not improved for this many rounds and keep the best round. */
  earlyStoppingRounds: number;
  /** Bins for the non-missing values of a column (missing values get one more of their own), at most 255. */
  maxBins: number;
}

/**
 * scikit-learn's HistGradientBoosting defaults (learning_rate 0.1, max_leaf_nodes 31, no depth limit,
 * min_samples_leaf 20, l2_regularization 0, max_iter 100, n_iter_no_change 10, max_bins 255), so the bench
 * compares like with like; no subsampling, as there.
 */
export const GBDT_DEFAULTS: Readonly<GbdtParams> = Object.freeze({
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 0,
  minSamplesLeaf: 20,
  l2: 0,
  featureFraction: 1,
  rowFraction: 1,
  maxRounds: 100,
  earlyStoppingRounds: 10,
  maxBins: 255,
});

export const LIMITS = Object.freeze({
  maxLeaves: 4096,
  maxRounds: 100_000,
  maxBins: 255,
  /** Bytes the fit's working arrays (binned matrix, scores, gradients, histograms) may take in all. */
  workingBytes: 2 ** 31,
});

const integerIn = (name: string, value: number, min: number, max: number): void => checkIntegerParam('GBDT', name, value, min, max);

function fractionIn(name: string, value: number): void {
  if (!(value > 0 && value <= 1)) throw new Error(`GBDT parameter ${name} must be in (0, 1], got ${value}`);
}

/** Throws an Error naming the first bad parameter. */
export function checkParams(params: GbdtParams): void {
  if (!(params.learningRate > 0 && params.learningRate <= 10)) throw new Error(`GBDT parameter learningRate must be in (0, 10], got ${params.learningRate}`);
  integerIn('maxLeaves', params.maxLeaves, 2, LIMITS.maxLeaves);
  integerIn('maxDepth', params.maxDepth, 0, 64);
  integerIn('minSamplesLeaf', params.minSamplesLeaf, 1, 2 ** 31 - 1);
  if (!(params.l2 >= 0 && Number.isFinite(params.l2))) throw new Error(`GBDT parameter l2 must be a finite number ≥ 0, got ${params.l2}`);
  fractionIn('featureFraction', params.featureFraction);
  fractionIn('rowFraction', params.rowFraction);
  integerIn('maxRounds', params.maxRounds, 1, LIMITS.maxRounds);
  integerIn('earlyStoppingRounds', params.earlyStoppingRounds, 0, LIMITS.maxRounds);
  integerIn('maxBins', params.maxBins, 2, LIMITS.maxBins);
}
