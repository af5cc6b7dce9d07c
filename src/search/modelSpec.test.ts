import { describe, expect, it } from 'vitest';
import { enumerateGrid } from '../engine/space/grid';
import { FOREST_DEFAULTS } from '../learners/forest';
import { GBDT_DEFAULTS } from '../learners/gbdt';
import { LINEAR_DEFAULTS } from '../learners/linear';
import { TRAINING_DEFAULTS } from '../protocol/training';
import { modelSpaceProblems, toModelSpec } from './modelSpec';
import { configFromPreset, defaultPresetIdFor, findPreset, IMAGE_PRESETS, PRESETS, presetsFor, TEXT_PRESETS } from './presets';

describe('toModelSpec', () => {
  it('builds the seed grid model: one Dense(128) layer, 100 epochs, batch 10', () => {
    const preset = PRESETS.find((p) => p.id === 'seed-grid')!;
    expect(toModelSpec({ optimizer: 'rmsprop', activation: 'tanh' }, preset.config.fixed, null)).toEqual({
      ...TRAINING_DEFAULTS,
      hidden: [{ units: 128, activation: 'tanh', dropout: 0 }],
      optimizer: 'rmsprop',
      learningRate: 0.001,
      batchSize: 10,
      epochs: 100,
    });
  });

  it('maps training strategies: AdamW decay, normalisation, schedules, patience, clipping, class weights', () => {
    const spec = toModelSpec(
      { optimizer: 'adamw', normalization: 'batch', l2: 1e-4, lr_schedule: 'cosine', warmup_epochs: 3, patience: 5, clipnorm: 1, class_weight: 'balanced' },
      {},
      null,
    );
    expect(spec).toMatchObject({ optimizer: 'adamw', weightDecay: 0.01, normalization: 'batch', l2: 1e-4, schedule: { kind: 'cosine', warmupEpochs: 3 }, patience: 5, clipNorm: 1, classWeight: 'balanced' });
    expect(toModelSpec({ optimizer: 'adam', weight_decay: 0.1 }, {}, null).weightDecay).toBe(0);
    expect(toModelSpec({ lr_schedule: 'step', lr_step_every: 4, lr_factor: 0.1 }, {}, null).schedule).toEqual({ kind: 'step', every: 4, factor: 0.1 });
    expect(toModelSpec({ patience: 'none' }, {}, null).patience).toBeNull();
  });

  it('gives each layer its own units when searched, and caps epochs', () => {
    const spec = toModelSpec({ layers: 3, units_1: 64, units_2: 32, dropout: 0.25, learning_rate: 0.01 }, { epochs: 60, units: 8 }, 5);
    expect(spec.hidden.map((h) => h.units)).toEqual([64, 32, 8]);
    expect(spec.hidden.every((h) => h.dropout === 0.25)).toBe(true);
    expect(spec.epochs).toBe(5);
  });

  it('explains invalid values', () => {
    expect(() => toModelSpec({ optimizer: 'lion' }, {}, null)).toThrow('"optimizer" must be one of adam, adamw, rmsprop, sgd, adagrad, got "lion"');
    expect(() => toModelSpec({ units: 0 }, {}, null)).toThrow(/positive whole number of units/);
    expect(() => toModelSpec({ dropout: 1 }, {}, null)).toThrow(/Dropout must be in \[0, 1\)/);
    expect(() => toModelSpec({ learning_rate: 'fast' }, {}, null)).toThrow(/"learning_rate" must be a number/);
  });
});

