/**
 * Ready-made studies. The two seed presets reproduce the examples of the article Sweeplab grew from
 * (shared/SEED.md): a Keras grid search with cross-validation, and an Auto-Keras-style random search.
 * Quick / balanced / thorough exist per input layout: MLPs for tables, CNNs with augmentation for images,
 * bag-of-words / embedding / 1-D convolution models for text.
 *
 * For tables, `recommended` searches the algorithm too (gradient-boosted trees, linear models, MLPs) under a
 * time budget sized to the data, and ensembles the best; it is preselected for a table the person brings.
 *
 * Choosing presets per layout: `PRESETS` is the table list (ids 'recommended', 'seed-grid', 'seed-autokeras',
 * 'quick', 'balanced', 'thorough'). A caller that knows the dataset's layout
 * should list `presetsFor(layout)` instead and preselect `defaultPresetIdFor(layout)`; `findPreset` finds a
 * preset of any layout by id, so a saved or shared study with an image or text preset still resolves. The
 * trials of image and text presets must be mapped with the layout too (`toModelSpec(…, layout)`), which
 * gives the text models the dataset's vocabulary and sequence length where a space does not search them.
 */
import type { PrunerKind } from '../engine/pruners/types';
import type { MetricName } from '../metrics/metrics';
import type { SamplerKind } from '../engine/samplers/types';
import { gridSize } from '../engine/space/grid';
import type { ParamSet, SearchSpace } from '../engine/space/types';
import type { InputLayout } from '../data/types';
import type { BackendPreference } from '../protocol/backend';
import { evaluationFor, type Evaluation, type StudyConfig, type ValidationChoice } from './config';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly config: Omit<StudyConfig, 'seed' | 'backend' | 'maxEpochs' | 'maxMinutes' | 'enqueued' | 'objective'>;
  /**
   * Configurations tried first, before the sampler's own (as AutoKeras and KerasTuner start from a known
   * good model): a short budget then still gets a sound model, and TPE starts from a good observation.
   * Used only with the preset's own space and a sampler other than grid.
   */
  readonly warmStart?: readonly ParamSet[];
  /**
   * Validations used instead of `config.evaluation` for small training splits, smallest size first: the first
   * tier the split has fewer rows than applies. On small tables a hold-out of a few dozen rows picks the
   * trial that fits those rows best by chance (Diabetes: R² 0.566 on 71 validation rows, 0.354 on the test rows).
   */
  readonly smallData?: readonly SmallDataTier[];
  /**
   * The time budget and search sample for a training split of `trainingRows` rows, used where the person has
   * not set a time budget: a default that always ends, growing gently with the data.
   */
  readonly sizing?: (trainingRows: number) => { readonly maxMinutes: number; readonly searchRows?: number };
}

/**
 * The configuration Start runs for a training split of `trainingRows` rows: the preset's validation for that
 * size (or the person's choice), and its sized time budget and search sample where the person set no budget.
 */
export function sizedConfig(preset: Preset, config: StudyConfig, choice: ValidationChoice | null, trainingRows: number): StudyConfig {
  const sizing = preset.sizing?.(trainingRows);
  return {
    ...config,
    evaluation: studyEvaluation(preset, choice, trainingRows),
    ...(sizing && config.maxMinutes === null ? { maxMinutes: sizing.maxMinutes } : {}),
    ...(sizing?.searchRows !== undefined && trainingRows > sizing.searchRows ? { searchRows: sizing.searchRows } : {}),
  };
}

export interface SmallDataTier {
  readonly belowTrainingRows: number;
  readonly evaluation: Evaluation;
}

/** How a preset validates trials on a training split of `trainingRows` rows (null: not known yet; see Preset.smallData). */
export function presetEvaluation(preset: Preset, trainingRows: number | null): Evaluation {
  const tier = trainingRows === null ? undefined : preset.smallData?.find((t) => trainingRows < t.belowTrainingRows);
  return tier?.evaluation ?? preset.config.evaluation;
}

/** The validation a study uses: the person's choice, else the preset's for `trainingRows` (Start and the panel agree). */
export function studyEvaluation(preset: Preset, choice: ValidationChoice | null, trainingRows: number | null): Evaluation {
  return choice ? evaluationFor(choice) : presetEvaluation(preset, trainingRows);
}

/**
 * Tables under 1,000 training rows are validated by 3-fold cross-validation (as the scikit-learn and Optuna
 * baselines in shared/peers are): every training row then votes on which trial is best, for 3× the training.
 */
