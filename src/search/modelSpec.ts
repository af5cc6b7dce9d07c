/**
 * Maps a trial's parameters (plus the preset's fixed settings) onto the ModelSpec a worker trains. Parameter
 * names are a small vocabulary so any search space built from them trains without code. Each numeric
 * parameter has one rule (NUMERIC_RULES), applied both to a space before it runs and to each trial:
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
 * - cnn: conv_blocks, filters (first block; block i defaults to filters·2^(i−1), at most 4096), filters_<i>, kernel_size
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

function oneOf<T extends string>(values: ParamSet, name: string, allowed: readonly T[], fallback: T): T {
  const value = pick(values, name) ?? fallback;
  if (!allowed.includes(value as T)) throw new ModelSpecError(`"${name}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/**
 * A numeric parameter's allowed values: [min, max] (min excluded when `minExclusive`), whole numbers only when
 * `integer`, only `choices` when given, and the `words` it also takes. `text` says so in a message.
 */
interface NumericRule {
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
  readonly integer?: boolean;
  readonly choices?: readonly number[];
  readonly text: string;
  readonly words?: readonly string[];
}

/** The most filters a convolution block may have, searched (`filters`, `filters_<i>`) or derived (first·2^i). */
export const MAX_FILTERS = 4096;

/**
 * Allowed values of the parameters the models understand: the one rule per parameter that both the space
 * check (modelSpaceProblems, before a study runs) and the trial's parse (toModelSpec) apply, so a space the
 * check accepts never fails a trial on a value's range. `units_<i>`, `dropout_<i>` and `filters_<i>` follow
 * their base parameter's rule. A cnn's `kernel_size` has its own rule, CNN_KERNEL_RULE.
 */
const NUMERIC_RULES: Readonly<Record<string, NumericRule>> = {
  layers: { min: 0, max: 16, integer: true, text: 'a whole number from 0 to 16' },
  units: { min: 1, max: 65536, integer: true, text: 'a whole number from 1 to 65536' },
  dropout: { min: 0, max: 0.99, text: 'in [0, 1)' },
  learning_rate: { min: 0, max: 10, minExclusive: true, text: 'above 0 (and at most 10)' },
  batch_size: { min: 1, max: 65536, integer: true, text: 'a whole number from 1 to 65536' },
  epochs: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  l2: { min: 0, max: 1, text: 'in [0, 1]' },
  weight_decay: { min: 0, max: 1, text: 'in [0, 1]' },
  momentum: { min: 0, max: 0.999, text: 'in [0, 1)' },
  lr_decay: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  lr_factor: { min: 0, max: 1, minExclusive: true, text: 'in (0, 1]' },
  lr_step_every: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  warmup_epochs: { min: 0, max: 100000, integer: true, text: 'a whole number from 0 to 100000' },
  plateau_patience: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
  // 'none' (never stop early, never clip) is what toModelSpec reads when the parameter is absent.
  patience: { min: 1, max: 100000, integer: true, words: ['none'], text: "a whole number from 1 to 100000, or 'none'" },
  clipnorm: { min: 0, max: 1e6, minExclusive: true, words: ['none'], text: "above 0 (and at most 1e6), or 'none'" },
  conv_blocks: { min: 1, max: 8, integer: true, text: 'a whole number from 1 to 8' },
  filters: { min: 1, max: MAX_FILTERS, integer: true, text: `a whole number from 1 to ${MAX_FILTERS}` },
  // conv1d's; a cnn's is CNN_KERNEL_RULE.
  kernel_size: { min: 1, max: 15, integer: true, text: 'a whole number from 1 to 15 (for a conv1d model)' },
  conv_dropout: { min: 0, max: 0.99, text: 'in [0, 1)' },
  embedding_dim: { min: 1, max: 4096, integer: true, text: 'a whole number from 1 to 4096' },
  vocab_size: { min: 3, max: 1e6, integer: true, text: 'a whole number of at least 3 (padding, unknown and one word)' },
  sequence_length: { min: 1, max: 100000, integer: true, text: 'a whole number from 1 to 100000' },
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

/** The numeric parameters with a rule, for tests that hold the space check and the trial parse to each other. */
export const RULED_PARAMS: readonly string[] = Object.keys(NUMERIC_RULES);

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

/** A cnn's kernel: ConvBlockSpec's 3, 5 or 7 (conv1d reads `kernel_size` under NUMERIC_RULES'). */
const CNN_KERNEL_RULE: NumericRule = { min: 3, max: 7, integer: true, choices: CNN_KERNELS, text: '3, 5 or 7 for a cnn' };

const ruleFor = (name: string): NumericRule | undefined => NUMERIC_RULES[name.replace(/_\d+$/, '')];

const ruleHolds = (rule: NumericRule, value: unknown): boolean =>
  (typeof value === 'string' && (rule.words?.includes(value) ?? false)) ||
  (typeof value === 'number' &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.choices?.includes(value) ?? true));

