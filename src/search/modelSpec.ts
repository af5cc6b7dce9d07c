/**
 * Maps a trial's parameters (plus the preset's fixed settings) onto the ModelSpec a worker trains. Parameter
 * names are a small vocabulary so any search space built from them trains without code:
 * - family: mlp|cnn|bow|embedding|conv1d|gbdt|forest|linear; by default the dataset's layout decides (mlp for tables, cnn for
 *   images, embedding for token ids).
 * - gbdt (gradient-boosted trees, tables): gbdt_learning_rate, gbdt_leaves (most leaves per tree), gbdt_depth
 *   (0: unlimited), gbdt_min_leaf (fewest rows per leaf), gbdt_l2, gbdt_colsample (share of columns per tree),
 *   gbdt_subsample (share of rows per tree), gbdt_rounds (most boosting rounds), gbdt_early_stop (rounds
 *   without a better validation loss before stopping; 0: never), gbdt_bins
 * - forest (random forest or extremely randomised trees, tables): forest_trees, forest_splitter (best: a
 *   random forest; random: extra trees), forest_max_features (sqrt, or the share of columns tried per split),
 *   forest_bootstrap (true|false), forest_min_leaf, forest_depth (0: unlimited), forest_bins
 * - linear (logistic or ridge regression solved exactly, tables): linear_alpha (the L2 strength)
 * - dense layers (the MLP, or the head of the other families): layers, units, units_<i>, activation,
 *   dropout, dropout_<i>, normalization (none|batch|layer, also after convolutions), l2; residual (mlp:
 *   skip connections, true|false)
 * - cnn: conv_blocks, filters (first block; block i defaults to filters·2^(i−1)), filters_<i>, kernel_size
 *   (3|5|7), pooling (max|avg|none, after each block), conv_dropout (after each block; default `dropout`),
 *   separable (true|false), global_pooling (avg|max|flatten; by default flatten when the last feature map
 *   holds at most FLATTEN_LIMIT values, else avg)
 * - text: vocab_size and sequence_length (default: the dataset's), embedding_dim, text_pooling (avg|max,
 *   embedding), tfidf (true|false, bow), filters and kernel_size (conv1d)
 * - loss: auto|cross-entropy|focal|mse|mae|huber, with label_smoothing, focal_gamma, huber_delta
 * - augmentation (images): augment_flip (true|false), augment_shift (fraction of the size), augment_rotation
 *   (degrees), augment_noise (std of pixel noise)
 * - optimiser: optimizer (adam|adamw|rmsprop|sgd|adagrad), learning_rate, weight_decay, momentum, nesterov
 * - strategy: batch_size, epochs, lr_schedule (constant|exponential|step|cosine|plateau) with lr_decay,
 *   lr_step_every, lr_factor, warmup_epochs, plateau_patience; patience (early stopping), clipnorm,
 *   class_weight (none|balanced).
 */