const SMALL_TABLE: NonNullable<Preset['smallData']> = [{ belowTrainingRows: 1000, evaluation: { kind: 'cross-validation', folds: 3 } }];

/**
 * First tries for tables: three linear models (logistic or linear regression) along a regularisation path,
 * L2 1e-4, 1e-3 and 1e-2, as scikit-learn's LogisticRegressionCV and RidgeCV try several strengths: on small
 * tables a well-regularised linear model is often as good as any (logistic regression leads the peers on Breast
 * cancer), and the strength that wins differs by table. They train at 3e-2 so they converge in the epochs they
 * have (the former single start at 1e-2 reached CV 0.89 on Iris). Then the textbook one hidden layer of 128
 * ReLU units, Adam at 1e-3, batch 32, and a wider two-layer net.
 * `npm run bench:presets` (docs/benchmarks/cpu-2core-2026-12-07.md): mean test scores over six splits within
 * noise of the single linear start, but 19 of 30 studies end on a linear model of 11–620 parameters (5 before)
 * and the 30 studies take 41 % less time.
 */
const TABULAR_WARM_START: readonly ParamSet[] = [
  { layers: 0, activation: 'relu', dropout: 0, normalization: 'none', l2: 1e-4, optimizer: 'adam', learning_rate: 0.03, batch_size: 32, lr_schedule: 'plateau' },
  { layers: 0, activation: 'relu', dropout: 0, normalization: 'none', l2: 1e-3, optimizer: 'adam', learning_rate: 0.03, batch_size: 32, lr_schedule: 'plateau' },
  { layers: 0, activation: 'relu', dropout: 0, normalization: 'none', l2: 1e-2, optimizer: 'adam', learning_rate: 0.03, batch_size: 32, lr_schedule: 'plateau' },
  { layers: 1, units_1: 128, activation: 'relu', dropout: 0, normalization: 'none', l2: 0, optimizer: 'adam', learning_rate: 0.001, batch_size: 32, lr_schedule: 'constant' },
  { layers: 2, units_1: 256, units_2: 128, activation: 'relu', dropout: 0.1, normalization: 'none', l2: 1e-4, optimizer: 'adam', learning_rate: 0.001, batch_size: 32, lr_schedule: 'cosine' },
];
/** Two small convolution blocks (16 then 32 filters), max pooling, light dropout, no augmentation. */
const IMAGE_WARM_START: readonly ParamSet[] = [
  { conv_blocks: 2, filters: 16, kernel_size: 3, pooling: 'max', conv_dropout: 0.1, normalization: 'none', augment_flip: false, augment_shift: 0, augment_rotation: 0, augment_noise: 0, learning_rate: 0.002, batch_size: 64 },
];
/** TF-IDF bag of words: the strong, fast baseline for text classification. */
const TEXT_WARM_START: readonly ParamSet[] = [
  { family: 'bow', vocab_size: 10000, sequence_length: 256, embedding_dim: 64, tfidf: true, dropout: 0.2, learning_rate: 0.003 },
];

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
    // 0 hidden layers is a linear model: logistic regression, or linear regression for a quantity.
    { name: 'layers', kind: 'int', low: 0, high: 3 },
    { name: 'units_1', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 1 } },
    { name: 'units_2', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 2 } },
    { name: 'units_3', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 3 } },
    { name: 'activation', kind: 'categorical', choices: ['relu', 'elu', 'gelu', 'tanh'] },
    { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.05 },
    { name: 'normalization', kind: 'categorical', choices: ['none', 'batch', 'layer'] },
    { name: 'l2', kind: 'categorical', choices: [0, 1e-5, 1e-4, 1e-3, 1e-2] },
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
    description: `${blurb} Starts from three linear models (L2 1e-4, 1e-3, 1e-2) and a one- and a two-layer MLP of known-good settings, then TPE over depth (0–3 hidden layers; 0 is linear), width, activation, dropout, normalisation, L2, optimizer, learning rate and its schedule, batch size; early stopping (patience 10); ${pruner} pruning; 3-fold cross-validation under 1,000 training rows, else a hold-out.`,
    warmStart: TABULAR_WARM_START,
    smallData: SMALL_TABLE,
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

/** Only when the trial's family is `family`. */
const when = (family: string) => ({ condition: { kind: 'equals', param: 'family', value: family } }) as const;