/**
 * Values a range parameter can give that break an integer or choices rule its ends pass: a float range of a
 * whole-number parameter (unless its step keeps it whole), or an int range crossing a value not among the
 * choices (3..7 gives 4 to a cnn's kernel). Its ends are checked on their own.
 */
function rangeGaps(rule: NumericRule, param: Exclude<SearchSpace['params'][number], { kind: 'categorical' }>): string[] {
  if (param.low === param.high || !ruleHolds(rule, param.low) || !ruleHolds(rule, param.high)) return [];
  const step = param.step ?? (param.kind === 'int' ? 1 : 0);
  if (rule.integer && !(Number.isInteger(step) && step > 0 && Number.isInteger(param.low))) return [`${param.kind === 'float' ? 'a float' : 'a'} range from ${param.low} to ${param.high}`];
  if (!rule.choices) return [];
  const bad: string[] = [];
  // Ends within the rule's [min, max] keep this walk short.
  for (let v = param.low; v <= param.high; v += step) if (!rule.choices.includes(v)) bad.push(JSON.stringify(v));
  return bad;
}

/** The rule a space's `kernel_size` meets: a cnn's unless the space's `family` choices rule a cnn out. */
function spaceRuleFor(name: string, space: SearchSpace): NumericRule | undefined {
  if (name !== 'kernel_size') return ruleFor(name);
  const family = space.params.find((p) => p.name === 'family');
  const cnnPossible = !family || family.kind !== 'categorical' || family.choices.includes('cnn');
  return cnnPossible ? CNN_KERNEL_RULE : ruleFor(name);
}

/**
 * Problems that would make trials fail: a choice of activation or optimizer the models do not know, or a
 * range outside what a parameter allows, by the same rules toModelSpec applies to each trial. A space's
 * `kernel_size` is held to a cnn's 3, 5 or 7 unless its `family` choices leave cnn out (the space alone
 * does not say the dataset or fixed family). Unknown parameter names are allowed (they are simply recorded).
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
    const rule = spaceRuleFor(param.name, space);
    if (!rule) continue;
    const values = param.kind === 'categorical' ? param.choices : [param.low, param.high];
    for (const value of values) {
      if (!ruleHolds(rule, value)) problems.push(`"${param.name}" must be ${rule.text}; got ${JSON.stringify(value)}`);
    }
    if (param.kind !== 'categorical') {
      const gaps = rangeGaps(rule, param);
      if (gaps.length > 0) problems.push(`"${param.name}" must be ${rule.text}; the range gives ${gaps.join(', ')}`);
    }
  }
  return problems;
}

/**
 * The parameter's value (the fallback where not given) under its rule, NUMERIC_RULES' unless another is
 * given, or a ModelSpecError naming the parameter: the same rule modelSpaceProblems checks a space with.
 */
function checkedValue<T extends number | string>(values: ParamSet, name: string, fallback: T, rule: NumericRule = ruleFor(name)!): T {
  const value = pick(values, name) ?? fallback;
  if (typeof value !== 'number' && !rule.words) throw new ModelSpecError(`"${name}" must be a number, got ${JSON.stringify(value)}`);
  if (!ruleHolds(rule, value)) throw new ModelSpecError(`"${name}" must be ${rule.text}; got ${JSON.stringify(value)}`);
  return value as T;
}

