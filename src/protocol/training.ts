/** What a training job asks of a worker and what it gets back. Plain data, structured-clone friendly. */
import type { PruningPlan } from '../engine/pruners/types';
import type { EpochRecord, Metrics, ObjectiveMetric } from '../engine/study/types';
import type { InputLayout } from '../data/types';
import type { LearnerModel, LearnerSpec } from '../learners/registry';

export type Activation = 'relu' | 'tanh' | 'elu' | 'selu' | 'gelu' | 'swish' | 'mish' | 'softplus' | 'sigmoid' | 'linear';
export type OptimizerName = 'adam' | 'adamw' | 'rmsprop' | 'sgd' | 'adagrad';
export type Normalization = 'none' | 'batch' | 'layer';

export type LearningRateSchedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'exponential'; readonly decay: number }
  | { readonly kind: 'step'; readonly every: number; readonly factor: number }
  | { readonly kind: 'cosine'; readonly warmupEpochs: number }
  | { readonly kind: 'plateau'; readonly patience: number; readonly factor: number };

export interface HiddenLayerSpec {
  readonly units: number;
  readonly activation: Activation;
  /** Dropout rate after the layer, 0 for none. */
  readonly dropout: number;
}

export type PoolingKind = 'max' | 'avg' | 'none';

/** One convolutional block: a convolution (then the spec's normalisation and ReLU), pooling, dropout. */
export interface ConvBlockSpec {
  readonly filters: number;
  readonly kernelSize: 3 | 5 | 7;
  /** 2×2 pooling after the convolution; 'none' keeps the resolution. */
  readonly pooling: PoolingKind;
  readonly dropout: number;
}

/**
 * The model family and its shape. Every family ends in the spec's `hidden` dense layers and a task head
 * (softmax over classes, or one linear unit), so `hidden` is the head of the convolutional and text families.
 * - mlp: dense layers on a table (or a flattened image); `residual` adds skip connections around them.
 * - cnn: convolutional blocks on images, then global pooling or flattening.
 * - bow: a bag-of-words (multi-hot) or TF-IDF vector of the token ids.
 * - embedding: learned word vectors, averaged or max-pooled over the sequence.
 * - conv1d: learned word vectors, a 1-D convolution over them, global max pooling.
 * - gbdt: gradient-boosted decision trees (src/learners/gbdt), tables only; not a network, so `hidden`, the
 *   optimiser and the training strategy do not apply.
 * - linear: a regularised linear model solved exactly (logistic or ridge regression, src/learners/linear),
 *   tables only; `alpha` is the L2 strength.
 * - forest: a random forest or extremely randomised trees (src/learners/forest), tables only; like gbdt, not
 *   a network.
 * Text families keep the first `sequenceLength` tokens and the `vocabularySize` most frequent ids.
 */
export type Architecture =
  | { readonly kind: 'mlp'; readonly residual: boolean }
  | {
      readonly kind: 'cnn';
      readonly blocks: readonly ConvBlockSpec[];
      /** Depthwise-separable convolutions: far fewer weights for the same receptive field. */
      readonly separable: boolean;
      readonly globalPooling: 'avg' | 'max' | 'flatten';
    }
  | { readonly kind: 'bow'; readonly vocabularySize: number; readonly tfidf: boolean }
  | { readonly kind: 'embedding'; readonly vocabularySize: number; readonly sequenceLength: number; readonly embeddingDim: number; readonly pooling: 'avg' | 'max' }
  | {
      readonly kind: 'conv1d';
      readonly vocabularySize: number;
      readonly sequenceLength: number;
      readonly embeddingDim: number;
      readonly filters: number;
      readonly kernelSize: number;
    }
  | LearnerSpec;

/** Families that are not networks: fitted by src/learners in the worker, without tfjs. */
export type LearnerArchitecture = Extract<Architecture, { kind: LearnerSpec['kind'] }>;
const LEARNER_KINDS: readonly string[] = ['gbdt', 'linear', 'forest'] satisfies readonly LearnerSpec['kind'][];
export const isLearnerArchitecture = (architecture: Architecture): architecture is LearnerArchitecture => LEARNER_KINDS.includes(architecture.kind);