/**
 * The recommended preset's space: the algorithm is itself a parameter (as in auto-sklearn, FLAML and
 * AutoGluon's model zoo), each family with its own conditional sub-space. Gradient-boosted trees first among
 * them: on small and medium tables they beat networks by several points (Grinsztajn et al., 2022).
 */
const ALGORITHM_SPACE: SearchSpace = {
  params: [
    { name: 'family', kind: 'categorical', choices: ['gbdt', 'forest', 'linear', 'mlp'] },
    { name: 'gbdt_learning_rate', kind: 'float', low: 0.02, high: 0.3, log: true, ...when('gbdt') },
    { name: 'gbdt_leaves', kind: 'int', low: 4, high: 128, log: true, ...when('gbdt') },
    { name: 'gbdt_min_leaf', kind: 'int', low: 2, high: 64, log: true, ...when('gbdt') },
    { name: 'gbdt_l2', kind: 'categorical', choices: [0, 0.1, 1, 10], ...when('gbdt') },
    { name: 'gbdt_colsample', kind: 'categorical', choices: [0.5, 0.7, 0.85, 1], ...when('gbdt') },
    { name: 'gbdt_subsample', kind: 'categorical', choices: [0.6, 0.8, 1], ...when('gbdt') },
    { name: 'forest_splitter', kind: 'categorical', choices: ['best', 'random'], ...when('forest') },
    { name: 'forest_max_features', kind: 'categorical', choices: ['sqrt', 0.33, 0.6, 1], ...when('forest') },
    { name: 'forest_min_leaf', kind: 'categorical', choices: [1, 2, 4, 8], ...when('forest') },
    { name: 'forest_bootstrap', kind: 'categorical', choices: [true, false], ...when('forest') },
    { name: 'linear_alpha', kind: 'float', low: 1e-4, high: 1e3, log: true, ...when('linear') },
    { name: 'layers', kind: 'int', low: 1, high: 3, ...when('mlp') },
    { name: 'units_1', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 1 } },
    { name: 'units_2', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 2 } },
    { name: 'units_3', kind: 'int', low: 16, high: 512, log: true, condition: { kind: 'atLeast', param: 'layers', value: 3 } },
    { name: 'activation', kind: 'categorical', choices: ['relu', 'gelu', 'tanh'], ...when('mlp') },
    { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.05, ...when('mlp') },
    { name: 'normalization', kind: 'categorical', choices: ['none', 'batch'], ...when('mlp') },
    { name: 'l2', kind: 'categorical', choices: [0, 1e-5, 1e-4, 1e-3], ...when('mlp') },
    { name: 'learning_rate', kind: 'float', low: 1e-4, high: 3e-2, log: true, ...when('mlp') },
    { name: 'batch_size', kind: 'categorical', choices: [32, 64, 128], ...when('mlp') },
    { name: 'lr_schedule', kind: 'categorical', choices: ['constant', 'cosine', 'plateau'], ...when('mlp') },
  ],
};

/**
 * The recommended preset's first trials, a portfolio fixed before any data is seen (no test split chose it):
 * scikit-learn's HistGradientBoosting defaults, its RandomForest and ExtraTrees defaults (every column per split
 * as its regressors do, √columns as its classifiers do), a ridge/logistic regularisation path, a smaller and a
 * larger regularised tree model, and one MLP of known-good settings. Short budgets still get a strong model,
 * and TPE starts from good observations of every family.
 */
const ALGORITHM_WARM_START: readonly ParamSet[] = [
  { family: 'gbdt', gbdt_learning_rate: 0.1, gbdt_leaves: 31, gbdt_min_leaf: 20, gbdt_l2: 0, gbdt_colsample: 1, gbdt_subsample: 1 },
  { family: 'linear', linear_alpha: 1 },
  { family: 'forest', forest_splitter: 'best', forest_max_features: 'sqrt', forest_min_leaf: 1, forest_bootstrap: true },
  { family: 'gbdt', gbdt_learning_rate: 0.05, gbdt_leaves: 15, gbdt_min_leaf: 5, gbdt_l2: 1, gbdt_colsample: 0.85, gbdt_subsample: 0.8 },
  { family: 'forest', forest_splitter: 'random', forest_max_features: 'sqrt', forest_min_leaf: 1, forest_bootstrap: false },
  { family: 'mlp', layers: 2, units_1: 128, units_2: 64, activation: 'relu', dropout: 0.1, normalization: 'none', l2: 1e-4, learning_rate: 0.001, batch_size: 64, lr_schedule: 'cosine' },
  { family: 'linear', linear_alpha: 0.01 },
  { family: 'forest', forest_splitter: 'best', forest_max_features: 1, forest_min_leaf: 1, forest_bootstrap: true },
  { family: 'gbdt', gbdt_learning_rate: 0.03, gbdt_leaves: 63, gbdt_min_leaf: 10, gbdt_l2: 0.1, gbdt_colsample: 0.7, gbdt_subsample: 0.8 },
  { family: 'forest', forest_splitter: 'random', forest_max_features: 1, forest_min_leaf: 1, forest_bootstrap: false },
  { family: 'linear', linear_alpha: 100 },
  { family: 'gbdt', gbdt_learning_rate: 0.1, gbdt_leaves: 7, gbdt_min_leaf: 32, gbdt_l2: 10, gbdt_colsample: 0.5, gbdt_subsample: 0.6 },
];