import type { ParamSet, ParamValue, SearchSpace } from '../engine/space/types';
import type { InputLayout } from '../data/types';
import { FOREST_DEFAULTS, type ForestParams } from '../learners/forest';
import { GBDT_DEFAULTS, type GbdtParams } from '../learners/gbdt';
import { LINEAR_DEFAULTS } from '../learners/linear';
import {
  isLearnerArchitecture,
  LEARNER_EVALUATE_EVERY,
  type LearnerArchitecture,
  TRAINING_DEFAULTS,
  type Activation,
  type Architecture,
  type ArchitectureKind,
  type Augmentation,
  type ConvBlockSpec,
  type LearningRateSchedule,
  type LossSpec,
  type ModelSpec,
  type Normalization,
  type OptimizerName,
  type PoolingKind,
} from '../protocol/training';

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'selu', 'gelu', 'swish', 'mish', 'softplus', 'sigmoid', 'linear'];
const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'adamw', 'rmsprop', 'sgd', 'adagrad'];
const NORMALIZATIONS: readonly Normalization[] = ['none', 'batch', 'layer'];
const SCHEDULES: readonly LearningRateSchedule['kind'][] = ['constant', 'exponential', 'step', 'cosine', 'plateau'];
const CLASS_WEIGHTS = ['none', 'balanced'] as const;
const FAMILIES: readonly ArchitectureKind[] = ['mlp', 'cnn', 'bow', 'embedding', 'conv1d', 'gbdt', 'forest', 'linear'];
const FOREST_SPLITTERS = ['best', 'random'] as const;
const POOLINGS: readonly PoolingKind[] = ['max', 'avg', 'none'];
const GLOBAL_POOLINGS = ['avg', 'max', 'flatten'] as const;
const TEXT_POOLINGS = ['avg', 'max'] as const;
const LOSSES: readonly LossSpec['kind'][] = ['auto', 'cross-entropy', 'focal', 'mse', 'mae', 'huber'];
const CNN_KERNELS = [3, 5, 7] as const;
/** Parameters that are switches: true/false, or the strings 'true'/'false' a URL or editor may give. */
const BOOLEAN_PARAMS = ['nesterov', 'residual', 'separable', 'tfidf', 'augment_flip', 'forest_bootstrap'] as const;
const BOOLEAN_VALUES: readonly ParamValue[] = [true, false, 'true', 'false'];

/** Keras' defaults where a setting is neither searched nor fixed. */
const DEFAULTS = { layers: 1, units: 64, activation: 'relu', dropout: 0, optimizer: 'adam', learning_rate: 0.001, batch_size: 32, epochs: 50 } as const;
/** Defaults of the other families: a small VGG-style CNN, and text models after Keras' examples. */
const FAMILY_DEFAULTS = { conv_blocks: 2, filters: 32, kernel_size: 3, text_filters: 64, text_kernel_size: 5, embedding_dim: 64, vocab_size: 10000, sequence_length: 200 } as const;
const DEFAULT_FAMILY: Record<InputLayout['kind'], ArchitectureKind> = { table: 'mlp', image: 'cnn', tokens: 'embedding' };

export class ModelSpecError extends Error {
  readonly code = 'invalid-model-spec' as const;
}

function pick(values: ParamSet, name: string): ParamValue | undefined {
  return values[name];
}

function numberOf(values: ParamSet, name: string, fallback: number): number {
  const value = pick(values, name) ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ModelSpecError(`"${name}" must be a number, got ${JSON.stringify(value)}`);
  return value;
}

