/**
 * Ready-made studies. The two seed presets reproduce the examples of the article Sweeplab grew from
 * (shared/SEED.md): a Keras grid search with cross-validation, and an Auto-Keras-style random search.
 */
import type { PrunerKind } from '../engine/pruners/types';
import type { MetricName } from '../metrics/metrics';
import type { SamplerKind } from '../engine/samplers/types';
import { enumerateGrid } from '../engine/space/grid';
import type { ParamSet, SearchSpace } from '../engine/space/types';
import type { BackendPreference } from '../protocol/backend';
import type { StudyConfig } from './config';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly config: Omit<StudyConfig, 'seed' | 'backend' | 'maxEpochs' | 'maxMinutes' | 'enqueued' | 'objective'>;
}

const SEED_GRID: Preset = {
  id: 'seed-grid',
  label: 'Seed: grid search (Keras + GridSearchCV)',
  description:
    'One Dense(128) hidden layer with softmax output and categorical cross-entropy; optimizer × activation grid, ' +
    'scored by mean 3-fold cross-validated accuracy; the best is refit on the training split and tested once.',
  config: {
    presetId: 'seed-grid',
    space: {
      params: [
        { name: 'optimizer', kind: 'categorical', choices: ['adam', 'rmsprop'] },
        { name: 'activation', kind: 'categorical', choices: ['relu', 'tanh'] },
      ],
    },
    // The article's KerasClassifier(epochs=100, batch_size=10) with Keras' default learning rate.
    fixed: { layers: 1, units: 128, dropout: 0, learning_rate: 0.001, epochs: 100, batch_size: 10 },
    sampler: 'grid',
    pruner: 'none',
    maxTrials: 4,
    splitSeed: 42,
    testFraction: 0.2,
    evaluation: { kind: 'cross-validation', folds: 3 },
  },
};

const SEED_AUTOKERAS: Preset = {
  id: 'seed-autokeras',
  label: 'Seed: Auto-Keras style random search',
  description:
    'Random search over 1–3 hidden layers, units per layer, dropout and learning rate (max_trials = 10), ' +
    'scored on a validation split; the best is refit on the training split and tested once.',
  config: {
    presetId: 'seed-autokeras',
    space: {
      params: [
        { name: 'layers', kind: 'int', low: 1, high: 3 },
        { name: 'units_1', kind: 'categorical', choices: [16, 32, 64, 128, 256, 512] },
        { name: 'units_2', kind: 'categorical', choices: [16, 32, 64, 128, 256, 512], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
        { name: 'units_3', kind: 'categorical', choices: [16, 32, 64, 128, 256, 512], condition: { kind: 'atLeast', param: 'layers', value: 3 } },
        { name: 'dropout', kind: 'categorical', choices: [0, 0.25, 0.5] },
        { name: 'learning_rate', kind: 'float', low: 1e-4, high: 1e-1, log: true },
      ],
    },
    fixed: { activation: 'relu', optimizer: 'adam', epochs: 60, batch_size: 16 },
    sampler: 'random',
    pruner: 'none',
    maxTrials: 10,
    splitSeed: 42,
    testFraction: 0.2,
    evaluation: { kind: 'holdout', validationFraction: 0.2 },
  },
};

/** The architecture and training-strategy space the tabular presets search (MLPs). */
const TABULAR_SPACE: Preset['config']['space'] = {
  params: [
    { name: 'layers', kind: 'int', low: 1, high: 3 },
    { name: 'units_1', kind: 'int', low: 16, high: 512, log: true },
    { name: 'units_2', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 2 } },
    { name: 'units_3', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 3 } },
    { name: 'activation', kind: 'categorical', choices: ['relu', 'elu', 'gelu', 'tanh'] },
    { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.05 },
    { name: 'normalization', kind: 'categorical', choices: ['none', 'batch', 'layer'] },
    { name: 'l2', kind: 'categorical', choices: [0, 1e-5, 1e-4, 1e-3] },
    { name: 'optimizer', kind: 'categorical', choices: ['adam', 'adamw', 'rmsprop'] },
    { name: 'learning_rate', kind: 'float', low: 1e-4, high: 3e-2, log: true },
    { name: 'batch_size', kind: 'categorical', choices: [16, 32, 64, 128] },
    { name: 'lr_schedule', kind: 'categorical', choices: ['constant', 'cosine', 'plateau'] },
  ],
};

function tabularPreset(id: string, label: string, trials: number, epochs: number, pruner: Preset['config']['pruner'], blurb: string): Preset {
  return {
    id,
    label,
    description: `${blurb} TPE over depth, width, activation, dropout, normalisation, L2, optimizer, learning rate and its schedule, batch size; early stopping (patience 10); ${pruner} pruning.`,
    config: {
      presetId: id,
      space: TABULAR_SPACE,
      fixed: { epochs, patience: 10, plateau_patience: 5 },
      sampler: 'tpe',
      pruner,
      maxTrials: trials,
      splitSeed: 42,
      testFraction: 0.2,
      evaluation: { kind: 'holdout', validationFraction: 0.2 },
    },
  };
}

export const PRESETS: readonly Preset[] = [
  SEED_GRID,
  SEED_AUTOKERAS,
  tabularPreset('quick', 'Quick (tables): 15 trials × ≤ 30 epochs', 15, 30, 'asha', 'A first answer in a few minutes.'),
  tabularPreset('balanced', 'Balanced (tables): 40 trials × ≤ 60 epochs', 40, 60, 'hyperband', 'A good model without a long wait.'),
  tabularPreset('thorough', 'Thorough (tables): 120 trials × ≤ 100 epochs', 120, 100, 'hyperband', 'When the last point of accuracy matters.'),
];
export const DEFAULT_PRESET_ID = SEED_GRID.id;

export const findPreset = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** A grid search tries its whole grid by default; other samplers the preset's trial budget. */
function defaultTrials(preset: Preset, sampler: SamplerKind, space: SearchSpace): number {
  if (sampler !== 'grid') return preset.config.maxTrials;
  try {
    return enumerateGrid(space).length;
  } catch {
    return preset.config.maxTrials; // the runner reports why this space cannot be grid-searched
  }
}

export interface ConfigOverrides {
  readonly seed?: number;
  readonly maxTrials?: number;
  readonly maxEpochs?: number | null;
  readonly maxMinutes?: number | null;
  readonly backend?: BackendPreference;
  readonly sampler?: SamplerKind;
  readonly pruner?: PrunerKind;
  readonly space?: SearchSpace;
  readonly enqueued?: readonly ParamSet[];
  readonly objective?: MetricName | null;
}

/** A runnable configuration: the preset's, with the seed, trial cap, epoch cap and backend applied. */
export function configFromPreset(preset: Preset, overrides: ConfigOverrides = {}): StudyConfig {
  const space = overrides.space ?? preset.config.space;
  const sampler = overrides.sampler ?? preset.config.sampler;
  return {
    ...preset.config,
    space,
    seed: overrides.seed ?? 42,
    maxTrials: overrides.maxTrials ?? defaultTrials(preset, sampler, space),
    maxEpochs: overrides.maxEpochs ?? null,
    maxMinutes: overrides.maxMinutes ?? null,
    enqueued: overrides.enqueued ?? [],
    objective: overrides.objective ?? null,
    backend: overrides.backend ?? 'auto',
    sampler,
    pruner: overrides.pruner ?? preset.config.pruner,
  };
}
