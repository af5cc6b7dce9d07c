/**
 * Maps a trial's parameters (plus the preset's fixed settings) onto the ModelSpec a worker trains. Parameter
 * names are a small vocabulary so any search space built from them trains without code:
 * - architecture: layers, units, units_<i>, activation, dropout, dropout_<i>, normalization (none|batch|layer), l2
 * - optimiser: optimizer (adam|adamw|rmsprop|sgd|adagrad), learning_rate, weight_decay, momentum, nesterov
 * - strategy: batch_size, epochs, lr_schedule (constant|exponential|step|cosine|plateau) with lr_decay,
 *   lr_step_every, lr_factor, warmup_epochs, plateau_patience; patience (early stopping), clipnorm,
 *   class_weight (none|balanced).
 */
import type { ParamSet, ParamValue, SearchSpace } from '../engine/space/types';
import { TRAINING_DEFAULTS, type Activation, type LearningRateSchedule, type ModelSpec, type Normalization, type OptimizerName } from '../protocol/training';

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'selu', 'gelu', 'swish', 'mish', 'softplus', 'sigmoid', 'linear'];
const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'adamw', 'rmsprop', 'sgd', 'adagrad'];
const NORMALIZATIONS: readonly Normalization[] = ['none', 'batch', 'layer'];
const SCHEDULES: readonly LearningRateSchedule['kind'][] = ['constant', 'exponential', 'step', 'cosine', 'plateau'];
const CLASS_WEIGHTS = ['none', 'balanced'] as const;

/** Keras' defaults where a setting is neither searched nor fixed. */
const DEFAULTS = { layers: 1, units: 64, activation: 'relu', dropout: 0, optimizer: 'adam', learning_rate: 0.001, batch_size: 32, epochs: 50 } as const;

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
const NUMERIC_RULES: Readonly<Record<string, { readonly min: number; readonly max: number; readonly minExclusive?: boolean; readonly integer?: boolean; readonly text: string }>> = {
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
};

const CHOICE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  activation: ACTIVATIONS,
  optimizer: OPTIMIZERS,
  normalization: NORMALIZATIONS,
  lr_schedule: SCHEDULES,
  class_weight: CLASS_WEIGHTS,
};

const ruleFor = (name: string) => NUMERIC_RULES[name.replace(/_\d+$/, '')];

/**
 * Problems that would make trials fail: a choice of activation or optimizer the models do not know, or a
 * range outside what a parameter allows. Unknown parameter names are allowed (they are simply recorded).
 */
export function modelSpaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  for (const param of space.params) {
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
      const ok = typeof value === 'number' && (rule.minExclusive ? value > rule.min : value >= rule.min) && value <= rule.max && (!rule.integer || Number.isInteger(value));
      if (!ok) problems.push(`"${param.name}" must be ${rule.text}; got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

export function toModelSpec(params: ParamSet, fixed: ParamSet, maxEpochs: number | null): ModelSpec {
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
  return {
    hidden,
    optimizer,
    learningRate: numberOf(values, 'learning_rate', DEFAULTS.learning_rate),
    batchSize: Math.max(1, Math.round(numberOf(values, 'batch_size', DEFAULTS.batch_size))),
    epochs: Math.max(1, maxEpochs === null ? epochs : Math.min(epochs, maxEpochs)),
    normalization: oneOf(values, 'normalization', NORMALIZATIONS, TRAINING_DEFAULTS.normalization),
    l2: numberOf(values, 'l2', TRAINING_DEFAULTS.l2),
    // AdamW's decoupled decay; 0.01 is PyTorch's and Keras' default for it.
    weightDecay: optimizer === 'adamw' ? numberOf(values, 'weight_decay', 0.01) : 0,
    momentum: numberOf(values, 'momentum', TRAINING_DEFAULTS.momentum),
    nesterov: values['nesterov'] === undefined ? TRAINING_DEFAULTS.nesterov : values['nesterov'] === true || values['nesterov'] === 'true',
    schedule: scheduleOf(values),
    patience: optional('patience'),
    clipNorm: optional('clipnorm'),
    classWeight: oneOf(values, 'class_weight', CLASS_WEIGHTS, TRAINING_DEFAULTS.classWeight),
  };
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