/**
 * A learner reports (and may be pruned) every this many boosting rounds or forest trees: its "epoch", so
 * curves, pruning plans and budgets read trees and networks alike. A linear model reports once, at the
 * solver's end.
 */
export const LEARNER_EVALUATE_EVERY = 10;

export type ArchitectureKind = Architecture['kind'];

/**
 * The training loss. 'auto' is cross-entropy for classification and mean squared error for regression.
 * Focal and cross-entropy are for classification, mse/mae/huber for regression (on standardised targets,
 * so Huber's delta is in standard deviations of the target).
 */
export type LossSpec =
  | { readonly kind: 'auto' }
  | { readonly kind: 'cross-entropy'; readonly labelSmoothing: number }
  | { readonly kind: 'focal'; readonly gamma: number }
  | { readonly kind: 'mse' }
  | { readonly kind: 'mae' }
  | { readonly kind: 'huber'; readonly delta: number };

/** Random changes to each training batch of images (never at evaluation); ignored for other inputs. */
export interface Augmentation {
  /** Mirror half of the images left–right. */
  readonly flip: boolean;
  /** Largest shift, as a fraction of the height and width. */
  readonly shift: number;
  /** Largest rotation either way, in degrees. */
  readonly rotation: number;
  /** Standard deviation of Gaussian noise added to pixel values. */
  readonly noise: number;
}

export const NO_AUGMENTATION: Augmentation = { flip: false, shift: 0, rotation: 0, noise: 0 };

/** A network and how to train it; the output head follows from the task. */
export interface ModelSpec {
  readonly architecture: Architecture;
  /** Dense layers: the whole MLP, or the head of the other families. */
  readonly hidden: readonly HiddenLayerSpec[];
  readonly loss: LossSpec;
  readonly augmentation: Augmentation;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Normalisation after each hidden layer's affine part, before its activation. */
  readonly normalization: Normalization;
  /** L2 penalty on kernel weights, added to the loss (Keras kernel_regularizer). */
  readonly l2: number;
  /** Decoupled weight decay (AdamW); 0 for other optimizers. */
  readonly weightDecay: number;
  /** SGD momentum and Nesterov. */
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly schedule: LearningRateSchedule;
  /** Stop a run after this many epochs without a better validation loss; null: never. */
  readonly patience: number | null;
  /** Clip gradients to this global norm; null: no clipping. */
  readonly clipNorm: number | null;
  /** 'balanced' weighs each class by n / (k · count), as scikit-learn does, against imbalance. */
  readonly classWeight: 'none' | 'balanced';
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
  /**
   * Return each run's final outputs on its evaluation rows (`TrainingResult.evaluationOutputs`): the
   * out-of-fold predictions that ensemble selection blends.
   */
  readonly keepEvaluationOutputs?: boolean;
  /** Early-stopping rule checked after each epoch of the first run; absent: train every epoch. */
  readonly pruning?: { readonly plan: PruningPlan; readonly direction: 'maximize' | 'minimize' };
}

export interface TrainingResult {
  /** Final metrics of each run on its evaluation rows. */
  readonly runs: readonly Metrics[];
  readonly backend: string;
  readonly durationMs: number;
  /** Epochs each run trained (fewer than planned after early stopping or pruning). */
  readonly epochsRun: readonly number[];
  /** Set when the pruning plan stopped the trial: the number of epochs it finished. */
  readonly prunedAtEpoch?: number;
  /** Epochs at which the trial passed a rung and went on training (ASHA, Hyperband). */
  readonly promotions?: readonly number[];
  /** The trained model, when the job asked for it. */
  readonly model?: TrainedModel;
  /** Size of the model and the median time to predict one row on the backend that trained it. */
  readonly cost?: { readonly parameters: number; readonly bytes: number; readonly latencyMs: number };
  /**
   * With `keepEvaluationOutputs`: each run's outputs on its evaluation rows, in the order of its `evaluate`
   * rows (probabilities n × k, or predictions in the target's units).
   */
  readonly evaluationOutputs?: readonly Float32Array[];
  /** Outputs on the evaluation rows of a test refit (probabilities n × k, or predictions), with their targets. */
  readonly testPredictions?: { readonly outputs: Float32Array; readonly targets: Float32Array };
  /**
   * Set when the trial was trained together with others as one computation (see ./grouping.ts): `size`
   * models in the group. Everything else is what training it alone gives; `durationMs` is its share.
   */
  readonly group?: { readonly size: number };
}