/** A numeric parameter under its rule (see checkedValue). */
const ruledNumber = (values: ParamSet, name: string, fallback: number, rule?: NumericRule): number => checkedValue<number>(values, name, fallback, rule);

/**
 * A per-layer or per-block parameter (`units_2`) where given, else its base (`units`), else the default:
 * checked under the base's rule and named as given, so a message names the parameter that was set.
 */
function perLayer(values: ParamSet, base: string, i: number, fallback: number): number {
  const own = `${base}_${i + 1}`;
  return ruledNumber(values, pick(values, own) !== undefined ? own : base, fallback, ruleFor(base));
}

function booleanOf(values: ParamSet, name: string, fallback: boolean): boolean {
  const value = pick(values, name) ?? fallback;
  if (!BOOLEAN_VALUES.includes(value)) throw new ModelSpecError(`"${name}" must be true or false, got ${JSON.stringify(value)}`);
  return value === true || value === 'true';
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

/**
 * Block i's filters: `filters_<i>` where given, else the first block's doubled per block (first·2^(i−1)),
 * which is held to the same MAX_FILTERS as a searched value, naming the block that crosses it.
 */
function blockFilters(values: ParamSet, i: number, first: number): number {
  if (pick(values, `filters_${i + 1}`) !== undefined) return ruledNumber(values, `filters_${i + 1}`, first, ruleFor('filters'));
  const derived = first * 2 ** i;
  if (derived > MAX_FILTERS) {
    throw new ModelSpecError(
      `Block ${i + 1} of the cnn would have filters·2^${i} = ${first}·${2 ** i} = ${derived} filters, over the ${MAX_FILTERS} a block may have; lower "filters" or "conv_blocks", or set "filters_${i + 1}"`,
    );
  }
  return derived;
}

function cnnOf(values: ParamSet, layout: InputLayout): Architecture {
  const blocks = ruledNumber(values, 'conv_blocks', FAMILY_DEFAULTS.conv_blocks);
  const kernelSize = ruledNumber(values, 'kernel_size', FAMILY_DEFAULTS.kernel_size, CNN_KERNEL_RULE) as ConvBlockSpec['kernelSize'];
  const dropout = pick(values, 'conv_dropout') !== undefined ? ruledNumber(values, 'conv_dropout', 0) : ruledNumber(values, 'dropout', DEFAULTS.dropout);
  const first = ruledNumber(values, 'filters', FAMILY_DEFAULTS.filters);
  const pooling = oneOf(values, 'pooling', POOLINGS, 'max');
  const spec = Array.from({ length: blocks }, (_, i): ConvBlockSpec => ({ filters: blockFilters(values, i, first), kernelSize, pooling, dropout }));
  const defaultPooling = featureMapSize(layout, spec) <= FLATTEN_LIMIT ? 'flatten' : 'avg';
  return { kind: 'cnn', blocks: spec, separable: booleanOf(values, 'separable', false), globalPooling: oneOf(values, 'global_pooling', GLOBAL_POOLINGS, defaultPooling) };
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
  const vocabularySize = () => ruledNumber(values, 'vocab_size', tokens?.vocabularySize ?? FAMILY_DEFAULTS.vocab_size);
  const sequenceLength = () => ruledNumber(values, 'sequence_length', tokens?.sequenceLength ?? FAMILY_DEFAULTS.sequence_length);
  const embeddingDim = () => ruledNumber(values, 'embedding_dim', FAMILY_DEFAULTS.embedding_dim);
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
      return { kind: 'linear', params: { ...LINEAR_DEFAULTS, alpha: ruledNumber(values, 'linear_alpha', LINEAR_DEFAULTS.alpha) } };
    case 'conv1d':
      return {
        kind: 'conv1d',
        vocabularySize: vocabularySize(),
        sequenceLength: sequenceLength(),
        embeddingDim: embeddingDim(),
        filters: ruledNumber(values, 'filters', FAMILY_DEFAULTS.text_filters),
        kernelSize: ruledNumber(values, 'kernel_size', FAMILY_DEFAULTS.text_kernel_size),
      };
  }
}