/** Training rows at which the recommended budget starts to grow, and the largest sample the search trains on. */
const RECOMMENDED_BASE_ROWS = 10_000;
const RECOMMENDED_SEARCH_ROWS = 50_000;

/**
 * Two minutes up to 10,000 training rows, then 1.5 more per tenfold (about 4 minutes at 200,000 rows), never
 * more than 6; above 50,000 rows the search trains on a 50,000-row sample and only the final refit sees all.
 */
export function recommendedSizing(trainingRows: number): { maxMinutes: number; searchRows: number } {
  const growth = trainingRows > RECOMMENDED_BASE_ROWS ? 1.5 * Math.log10(trainingRows / RECOMMENDED_BASE_ROWS) : 0;
  return { maxMinutes: Math.min(6, Math.round((2 + growth) * 10) / 10), searchRows: RECOMMENDED_SEARCH_ROWS };
}

/**
 * Every training row votes under 5,000 rows (5-fold CV). Under 1,000 the folds are redrawn once more (5-fold
 * CV × 2, AutoGluon's repeated bagging in small): on 150 rows one validation row moves a fold's accuracy by 3
 * points, and a search of hundreds of trials otherwise picks whichever fits one partition best by chance.
 */
const RECOMMENDED_SMALL_DATA: readonly SmallDataTier[] = [
  { belowTrainingRows: 1000, evaluation: { kind: 'cross-validation', folds: 5, repeats: 2 } },
  { belowTrainingRows: 5000, evaluation: { kind: 'cross-validation', folds: 5 } },
];

const RECOMMENDED: Preset = {
  id: 'recommended',
  label: 'Recommended (tables): trees, forests, linear models and networks, ensembled',
  description:
    'Searches gradient-boosted trees, random forests and extra trees, regularised linear models and MLPs together with TPE for about 2 minutes (more for large tables, ' +
    'on a 50,000-row sample above that), 5-fold cross-validation under 5,000 training rows (repeated twice under 1,000), else a 20 % hold-out; early stopping for ' +
    'trees and networks; then blends the best trials by greedy ensemble selection when that beats the best alone, and tests once.',
  warmStart: ALGORITHM_WARM_START,
  smallData: RECOMMENDED_SMALL_DATA,
  sizing: recommendedSizing,
  config: {
    presetId: 'recommended',
    space: ALGORITHM_SPACE,
    // Boosted trees stop 20 rounds after their best validation loss; networks 10 epochs after theirs. Forests
    // do not overfit with more trees, so they grow a fixed 200 (scikit-learn's default is 100).
    fixed: { gbdt_rounds: 1000, gbdt_early_stop: 20, forest_trees: 200, optimizer: 'adam', epochs: 100, patience: 10, plateau_patience: 5 },
    sampler: 'tpe',
    pruner: 'none',
    maxTrials: 500,
    splitSeed: 42,
    testFraction: 0.2,
    evaluation: { kind: 'holdout', validationFraction: 0.2 },
    ensemble: true,
  },
};