/** What a user needs to feed a trained model: its input layout and scaling, and the meaning of its outputs. */
export interface ModelPreprocessing {
  /** The dataset's input layout; tables are scaled with mean and std, images and tokens are not. */
  readonly input: InputLayout;
  /** Token models read the first `sequenceLength` ids, ids ≥ `vocabularySize` replaced by UNKNOWN_TOKEN. */
  readonly tokens?: { readonly sequenceLength: number; readonly vocabularySize: number };
  /**
   * Bag-of-words models read a vocabularySize vector per row: 1 where an id occurs (padding ignored), or,
   * with `idf`, TF-IDF: count × idf[id], then the row scaled to unit L2 norm.
   */
  readonly bagOfWords?: { readonly vocabularySize: number; readonly idf: readonly number[] | null };
  readonly featureNames: readonly string[];
  /** Inputs are (x − mean) / std, column by column (networks on tables only; empty otherwise). */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Output i is the probability of classNames[i]; empty for regression. */
  readonly classNames: readonly string[];
  /** Regression output is y·std + mean (networks; learners predict in the target's units: mean 0, std 1). */
  readonly targetScale: { readonly mean: number; readonly std: number };
}

/**
 * A network in TensorFlow.js Layers form (topology, weight specs, weights) plus its preprocessing. `format`
 * is absent in studies saved before other kinds of model existed.
 */
export interface LayersTrainedModel {
  readonly format?: 'tfjs-layers';
  readonly modelTopology: object;
  readonly weightSpecs: readonly { name: string; shape: number[]; dtype: string }[];
  readonly weightData: ArrayBuffer;
  readonly preprocessing: ModelPreprocessing;
}

/** A fitted learner (trees or a linear model) as plain data; it reads raw encoded rows. */
export interface LearnerTrainedModel {
  readonly format: 'learner';
  readonly learner: LearnerModel;
  readonly preprocessing: ModelPreprocessing;
}

/** A weighted average of members' outputs (greedy ensemble selection); weights sum to 1. */
export interface EnsembleTrainedModel {
  readonly format: 'ensemble';
  readonly members: readonly { readonly trialNumber: number; readonly weight: number; readonly model: LayersTrainedModel | LearnerTrainedModel }[];
  readonly preprocessing: ModelPreprocessing;
}

export type TrainedModel = LayersTrainedModel | LearnerTrainedModel | EnsembleTrainedModel;

export const isLayersModel = (model: TrainedModel): model is LayersTrainedModel => model.format === undefined || model.format === 'tfjs-layers';

export type { EpochRecord };

/** Training settings of a plain run (Keras defaults): what a ModelSpec holds unless a study says otherwise. */
export const TRAINING_DEFAULTS = {
  architecture: { kind: 'mlp', residual: false },
  loss: { kind: 'auto' },
  augmentation: { flip: false, shift: 0, rotation: 0, noise: 0 },
  normalization: 'none',
  l2: 0,
  weightDecay: 0,
  momentum: 0.9,
  nesterov: true,
  schedule: { kind: 'constant' },
  patience: null,
  clipNorm: null,
  classWeight: 'none',
} as const satisfies Omit<ModelSpec, 'hidden' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs'>;

/** A ModelSpec from the essentials, every other setting at its default. */
export function denseSpec(essentials: Pick<ModelSpec, 'hidden' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs'> & Partial<ModelSpec>): ModelSpec {
  return { ...TRAINING_DEFAULTS, ...essentials };
}