function lossOf(values: ParamSet): LossSpec {
  const kind = oneOf(values, 'loss', LOSSES, 'auto');
  switch (kind) {
    case 'cross-entropy':
      return { kind, labelSmoothing: ruledNumber(values, 'label_smoothing', 0) };
    case 'focal':
      return { kind, gamma: ruledNumber(values, 'focal_gamma', 2) }; // the focal-loss paper's γ
    case 'huber':
      return { kind, delta: ruledNumber(values, 'huber_delta', 1) };
    default:
      return { kind };
  }
}

/** Parsed whatever the layout: the worker applies augmentation to images only and ignores it otherwise. */
function augmentationOf(values: ParamSet): Augmentation {
  return {
    flip: booleanOf(values, 'augment_flip', false),
    shift: ruledNumber(values, 'augment_shift', 0),
    rotation: ruledNumber(values, 'augment_rotation', 0),
    noise: ruledNumber(values, 'augment_noise', 0),
  };
}

/**
 * The ModelSpec for a trial. `layout` (the dataset's; a table when absent) picks the default family and the
 * text models' default vocabulary and sequence length.
 */
export function toModelSpec(params: ParamSet, fixed: ParamSet, maxEpochs: number | null, layout: InputLayout = { kind: 'table' }): ModelSpec {
  const values: ParamSet = { ...fixed, ...params };
  const layers = ruledNumber(values, 'layers', DEFAULTS.layers);
  const activation = oneOf(values, 'activation', ACTIVATIONS, DEFAULTS.activation);
  const hidden = Array.from({ length: layers }, (_, i) => ({
    units: perLayer(values, 'units', i, DEFAULTS.units),
    activation,
    dropout: perLayer(values, 'dropout', i, DEFAULTS.dropout),
  }));
  const epochs = ruledNumber(values, 'epochs', DEFAULTS.epochs);
  const optimizer = oneOf(values, 'optimizer', OPTIMIZERS, DEFAULTS.optimizer);
  const optional = (name: string): number | null => {
    const value = checkedValue<number | string>(values, name, 'none');
    return value === 'none' ? null : (value as number);
  };
  const architecture = learnerWithinCap(architectureOf(values, layout), maxEpochs);
  return {
    architecture,
    hidden,
    loss: lossOf(values),
    augmentation: augmentationOf(values),
    optimizer,
    learningRate: ruledNumber(values, 'learning_rate', DEFAULTS.learning_rate),
    batchSize: ruledNumber(values, 'batch_size', DEFAULTS.batch_size),
    epochs: isLearnerArchitecture(architecture) ? learnerEpochs(architecture) : Math.max(1, maxEpochs === null ? epochs : Math.min(epochs, maxEpochs)),
    normalization: oneOf(values, 'normalization', NORMALIZATIONS, TRAINING_DEFAULTS.normalization),
    l2: ruledNumber(values, 'l2', TRAINING_DEFAULTS.l2),
    // AdamW's decoupled decay; 0.01 is PyTorch's and Keras' default for it.
    weightDecay: optimizer === 'adamw' ? ruledNumber(values, 'weight_decay', 0.01) : 0,
    momentum: ruledNumber(values, 'momentum', TRAINING_DEFAULTS.momentum),
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
      return { kind, decay: ruledNumber(values, 'lr_decay', 0.96) };
    case 'step':
      return { kind, every: ruledNumber(values, 'lr_step_every', 10), factor: ruledNumber(values, 'lr_factor', 0.5) };
    case 'cosine':
      return { kind, warmupEpochs: ruledNumber(values, 'warmup_epochs', 0) };
    case 'plateau':
      return { kind, patience: ruledNumber(values, 'plateau_patience', 5), factor: ruledNumber(values, 'lr_factor', 0.5) };
  }
}
