/**
 * Maps a trial's parameters (plus the preset's fixed settings) onto the ModelSpec a worker trains. Parameter
 * names are a small vocabulary so any search space built from them trains without code:
 * layers, units, units_<i>, activation, dropout, dropout_<i>, optimizer, learning_rate, batch_size, epochs.
 */
import type { ParamSet, ParamValue, SearchSpace } from '../engine/space/types';
import type { Activation, ModelSpec, OptimizerName } from '../protocol/training';

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'selu', 'sigmoid', 'linear'];
const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'rmsprop', 'sgd'];

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
};

const ruleFor = (name: string) => NUMERIC_RULES[name.replace(/_\d+$/, '')];

/**
 * Problems that would make trials fail: a choice of activation or optimizer the models do not know, or a
 * range outside what a parameter allows. Unknown parameter names are allowed (they are simply recorded).
 */
export function modelSpaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  for (const param of space.params) {
    const allowed = param.name === 'activation' ? ACTIVATIONS : param.name === 'optimizer' ? OPTIMIZERS : null;
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
  return {
    hidden,
    optimizer: oneOf(values, 'optimizer', OPTIMIZERS, DEFAULTS.optimizer),
    learningRate: numberOf(values, 'learning_rate', DEFAULTS.learning_rate),
    batchSize: Math.max(1, Math.round(numberOf(values, 'batch_size', DEFAULTS.batch_size))),
    epochs: Math.max(1, maxEpochs === null ? epochs : Math.min(epochs, maxEpochs)),
  };
}
