/** What a training job asks of a worker and what it gets back. Plain data, structured-clone friendly. */
import type { PruningPlan } from '../engine/pruners/types';
import type { EpochRecord, Metrics, ObjectiveMetric } from '../engine/study/types';

export type Activation = 'relu' | 'tanh' | 'elu' | 'selu' | 'sigmoid' | 'linear';
export type OptimizerName = 'adam' | 'rmsprop' | 'sgd';

export interface HiddenLayerSpec {
  readonly units: number;
  readonly activation: Activation;
  /** Dropout rate after the layer, 0 for none. */
  readonly dropout: number;
}

/** A dense network and how to train it; the output head follows from the task. */
export interface ModelSpec {
  readonly hidden: readonly HiddenLayerSpec[];
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
}

/** One model fit: train on `train` rows, evaluate on `evaluate` rows. */
export interface TrainingRun {
  readonly train: readonly number[];
  readonly evaluate: readonly number[];
}

export interface TrainingJob {
  readonly datasetKey: string;
  readonly model: ModelSpec;
  /** Several runs make a cross-validated trial (one per fold); one run is a hold-out fit. */
  readonly runs: readonly TrainingRun[];
  /**
   * 'validation' reports evaluation metrics every epoch (for curves and, later, pruning);
   * 'test' evaluates once at the end, so test data never shapes a choice.
   */
  readonly evaluation: 'validation' | 'test';
  readonly objective: ObjectiveMetric;
  readonly seed: number;
  /** Return the trained model of the (single) run, for export. */
  readonly exportModel?: boolean;
  /** Early-stopping rule checked after each epoch of the first run; absent: train every epoch. */
  readonly pruning?: { readonly plan: PruningPlan; readonly direction: 'maximize' | 'minimize' };
}

export interface TrainingResult {
  /** Final metrics of each run on its evaluation rows. */
  readonly runs: readonly Metrics[];
  readonly backend: string;
  readonly durationMs: number;
  /** Set when the pruning plan stopped the trial: the number of epochs it finished. */
  readonly prunedAtEpoch?: number;
  /** Epochs at which the trial passed a rung and went on training (ASHA, Hyperband). */
  readonly promotions?: readonly number[];
  /** The trained model, when the job asked for it. */
  readonly model?: TrainedModel;
}

/**
 * A trained model in TensorFlow.js Layers form (topology, weight specs, weights) plus what a user needs to
 * feed it: the input scaling fitted on the training rows and the meaning of its outputs.
 */
export interface TrainedModel {
  readonly modelTopology: object;
  readonly weightSpecs: readonly { name: string; shape: number[]; dtype: string }[];
  readonly weightData: ArrayBuffer;
  readonly preprocessing: {
    readonly featureNames: readonly string[];
    /** Inputs are (x − mean) / std, column by column. */
    readonly mean: readonly number[];
    readonly std: readonly number[];
    readonly task: 'binary' | 'multiclass' | 'regression';
    /** Output i is the probability of classNames[i]; empty for regression. */
    readonly classNames: readonly string[];
    /** Regression output is y·std + mean. */
    readonly targetScale: { readonly mean: number; readonly std: number };
  };
}

export type { EpochRecord };