describe('modelSpaceProblems', () => {
  it('flags unknown activations or optimizers and out-of-range values, and accepts the presets', () => {
    expect(
      modelSpaceProblems({
        params: [
          { name: 'activation', kind: 'categorical', choices: ['relu', 'swish2'] },
          { name: 'dropout', kind: 'float', low: 0, high: 1 },
          { name: 'units_2', kind: 'int', low: 0, high: 8 },
          { name: 'custom_knob', kind: 'float', low: 0, high: 5 }, // unknown names are allowed
        ],
      }),
    ).toEqual(['"activation" takes relu, tanh, elu, selu, gelu, swish, mish, softplus, sigmoid, linear; "swish2" is not one of them', '"dropout" must be in [0, 1); got 1', '"units_2" must be a whole number of at least 1; got 0']);
    for (const preset of PRESETS) expect(modelSpaceProblems(preset.config.space)).toEqual([]);
  });
});

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s has a valid space whose points all map to model specs', (_id, preset) => {
    const config = configFromPreset(preset, { seed: 1 });
    expect(config.seed).toBe(1);
    expect(config.maxEpochs).toBeNull();
    if (preset.config.sampler === 'grid') {
      const points = enumerateGrid(preset.config.space);
      expect(points.length).toBe(preset.config.maxTrials);
      for (const p of points) expect(() => toModelSpec(p, preset.config.fixed, null)).not.toThrow();
    }
  });
});

describe('model families, losses and augmentation', () => {
  const image = { kind: 'image', height: 8, width: 8, channels: 1 } as const;
  const tokens = { kind: 'tokens', sequenceLength: 50, vocabularySize: 3000 } as const;

  it('picks the family from the layout: mlp for tables, cnn for images, embedding with the dataset’s cut for text', () => {
    expect(toModelSpec({}, {}, null).architecture).toEqual({ kind: 'mlp', residual: false });
    expect(toModelSpec({ residual: true }, {}, null).architecture).toEqual({ kind: 'mlp', residual: true });
    expect(toModelSpec({ filters_2: 48 }, {}, null, image).architecture).toEqual({
      kind: 'cnn',
      blocks: [
        { filters: 32, kernelSize: 3, pooling: 'max', dropout: 0 },
        { filters: 48, kernelSize: 3, pooling: 'max', dropout: 0 },
      ],
      separable: false,
      // An 8×8 image pooled twice leaves 2×2×48 values: small enough to flatten.
      globalPooling: 'flatten',
    });
    const large = { kind: 'image', height: 128, width: 128, channels: 3 } as const;
    expect(toModelSpec({}, {}, null, large).architecture).toMatchObject({ globalPooling: 'avg' }); // 32×32×64 values
    expect(toModelSpec({ global_pooling: 'max' }, {}, null, image).architecture).toMatchObject({ globalPooling: 'max' });
    expect(toModelSpec({ conv_blocks: 3, filters: 8, conv_dropout: 0.2 }, {}, null, image).architecture).toMatchObject({ blocks: [{ filters: 8, dropout: 0.2 }, { filters: 16 }, { filters: 32 }] });
    expect(toModelSpec({}, {}, null, tokens).architecture).toEqual({ kind: 'embedding', vocabularySize: 3000, sequenceLength: 50, embeddingDim: 64, pooling: 'avg' });
    expect(toModelSpec({ family: 'bow', vocab_size: 500, tfidf: 'false' }, {}, null, tokens).architecture).toEqual({ kind: 'bow', vocabularySize: 500, tfidf: false });
    expect(toModelSpec({ family: 'conv1d' }, {}, null, tokens).architecture).toEqual({ kind: 'conv1d', vocabularySize: 3000, sequenceLength: 50, embeddingDim: 64, filters: 64, kernelSize: 5 });
  });

  it('maps losses and augmentation, and explains bad values', () => {
    expect(toModelSpec({ loss: 'focal' }, {}, null).loss).toEqual({ kind: 'focal', gamma: 2 });
    expect(toModelSpec({ loss: 'cross-entropy', label_smoothing: 0.1 }, {}, null).loss).toEqual({ kind: 'cross-entropy', labelSmoothing: 0.1 });
    expect(toModelSpec({ loss: 'huber', huber_delta: 0.5 }, {}, null).loss).toEqual({ kind: 'huber', delta: 0.5 });
    expect(toModelSpec({ augment_flip: true, augment_shift: 0.1, augment_rotation: 10, augment_noise: 0.05 }, {}, null, image).augmentation).toEqual({ flip: true, shift: 0.1, rotation: 10, noise: 0.05 });
    expect(() => toModelSpec({ kernel_size: 4 }, {}, null, image)).toThrow(/3, 5 or 7/);
    expect(() => toModelSpec({ family: 'rnn' }, {}, null)).toThrow(/"family" must be one of mlp, cnn, bow, embedding, conv1d/);
    expect(() => toModelSpec({ residual: 'yes' }, {}, null)).toThrow(/"residual" must be true or false/);
  });

  it('checks the new parameters in a space', () => {
    expect(
      modelSpaceProblems({
        params: [
          { name: 'family', kind: 'categorical', choices: ['cnn', 'transformer'] },
          { name: 'loss', kind: 'categorical', choices: ['focal', 'hinge'] },
          { name: 'tfidf', kind: 'categorical', choices: [true, 'maybe'] },
          { name: 'filters_2', kind: 'int', low: 0, high: 64 },
          { name: 'augment_shift', kind: 'float', low: 0, high: 0.8 },
          { name: 'vocab_size', kind: 'int', low: 2, high: 100 },
        ],
      }),
    ).toEqual([
      '"family" takes mlp, cnn, bow, embedding, conv1d, gbdt, forest, linear; "transformer" is not one of them',
      '"loss" takes auto, cross-entropy, focal, mse, mae, huber; "hinge" is not one of them',
      '"tfidf" takes true or false; "maybe" is not one of them',
      '"filters_2" must be a whole number from 1 to 4096; got 0',
      '"augment_shift" must be in [0, 0.5]; got 0.8',
      '"vocab_size" must be a whole number of at least 3 (padding, unknown and one word); got 2',
    ]);
  });

  it('offers presets per layout, keeps the table list, and finds any preset by id', () => {
    expect(presetsFor(undefined)).toBe(PRESETS);
    expect(presetsFor(image).map((p) => p.id)).toEqual(['quick-images', 'balanced-images', 'thorough-images', 'seed-grid', 'seed-autokeras']);
    expect(presetsFor(tokens).map((p) => p.id)).toEqual(['quick-text', 'balanced-text', 'thorough-text']);
    expect(defaultPresetIdFor({ kind: 'table' })).toBe('seed-grid');
    expect(findPreset('balanced-text')?.config.space.params[0]?.name).toBe('family');
    for (const preset of [...IMAGE_PRESETS, ...TEXT_PRESETS]) {
      expect(modelSpaceProblems(preset.config.space)).toEqual([]);
      const layout = preset.id.endsWith('images') ? image : tokens;
      const spec = toModelSpec({ family: layout === image ? 'cnn' : 'conv1d', tfidf: true }, preset.config.fixed, null, layout);
      expect(spec.architecture.kind).toBe(layout === image ? 'cnn' : 'conv1d');
    }
  });
});