/** CNNs for images: depth, width, kernel, pooling, dropout, normalisation, augmentation and the training basics. */
const IMAGE_SPACE: SearchSpace = {
  params: [
    { name: 'conv_blocks', kind: 'int', low: 1, high: 3 },
    { name: 'filters', kind: 'categorical', choices: [16, 32, 64] },
    { name: 'kernel_size', kind: 'categorical', choices: [3, 5] },
    { name: 'pooling', kind: 'categorical', choices: ['max', 'avg'] },
    { name: 'conv_dropout', kind: 'float', low: 0, high: 0.4, step: 0.05 },
    { name: 'normalization', kind: 'categorical', choices: ['none', 'batch'] },
    // Mirroring suits photos of objects but not digits or text, so the search decides.
    { name: 'augment_flip', kind: 'categorical', choices: [false, true] },
    { name: 'augment_shift', kind: 'float', low: 0, high: 0.15, step: 0.05 },
    { name: 'augment_rotation', kind: 'categorical', choices: [0, 10, 20] },
    { name: 'augment_noise', kind: 'categorical', choices: [0, 0.02, 0.05] },
    { name: 'learning_rate', kind: 'float', low: 1e-4, high: 1e-2, log: true },
    { name: 'batch_size', kind: 'categorical', choices: [32, 64, 128] },
  ],
};

/** Text: the family itself, vocabulary and sequence cuts, embedding width, TF-IDF or multi-hot, pooling, learning rate. */
const TEXT_SPACE: SearchSpace = {
  params: [
    { name: 'family', kind: 'categorical', choices: ['bow', 'embedding', 'conv1d'] },
    // Larger than the dataset's vocabulary or sequence means the dataset's (the worker cuts to the smaller).
    { name: 'vocab_size', kind: 'categorical', choices: [1000, 2000, 5000, 10000] },
    { name: 'sequence_length', kind: 'categorical', choices: [64, 128, 256] },
    { name: 'embedding_dim', kind: 'categorical', choices: [16, 32, 64, 128] },
    { name: 'tfidf', kind: 'categorical', choices: [true, false], condition: { kind: 'equals', param: 'family', value: 'bow' } },
    { name: 'text_pooling', kind: 'categorical', choices: ['avg', 'max'], condition: { kind: 'equals', param: 'family', value: 'embedding' } },
    { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.05 },
    { name: 'learning_rate', kind: 'float', low: 1e-4, high: 1e-2, log: true },
  ],
};

type Tier = 'quick' | 'balanced' | 'thorough';
const TIERS: Record<Tier, { readonly label: string; readonly pruner: Preset['config']['pruner']; readonly blurb: string }> = {
  quick: { label: 'Quick', pruner: 'asha', blurb: 'A first answer in a few minutes.' },
  balanced: { label: 'Balanced', pruner: 'hyperband', blurb: 'A good model without a long wait.' },
  thorough: { label: 'Thorough', pruner: 'hyperband', blurb: 'When the last point of accuracy matters.' },
};

/** Image and text presets: fewer, shorter trials than tables' since each epoch costs far more. */
function layoutPreset(layout: 'images' | 'text', tier: Tier, trials: number, epochs: number): Preset {
  const id = `${tier}-${layout}`;
  const { label, pruner, blurb } = TIERS[tier];
  const what =
    layout === 'images'
      ? 'TPE over convolutional blocks, filters, kernel size, pooling, dropout, normalisation, augmentation (flip, shift, rotation, noise), learning rate and batch size'
      : 'TPE over the text model (bag-of-words, embedding or 1-D convolution), vocabulary size, sequence length, embedding width, TF-IDF, pooling, dropout and learning rate';
  return {
    id,
    label: `${label} (${layout}): ${trials} trials × ≤ ${epochs} epochs`,
    warmStart: layout === 'images' ? IMAGE_WARM_START : TEXT_WARM_START,
    description: `${blurb} ${what}; a dense head of 64 units; early stopping (patience 5); ${pruner} pruning.`,
    config: {
      presetId: id,
      space: layout === 'images' ? IMAGE_SPACE : TEXT_SPACE,
      fixed: { family: layout === 'images' ? 'cnn' : 'embedding', layers: 1, units: 64, optimizer: 'adam', epochs, patience: 5, ...(layout === 'text' ? { batch_size: 32 } : {}) },
      sampler: 'tpe',
      pruner,
      maxTrials: trials,
      splitSeed: 42,
      testFraction: 0.2,
      evaluation: { kind: 'holdout', validationFraction: 0.2 },
    },
  };
}