function oneOf<T extends string>(values: ParamSet, name: string, allowed: readonly T[], fallback: T): T {
  const value = pick(values, name) ?? fallback;
  if (!allowed.includes(value as T)) throw new ModelSpecError(`"${name}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** Allowed values of the parameters the models understand, for checking a space before it runs. */
const NUMERIC_RULES: Readonly<
  Record<string, { readonly min: number; readonly max: number; readonly minExclusive?: boolean; readonly integer?: boolean; readonly text: string; readonly words?: readonly string[] }>
> = {
  layers: { min: 0, max: 16, integer: true, text: 'a whole number from 0 to 16' },
  units: { min: 1, max: 65536, integer: true, text: 'a whole number of at least 1' },
  dropout: { min: 0, max: 0.99, text: 'in [0, 1)' },
  learning_rate: { min: 0, max: 10, minExclusive: true, text: 'above 0 (and at most 10)' },
  batch_size: { min: 1, max: 65536, integer: true, text: 'a whole number of at least 1' },
  epochs: { min: 1, max: 100000, integer: true, text: 'a whole number of at least 1' },
  l2: { min: 0, max: 1, text: 'in [0, 1]' },
  weight_decay: { min: 0, max: 1, text: 'in [0, 1]' },
  momentum: { min: 0, max: 0.999, text: 'in [0, 1)' },
  lr_decay: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  lr_factor: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  lr_step_every: { min: 1, max: 100000, integer: true, text: 'a whole number of at least 1' },
  warmup_epochs: { min: 0, max: 100000, integer: true, text: 'a whole number of at least 0' },
  plateau_patience: { min: 1, max: 100000, integer: true, text: 'a whole number of at least 1' },
  patience: { min: 1, max: 100000, integer: true, text: 'a whole number of at least 1' },
  clipnorm: { min: 0, max: 1e6, minExclusive: true, text: 'above 0' },
  conv_blocks: { min: 1, max: 8, integer: true, text: 'a whole number from 1 to 8' },
  filters: { min: 1, max: 4096, integer: true, text: 'a whole number from 1 to 4096' },
  kernel_size: { min: 1, max: 15, integer: true, text: 'a whole number from 1 to 15 (3, 5 or 7 for cnn)' },
  conv_dropout: { min: 0, max: 0.99, text: 'in [0, 1)' },
  embedding_dim: { min: 1, max: 4096, integer: true, text: 'a whole number from 1 to 4096' },
  vocab_size: { min: 3, max: 1e6, integer: true, text: 'a whole number of at least 3 (padding, unknown and one word)' },
  sequence_length: { min: 1, max: 100000, integer: true, text: 'a whole number of at least 1' },
  label_smoothing: { min: 0, max: 0.99, text: 'in [0, 1)' },
  focal_gamma: { min: 0, max: 10, text: 'in [0, 10]' },
  huber_delta: { min: 0, max: 1000, minExclusive: true, text: 'above 0 (and at most 1000)' },
  augment_shift: { min: 0, max: 0.5, text: 'in [0, 0.5]' },
  augment_rotation: { min: 0, max: 180, text: 'in [0, 180] degrees' },
  augment_noise: { min: 0, max: 1, text: 'in [0, 1]' },
  gbdt_learning_rate: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  gbdt_leaves: { min: 2, max: 4096, integer: true, text: 'a whole number from 2 to 4096' },
  gbdt_depth: { min: 0, max: 64, integer: true, text: 'a whole number from 0 (unlimited) to 64' },
  gbdt_min_leaf: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  gbdt_l2: { min: 0, max: 1e6, text: 'in [0, 1e6]' },
  gbdt_colsample: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  gbdt_subsample: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  gbdt_rounds: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  gbdt_early_stop: { min: 0, max: 100000, integer: true, text: 'a whole number of at least 0 (0: never)' },
  gbdt_bins: { min: 2, max: 255, integer: true, text: 'a whole number from 2 to 255' },
  forest_trees: { min: 1, max: 2000, integer: true, text: 'a whole number from 1 to 2000' },
  forest_max_features: { min: 0, max: 1, minExclusive: true, words: ['sqrt'], text: "'sqrt' or a share of the columns in (0, 1]" },
  forest_min_leaf: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  forest_depth: { min: 0, max: 64, integer: true, text: 'a whole number from 0 (unlimited) to 64' },
  forest_bins: { min: 2, max: 255, integer: true, text: 'a whole number from 2 to 255' },
  linear_alpha: { min: 0, max: 1e6, minExclusive: true, text: 'above 0 (and at most 1e6)' },
};

const CHOICE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  activation: ACTIVATIONS,
  optimizer: OPTIMIZERS,
  normalization: NORMALIZATIONS,
  lr_schedule: SCHEDULES,
  class_weight: CLASS_WEIGHTS,
  family: FAMILIES,
  pooling: POOLINGS,
  global_pooling: GLOBAL_POOLINGS,
  text_pooling: TEXT_POOLINGS,
  loss: LOSSES,
  forest_splitter: FOREST_SPLITTERS,
};

const ruleFor = (name: string) => NUMERIC_RULES[name.replace(/_\d+$/, '')];

type NumericRule = NonNullable<ReturnType<typeof ruleFor>>;
const ruleHolds = (rule: NumericRule, value: unknown): boolean =>
  (typeof value === 'string' && (rule.words?.includes(value) ?? false)) ||
  (typeof value === 'number' && (rule.minExclusive ? value > rule.min : value >= rule.min) && value <= rule.max && (!rule.integer || Number.isInteger(value)));

/**
 * Problems that would make trials fail: a choice of activation or optimizer the models do not know, or a
 * range outside what a parameter allows. Unknown parameter names are allowed (they are simply recorded).
 */
export function modelSpaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  for (const param of space.params) {
    if ((BOOLEAN_PARAMS as readonly string[]).includes(param.name)) {
      const bad = param.kind === 'categorical' ? param.choices.filter((c) => !BOOLEAN_VALUES.includes(c)) : ['(a number)'];
      if (bad.length > 0) problems.push(`"${param.name}" takes true or false; ${bad.map((b) => JSON.stringify(b)).join(', ')} is not one of them`);
      continue;
    }
    const allowed = CHOICE_PARAMS[param.name] ?? null;
    if (allowed) {
      const bad = param.kind === 'categorical' ? param.choices.filter((c) => !(allowed as readonly unknown[]).includes(c)) : ['(a number)'];
      if (bad.length > 0) problems.push(`"${param.name}" takes ${allowed.join(', ')}; ${bad.map((b) => JSON.stringify(b)).join(', ')} is not one of them`);
      continue;
    }
    const rule = ruleFor(param.name);
    if (!rule) continue;
    const values = param.kind === 'categorical' ? param.choices : [param.low, param.high];
    for (const value of values) {
      if (!ruleHolds(rule, value)) problems.push(`"${param.name}" must be ${rule.text}; got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function booleanOf(values: ParamSet, name: string, fallback: boolean): boolean {
  const value = pick(values, name) ?? fallback;
  if (!BOOLEAN_VALUES.includes(value)) throw new ModelSpecError(`"${name}" must be true or false, got ${JSON.stringify(value)}`);
  return value === true || value === 'true';
}

/** A whole number within [min, max], or a ModelSpecError naming the parameter. */
function wholeOf(values: ParamSet, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = numberOf(values, name, fallback);
  if (!Number.isInteger(value) || value < min || value > max) throw new ModelSpecError(`"${name}" must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got ${value}`);
  return value;
}

/**
 * Above this many values in the last feature map, flattening would make the dense head huge, so global
 * average pooling is the default. Below it flattening keeps where things are: on 28×28 Fashion-MNIST a
 * 2-block CNN reached 0.85 validation accuracy after 2 epochs of 12,000 images flattened and 0.61 pooled.
 */
const FLATTEN_LIMIT = 4096;

/** The number of values the last block leaves per image: each pooled block halves height and width ('same' padding rounds up). */
function featureMapSize(layout: InputLayout, blocks: readonly ConvBlockSpec[]): number {
  if (layout.kind !== 'image') return Number.POSITIVE_INFINITY;
  let { height, width } = layout;
  for (const block of blocks) {
    if (block.pooling === 'none') continue;
    height = Math.ceil(height / 2);
    width = Math.ceil(width / 2);
  }
  return height * width * (blocks.at(-1)?.filters ?? layout.channels);
}

function cnnOf(values: ParamSet, layout: InputLayout): Architecture {
  const blocks = wholeOf(values, 'conv_blocks', FAMILY_DEFAULTS.conv_blocks, 1, 8);
  const kernelSize = numberOf(values, 'kernel_size', FAMILY_DEFAULTS.kernel_size);
  if (!(CNN_KERNELS as readonly number[]).includes(kernelSize)) throw new ModelSpecError(`A cnn's "kernel_size" must be 3, 5 or 7, got ${kernelSize}`);
  const dropout = numberOf(values, 'conv_dropout', numberOf(values, 'dropout', DEFAULTS.dropout));
  if (dropout < 0 || dropout >= 1) throw new ModelSpecError(`Dropout must be in [0, 1), got ${dropout}`);
  const first = wholeOf(values, 'filters', FAMILY_DEFAULTS.filters, 1);
  const pooling = oneOf(values, 'pooling', POOLINGS, 'max');
  const spec = Array.from(
    { length: blocks },
    (_, i): ConvBlockSpec => ({ filters: wholeOf(values, `filters_${i + 1}`, first * 2 ** i, 1), kernelSize: kernelSize as ConvBlockSpec['kernelSize'], pooling, dropout }),
  );
  const defaultPooling = featureMapSize(layout, spec) <= FLATTEN_LIMIT ? 'flatten' : 'avg';
  return { kind: 'cnn', blocks: spec, separable: booleanOf(values, 'separable', false), globalPooling: oneOf(values, 'global_pooling', GLOBAL_POOLINGS, defaultPooling) };
}

/** The parameter's value (the fallback where not given), or a ModelSpecError when it breaks its rule. */
function checkedValue<T extends number | string>(values: ParamSet, name: string, fallback: T): T {
  const value = pick(values, name) ?? fallback;
  const rule = ruleFor(name)!;
  if (!ruleHolds(rule, value)) throw new ModelSpecError(`"${name}" must be ${rule.text}; got ${JSON.stringify(value)}`);
  return value as T;
}

/** Boosting settings from the gbdt_ parameters, each checked against its rule; GBDT_DEFAULTS where not given. */
function gbdtParamsOf(values: ParamSet): GbdtParams {
  const checked = (name: string, fallback: number): number => checkedValue(values, name, fallback);
  return {
    ...GBDT_DEFAULTS,
    learningRate: checked('gbdt_learning_rate', GBDT_DEFAULTS.learningRate),
    maxLeaves: checked('gbdt_leaves', GBDT_DEFAULTS.maxLeaves),
    maxDepth: checked('gbdt_depth', GBDT_DEFAULTS.maxDepth),
    minSamplesLeaf: checked('gbdt_min_leaf', GBDT_DEFAULTS.minSamplesLeaf),
    l2: checked('gbdt_l2', GBDT_DEFAULTS.l2),
    featureFraction: checked('gbdt_colsample', GBDT_DEFAULTS.featureFraction),
    rowFraction: checked('gbdt_subsample', GBDT_DEFAULTS.rowFraction),
    maxRounds: checked('gbdt_rounds', GBDT_DEFAULTS.maxRounds),
    earlyStoppingRounds: checked('gbdt_early_stop', GBDT_DEFAULTS.earlyStoppingRounds),
    maxBins: checked('gbdt_bins', GBDT_DEFAULTS.maxBins),
  };
}

/** Forest settings from the forest_ parameters, each checked against its rule; FOREST_DEFAULTS where not given. */
function forestParamsOf(values: ParamSet): ForestParams {
  const checked = <T extends number | string>(name: string, fallback: T): T => checkedValue(values, name, fallback);
  return {
    ...FOREST_DEFAULTS,
    trees: checked('forest_trees', FOREST_DEFAULTS.trees),
    splitter: oneOf(values, 'forest_splitter', FOREST_SPLITTERS, FOREST_DEFAULTS.splitter),
    maxFeatures: checked<number | string>('forest_max_features', FOREST_DEFAULTS.maxFeatures) as ForestParams['maxFeatures'],
    bootstrap: booleanOf(values, 'forest_bootstrap', FOREST_DEFAULTS.bootstrap),
    minSamplesLeaf: checked('forest_min_leaf', FOREST_DEFAULTS.minSamplesLeaf),
    maxDepth: checked('forest_depth', FOREST_DEFAULTS.maxDepth),
    maxBins: checked('forest_bins', FOREST_DEFAULTS.maxBins),
  };
}

/** The architecture the parameters name, with defaults from the dataset's layout where it has them. */
function architectureOf(values: ParamSet, layout: InputLayout): Architecture {
  const family = oneOf(values, 'family', FAMILIES, DEFAULT_FAMILY[layout.kind]);
  const tokens = layout.kind === 'tokens' ? layout : null;
  const vocabularySize = () => wholeOf(values, 'vocab_size', tokens?.vocabularySize ?? FAMILY_DEFAULTS.vocab_size, 3);
  const sequenceLength = () => wholeOf(values, 'sequence_length', tokens?.sequenceLength ?? FAMILY_DEFAULTS.sequence_length, 1);
  const embeddingDim = () => wholeOf(values, 'embedding_dim', FAMILY_DEFAULTS.embedding_dim, 1);
  switch (family) {
    case 'mlp':
      return { kind: 'mlp', residual: booleanOf(values, 'residual', false) };
    case 'cnn':
      return cnnOf(values, layout);
    case 'bow':
      return { kind: 'bow', vocabularySize: vocabularySize(), tfidf: booleanOf(values, 'tfidf', true) };
    case 'embedding':
      return { kind: 'embedding', vocabularySize: vocabularySize(), sequenceLength: sequenceLength(), embeddingDim: embeddingDim(), pooling: oneOf(values, 'text_pooling', TEXT_POOLINGS, 'avg') };
    case 'gbdt':
      return { kind: 'gbdt', params: gbdtParamsOf(values) };
    case 'forest':
      return { kind: 'forest', params: forestParamsOf(values) };
    case 'linear':
      return { kind: 'linear', params: { ...LINEAR_DEFAULTS, alpha: numberOf(values, 'linear_alpha', LINEAR_DEFAULTS.alpha) } };
    case 'conv1d':
      return {
        kind: 'conv1d',
        vocabularySize: vocabularySize(),
        sequenceLength: sequenceLength(),
        embeddingDim: embeddingDim(),
        filters: wholeOf(values, 'filters', FAMILY_DEFAULTS.text_filters, 1),
        kernelSize: wholeOf(values, 'kernel_size', FAMILY_DEFAULTS.text_kernel_size, 1, 15),
      };
  }
}

function lossOf(values: ParamSet): LossSpec {
  const kind = oneOf(values, 'loss', LOSSES, 'auto');
  switch (kind) {
    case 'cross-entropy':
      return { kind, labelSmoothing: numberOf(values, 'label_smoothing', 0) };
    case 'focal':
      return { kind, gamma: numberOf(values, 'focal_gamma', 2) }; // the focal-loss paper's γ
    case 'huber':
      return { kind, delta: numberOf(values, 'huber_delta', 1) };
    default:
      return { kind };
  }
}

/** Parsed whatever the layout: the worker applies augmentation to images only and ignores it otherwise. */
function augmentationOf(values: ParamSet): Augmentation {
  return {
    flip: booleanOf(values, 'augment_flip', false),
    shift: numberOf(values, 'augment_shift', 0),
    rotation: numberOf(values, 'augment_rotation', 0),
    noise: numberOf(values, 'augment_noise', 0),
  };
}

/**
 * The ModelSpec for a trial. `layout` (the dataset's; a table when absent) picks the default family and the
 * text models' default vocabulary and sequence length.
 */
export function toModelSpec(params: ParamSet, fixed: ParamSet, maxEpochs: number | null, layout: InputLayout = { kind: 'table' }): ModelSpec {
  const values: ParamSet = { ...fixed, ...params };
  const layers = numberOf(values, 'layers', DEFAULTS.layers);
  if (!Number.isInteger(layers) || layers < 0 || layers > 16) throw new ModelSpecError(`"layers" must be an integer from 0 to 16, got ${layers}`);
  const activation = oneOf(values, 'activation', ACTIVATIONS, DEFAULTS.activation);
  const hidden = Array.from({ length: layers }, (_, i) => {
    const units = numberOf(values, `units_${i + 1}`, numberOf(values, 'units', DEFAULTS.units));
    const dropout = numberOf(values, `dropout_${i + 1}`, numberOf(values, 'dropout', DEFAULTS.dropout));
    if (!Number.isInteger(units) || units < 1) throw new ModelSpecError(`Layer ${i + 1} needs a positive whole number of units, got ${units}`);
    if (dropout < 0 || dropout >= 1) throw new ModelSpecError(`Dropout must be in [0, 1), got ${dropout}`);
    return { units, activation, dropout };
  });
  const epochs = Math.round(numberOf(values, 'epochs', DEFAULTS.epochs));
  const optimizer = oneOf(values, 'optimizer', OPTIMIZERS, DEFAULTS.optimizer);
  const optional = (name: string): number | null => (values[name] === undefined || values[name] === 'none' ? null : numberOf(values, name, 0));
  const architecture = learnerWithinCap(architectureOf(values, layout), maxEpochs);
  return {
    architecture,
    hidden,
    loss: lossOf(values),
    augmentation: augmentationOf(values),
    optimizer,
    learningRate: numberOf(values, 'learning_rate', DEFAULTS.learning_rate),
    batchSize: Math.max(1, Math.round(numberOf(values, 'batch_size', DEFAULTS.batch_size))),
    epochs: isLearnerArchitecture(architecture) ? learnerEpochs(architecture) : Math.max(1, maxEpochs === null ? epochs : Math.min(epochs, maxEpochs)),
    normalization: oneOf(values, 'normalization', NORMALIZATIONS, TRAINING_DEFAULTS.normalization),
    l2: numberOf(values, 'l2', TRAINING_DEFAULTS.l2),
    // AdamW's decoupled decay; 0.01 is PyTorch's and Keras' default for it.
    weightDecay: optimizer === 'adamw' ? numberOf(values, 'weight_decay', 0.01) : 0,
    momentum: numberOf(values, 'momentum', TRAINING_DEFAULTS.momentum),
    nesterov: booleanOf(values, 'nesterov', TRAINING_DEFAULTS.nesterov),
    schedule: scheduleOf(values),
    patience: optional('patience'),
    clipNorm: optional('clipnorm'),
    classWeight: oneOf(values, 'class_weight', CLASS_WEIGHTS, TRAINING_DEFAULTS.classWeight),
  };
}

/**
 * A learner's "epochs" are its evaluation points (protocol/training.ts LEARNER_EVALUATE_EVERY): boosting
 * rounds or forest trees / that, or one for a linear model's single solve. A study's epoch cap caps rounds and
 * trees alike.
 */
function learnerEpochs(architecture: LearnerArchitecture): number {
  switch (architecture.kind) {
    case 'gbdt':
      return Math.max(1, Math.ceil(architecture.params.maxRounds / LEARNER_EVALUATE_EVERY));
    case 'forest':
      return Math.max(1, Math.ceil(architecture.params.trees / LEARNER_EVALUATE_EVERY));
    case 'linear':
      return 1;
  }
}

function learnerWithinCap(architecture: Architecture, maxEpochs: number | null): Architecture {
  if (maxEpochs === null) return architecture;
  const cap = maxEpochs * LEARNER_EVALUATE_EVERY;
  if (architecture.kind === 'gbdt') return { kind: 'gbdt', params: { ...architecture.params, maxRounds: Math.min(architecture.params.maxRounds, cap) } };
  if (architecture.kind === 'forest') return { kind: 'forest', params: { ...architecture.params, trees: Math.min(architecture.params.trees, cap) } };
  return architecture;
}

function scheduleOf(values: ParamSet): LearningRateSchedule {
  const kind = oneOf(values, 'lr_schedule', SCHEDULES, 'constant');
  switch (kind) {
    case 'constant':
      return { kind };
    case 'exponential':
      return { kind, decay: numberOf(values, 'lr_decay', 0.96) };
    case 'step':
      return { kind, every: Math.max(1, Math.round(numberOf(values, 'lr_step_every', 10))), factor: numberOf(values, 'lr_factor', 0.5) };
    case 'cosine':
      return { kind, warmupEpochs: Math.max(0, Math.round(numberOf(values, 'warmup_epochs', 0))) };
    case 'plateau':
      return { kind, patience: Math.max(1, Math.round(numberOf(values, 'plateau_patience', 5))), factor: numberOf(values, 'lr_factor', 0.5) };
  }
}