describe('preset warm starts', () => {
  it('are points of their own space (active parameters set, values in range) and map to a model', async () => {
    const { isActive } = await import('../engine/space/conditions');
    const withWarmStart = [...PRESETS, ...IMAGE_PRESETS, ...TEXT_PRESETS].filter((p) => p.warmStart);
    expect(withWarmStart.length).toBeGreaterThanOrEqual(9);
    for (const preset of withWarmStart) {
      for (const point of preset.warmStart!) {
        for (const param of preset.config.space.params) {
          const value = point[param.name];
          if (!isActive(param, point)) {
            expect(value, `${preset.id}: ${param.name} is inactive`).toBeUndefined();
            continue;
          }
          if (param.kind === 'categorical') expect(param.choices, `${preset.id}: ${param.name}`).toContain(value);
          else {
            expect(typeof value).toBe('number');
            expect(value as number).toBeGreaterThanOrEqual(param.low);
            expect(value as number).toBeLessThanOrEqual(param.high);
          }
        }
        expect(Object.keys(point).every((name) => preset.config.space.params.some((p) => p.name === name))).toBe(true);
        expect(() => toModelSpec(point, preset.config.fixed, null)).not.toThrow();
      }
    }
  });
});

describe('learner families (gbdt, forest, linear)', () => {
  it('maps gbdt_ parameters onto the boosting settings, rounds onto epochs of 10 rounds, and caps rounds by the epoch cap', () => {
    const spec = toModelSpec({ family: 'gbdt', gbdt_leaves: 7, gbdt_learning_rate: 0.05, gbdt_colsample: 0.5 }, { gbdt_rounds: 95, gbdt_early_stop: 5 }, null);
    expect(spec.architecture).toEqual({ kind: 'gbdt', params: { ...GBDT_DEFAULTS, maxLeaves: 7, learningRate: 0.05, featureFraction: 0.5, maxRounds: 95, earlyStoppingRounds: 5 } });
    expect(spec.epochs).toBe(10);
    const capped = toModelSpec({ family: 'gbdt' }, { gbdt_rounds: 1000 }, 3);
    expect(capped.architecture).toMatchObject({ params: { maxRounds: 30 } });
    expect(capped.epochs).toBe(3);
  });

  it('maps forest_ parameters onto a forest, trees onto epochs of 10 trees, and caps trees by the epoch cap', () => {
    const spec = toModelSpec({ family: 'forest', forest_splitter: 'random', forest_max_features: 0.6, forest_bootstrap: 'false', forest_min_leaf: 4 }, { forest_trees: 200 }, null);
    expect(spec.architecture).toEqual({ kind: 'forest', params: { ...FOREST_DEFAULTS, trees: 200, splitter: 'random', maxFeatures: 0.6, bootstrap: false, minSamplesLeaf: 4 } });
    expect(spec.epochs).toBe(20);
    expect(toModelSpec({ family: 'forest', forest_max_features: 'sqrt' }, {}, null).architecture).toMatchObject({ params: { maxFeatures: 'sqrt' } });
    const capped = toModelSpec({ family: 'forest' }, { forest_trees: 200 }, 3);
    expect(capped.architecture).toMatchObject({ params: { trees: 30 } });
    expect(capped.epochs).toBe(3);
  });

  it('maps linear_alpha onto a linear model that reports once', () => {
    const spec = toModelSpec({ family: 'linear', linear_alpha: 0.1 }, {}, null);
    expect(spec.architecture).toEqual({ kind: 'linear', params: { ...LINEAR_DEFAULTS, alpha: 0.1 } });
    expect(spec.epochs).toBe(1);
  });

  it('refuses out-of-range learner parameters in a space and in a trial, naming the parameter', () => {
    expect(
      modelSpaceProblems({
        params: [
          { name: 'gbdt_leaves', kind: 'int', low: 1, high: 10 },
          { name: 'gbdt_colsample', kind: 'float', low: 0.5, high: 1.5 },
          { name: 'linear_alpha', kind: 'categorical', choices: [0, 1] },
          { name: 'forest_max_features', kind: 'categorical', choices: ['sqrt', 0.5, 'log', 0] },
          { name: 'forest_splitter', kind: 'categorical', choices: ['best', 'worst'] },
          { name: 'forest_trees', kind: 'int', low: 10, high: 5000 },
        ],
      }),
    ).toEqual([
      '"gbdt_leaves" must be a whole number from 2 to 4096; got 1',
      '"gbdt_colsample" must be in (0, 1]; got 1.5',
      '"linear_alpha" must be above 0 (and at most 1e6); got 0',
      `"forest_max_features" must be 'sqrt' or a share of the columns in (0, 1]; got "log"`,
      `"forest_max_features" must be 'sqrt' or a share of the columns in (0, 1]; got 0`,
      '"forest_splitter" takes best, random; "worst" is not one of them',
      '"forest_trees" must be a whole number from 1 to 2000; got 5000',
    ]);
    expect(() => toModelSpec({ family: 'forest', forest_min_leaf: 0 }, {}, null)).toThrow('"forest_min_leaf" must be a whole number from 1 to 100000; got 0');
    expect(() => toModelSpec({ family: 'gbdt', gbdt_leaves: 100000 }, {}, null)).toThrow('"gbdt_leaves" must be a whole number from 2 to 4096; got 100000');
  });

  it('preselects the recommended search for a table the person brings, the seed grid for a built-in one', () => {
    expect(defaultPresetIdFor(undefined, 'file')).toBe('recommended');
    expect(defaultPresetIdFor(undefined, 'builtin')).toBe('seed-grid');
    expect(findPreset('recommended')!.config.ensemble).toBe(true);
  });
});