/** The table presets (and the seeds), unchanged: what the app listed before it knew of other layouts. */
export const PRESETS: readonly Preset[] = [
  RECOMMENDED,
  SEED_GRID,
  SEED_AUTOKERAS,
  tabularPreset('quick', 'Quick (tables): 15 trials × ≤ 30 epochs', 15, 30, 'asha', 'A first answer in a few minutes.'),
  tabularPreset('balanced', 'Balanced (tables): 40 trials × ≤ 60 epochs', 40, 60, 'hyperband', 'A good model without a long wait.'),
  tabularPreset('thorough', 'Thorough (tables): 120 trials × ≤ 100 epochs', 120, 100, 'hyperband', 'When the last point of accuracy matters.'),
];
/** The preset selected when the app opens (on the built-in Iris table). */
export const DEFAULT_PRESET_ID = SEED_GRID.id;

export const IMAGE_PRESETS: readonly Preset[] = [layoutPreset('images', 'quick', 10, 15), layoutPreset('images', 'balanced', 25, 30), layoutPreset('images', 'thorough', 60, 50)];
export const TEXT_PRESETS: readonly Preset[] = [layoutPreset('text', 'quick', 10, 10), layoutPreset('text', 'balanced', 25, 20), layoutPreset('text', 'thorough', 60, 40)];

/**
 * The presets that suit a dataset's layout. Images keep the seed presets (an MLP on flattened pixels is the
 * article's own baseline) after the CNN ones; text models cannot be MLPs on raw ids, so text gets its own only.
 */
export function presetsFor(layout: InputLayout | undefined): readonly Preset[] {
  switch (layout?.kind ?? 'table') {
    case 'table':
      return PRESETS;
    case 'image':
      return [...IMAGE_PRESETS, SEED_GRID, SEED_AUTOKERAS];
    case 'tokens':
      return TEXT_PRESETS;
  }
}

/**
 * The preset to preselect: for a table the person brings, the recommended search; for a built-in table the
 * seed grid (the article's own example, a quick first look); the quick preset for images and text.
 */
export function defaultPresetIdFor(layout: InputLayout | undefined, source: 'builtin' | 'file' = 'builtin'): string {
  if ((layout?.kind ?? 'table') === 'table') return source === 'file' ? RECOMMENDED.id : SEED_GRID.id;
  return presetsFor(layout)[0]!.id;
}

const ALL_PRESETS: readonly Preset[] = [...PRESETS, ...IMAGE_PRESETS, ...TEXT_PRESETS];

/** A preset of any layout by id. */
export const findPreset = (id: string): Preset | undefined => ALL_PRESETS.find((p) => p.id === id);

/** A grid search tries its whole grid by default; other samplers the preset's trial budget. */
function defaultTrials(preset: Preset, sampler: SamplerKind, space: SearchSpace): number {
  if (sampler !== 'grid') return preset.config.maxTrials;
  try {
    return gridSize(space);
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
/** Objectives in which every class counts equally, however few rows it has. */
const CLASS_BALANCED_OBJECTIVES: ReadonlySet<MetricName> = new Set(['balanced_accuracy', 'macro_f1']);

/**
 * Under an objective that counts every class equally, every model trains with balanced class weights (each
 * class weighs n / (k · its rows), as scikit-learn's class_weight='balanced'), unless the space or the preset
 * already says how: a model fitted to plain accuracy sacrifices the small classes that objective is about.
 */
function withClassWeights(fixed: StudyConfig['fixed'], space: SearchSpace, objective: MetricName | null): StudyConfig['fixed'] {
  if (objective === null || !CLASS_BALANCED_OBJECTIVES.has(objective)) return fixed;
  if ('class_weight' in fixed || space.params.some((p) => p.name === 'class_weight')) return fixed;
  return { ...fixed, class_weight: 'balanced' };
}

export function configFromPreset(preset: Preset, overrides: ConfigOverrides = {}): StudyConfig {
  const space = overrides.space ?? preset.config.space;
  const sampler = overrides.sampler ?? preset.config.sampler;
  const objective = overrides.objective ?? null;
  return {
    ...preset.config,
    fixed: withClassWeights(preset.config.fixed, space, objective),
    space,
    seed: overrides.seed ?? 42,
    maxTrials: overrides.maxTrials ?? defaultTrials(preset, sampler, space),
    maxEpochs: overrides.maxEpochs ?? null,
    maxMinutes: overrides.maxMinutes ?? null,
    enqueued: overrides.enqueued ?? (overrides.space || sampler === 'grid' ? [] : (preset.warmStart ?? [])),
    objective,
    backend: overrides.backend ?? 'auto',
    sampler,
    pruner: overrides.pruner ?? preset.config.pruner,
  };
}
