/**
 * The contract every non-neural learner (gradient-boosted trees, regularised linear models) meets, so the
 * training worker can fit, evaluate and export any of them the same way. Plain TypeScript, no tfjs: a
 * learner reads a dense row-major feature matrix and row indices, and returns a model as plain,
 * structured-clone-friendly data that predicts on raw (unscaled) feature rows.
 */
import type { Rng } from '../engine/study/rng';
import type { TaskKind } from '../data/types';

/** The dataset a learner reads: every row of it; which rows train and which validate comes separately. */
export interface LearnerData {
  /** Row-major, `numFeatures` values per row, as the table encoder made them (not standardised). */
  readonly features: Float32Array;
  readonly numFeatures: number;
  /** A class index per row for classification, the value for regression. */
  readonly targets: Float32Array;
  readonly task: TaskKind;
  /** Number of classes (2 for binary); 0 for regression. */
  readonly numClasses: number;
  /**
   * Weight per row of the data (absent: every row weighs 1), non-negative and finite: each row's loss counts
   * this many times, in training and in the validation loss early stopping watches. The worker sets it from
   * balanced class weights (class_weight 'balanced'), so a rare class counts as much as a common one. Row
   * counts (minSamplesLeaf) still count rows, not weights, as in scikit-learn and LightGBM.
   */
  readonly weights?: Float32Array;
}

export interface LearnerRows {
  readonly train: readonly number[];
  /** Rows to watch for early stopping and to report on; absent: train to the end without watching. */
  readonly validation?: readonly number[];
}

/**
 * What a learner reports while it trains, about every `evaluateEvery` rounds (boosting rounds, solver
 * iterations). `validationOutputs` are the current model's outputs on the validation rows, in the format of
 * `Predictions`; `trainLoss` is the training objective (log loss or squared error). Returning 'stop' ends
 * training there (pruning); `checkpoint` is awaited between rounds so a cancel can land.
 */
export interface LearnerHooks {
  readonly evaluateEvery?: number;
  readonly onEvaluation?: (step: number, trainLoss: number, validationOutputs: Float32Array | null) => 'stop' | void;
  readonly checkpoint?: () => Promise<void>;
}

/**
 * Predictions for n rows: for classification, probabilities row-major n × numClasses (binary too: two
 * columns); for regression, n values in the target's own units.
 */
export type Predictions = Float32Array;

/** A fitted learner: how many steps it trained, and the model as plain data. */
export interface Fitted<M> {
  readonly model: M;
  /** Boosting rounds kept (after early stopping, the best round) or solver iterations run. */
  readonly steps: number;
}

export type { Rng };
