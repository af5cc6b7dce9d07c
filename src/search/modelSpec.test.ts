import { describe, expect, it } from 'vitest';
import { enumerateGrid } from '../engine/space/grid';
import { FOREST_DEFAULTS } from '../learners/forest';
import { GBDT_DEFAULTS } from '../learners/gbdt';
import { LINEAR_DEFAULTS } from '../learners/linear';
import { TRAINING_DEFAULTS } from '../protocol/training';
import type { InputLayout } from '../data/types';
import type { ParamSet, ParamValue } from '../engine/space/types';
import { modelSpaceProblems, RULED_PARAMS, toModelSpec } from './modelSpec';
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
    // The same rule, in the same words, as the space check (modelSpaceProblems) gives.
    expect(() => toModelSpec({ units: 0 }, {}, null)).toThrow('"units" must be a whole number from 1 to 65536; got 0');
    expect(() => toModelSpec({ dropout: 1 }, {}, null)).toThrow('"dropout" must be in [0, 1); got 1');
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
    ).toEqual(['"activation" takes relu, tanh, elu, selu, gelu, swish, mish, softplus, sigmoid, linear; "swish2" is not one of them', '"dropout" must be in [0, 1); got 1', '"units_2" must be a whole number from 1 to 65536; got 0']);
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

describe('one rule per parameter: the space check and the trial parse agree', () => {
  const image = { kind: 'image', height: 8, width: 8, channels: 1 } as const;
  const tokens = { kind: 'tokens', sequenceLength: 50, vocabularySize: 3000 } as const;
  /** Where a parameter is read: the family and layout whose trial parse looks at it. */
  const readerOf = (name: string): { fixed: ParamSet; layout?: InputLayout } => {
    if (name.startsWith('gbdt_')) return { fixed: { family: 'gbdt' } };
    if (name.startsWith('forest_')) return { fixed: { family: 'forest' } };
    if (name === 'linear_alpha') return { fixed: { family: 'linear' } };
    // One block, so a first block's filters are not doubled past the bound (derived filters are checked apart).
    if (['conv_blocks', 'filters', 'conv_dropout', 'kernel_size'].includes(name)) return { fixed: { conv_blocks: 1 }, layout: image };
    if (['vocab_size', 'sequence_length', 'embedding_dim'].includes(name)) return { fixed: {}, layout: tokens };
    if (name.startsWith('lr_') || name === 'plateau_patience') return { fixed: { lr_schedule: name === 'lr_decay' ? 'exponential' : name === 'lr_step_every' ? 'step' : 'plateau' } };
    if (name === 'warmup_epochs') return { fixed: { lr_schedule: 'cosine' } };
    if (name === 'label_smoothing') return { fixed: { loss: 'cross-entropy' } };
    if (name === 'focal_gamma') return { fixed: { loss: 'focal' } };
    if (name === 'huber_delta') return { fixed: { loss: 'huber' } };
    if (name === 'weight_decay') return { fixed: { optimizer: 'adamw' } };
    return { fixed: { layers: 1 } };
  };
  const CANDIDATES: readonly ParamValue[] = [-1, 0, 1e-9, 0.5, 0.99, 0.995, 1, 1.5, 2, 3, 4, 5, 7, 9, 10, 15, 16, 17, 180, 181, 255, 256, 2000, 2001, 4096, 4097, 65536, 65537, 100000, 100001, 1e6, 1e6 + 1, 'none', 'sqrt', 'fast'];

  it.each(RULED_PARAMS.map((name) => [name]))('%s: a value the space check accepts trains, one it refuses fails the trial', (name) => {
    const { fixed, layout } = readerOf(name);
    for (const value of CANDIDATES) {
      const spaceOk = modelSpaceProblems({ params: [{ name, kind: 'categorical', choices: [value] }] }).length === 0;
      let trialError = '';
      try {
        toModelSpec({ [name]: value }, fixed, null, layout);
      } catch (error) {
        trialError = (error as Error).message;
      }
      expect(trialError === '', `${name} = ${JSON.stringify(value)}: space check ${spaceOk ? 'accepts' : 'refuses'}, trial ${trialError || 'trains'}`).toBe(spaceOk);
      if (!spaceOk) expect(trialError).toContain(`"${name}"`);
    }
  });

  it("refuses a cnn kernel_size of 9 in the space, naming it, as the trial would; conv1d's own rule where the space rules cnn out", () => {
    expect(modelSpaceProblems({ params: [{ name: 'kernel_size', kind: 'categorical', choices: [3, 9] }] })).toEqual(['"kernel_size" must be 3, 5 or 7 for a cnn; got 9']);
    expect(() => toModelSpec({ kernel_size: 9 }, {}, null, image)).toThrow('"kernel_size" must be 3, 5 or 7 for a cnn; got 9');
    const textSpace = { params: [{ name: 'family', kind: 'categorical', choices: ['embedding', 'conv1d'] }, { name: 'kernel_size', kind: 'categorical', choices: [3, 9] }] } as const;
    expect(modelSpaceProblems(textSpace)).toEqual([]);
    expect(toModelSpec({ family: 'conv1d', kernel_size: 9 }, {}, null, tokens).architecture).toMatchObject({ kernelSize: 9 });
    expect(modelSpaceProblems({ params: [{ name: 'family', kind: 'categorical', choices: ['cnn', 'conv1d'] }, { name: 'kernel_size', kind: 'categorical', choices: [9] }] })).toHaveLength(1);
  });

  it('refuses ranges whose inside breaks the rule: 4 and 6 between cnn kernels, fractions of a whole-number parameter', () => {
    expect(modelSpaceProblems({ params: [{ name: 'kernel_size', kind: 'int', low: 3, high: 7 }] })).toEqual(['"kernel_size" must be 3, 5 or 7 for a cnn; the range gives 4, 6']);
    expect(modelSpaceProblems({ params: [{ name: 'kernel_size', kind: 'int', low: 3, high: 7, step: 2 }] })).toEqual([]);
    expect(modelSpaceProblems({ params: [{ name: 'units', kind: 'float', low: 1, high: 100 }] })).toEqual(['"units" must be a whole number from 1 to 65536; the range gives a float range from 1 to 100']);
    expect(modelSpaceProblems({ params: [{ name: 'units', kind: 'float', low: 1, high: 100, step: 1 }] })).toEqual([]);
    expect(modelSpaceProblems({ params: [{ name: 'dropout', kind: 'float', low: 0, high: 0.5 }] })).toEqual([]);
  });

  it("accepts 'none' for patience and clipnorm in a space, as the trial does", () => {
    expect(modelSpaceProblems({ params: [{ name: 'patience', kind: 'categorical', choices: ['none', 5] }, { name: 'clipnorm', kind: 'categorical', choices: ['none', 1] }] })).toEqual([]);
    expect(toModelSpec({ patience: 'none', clipnorm: 1 }, {}, null)).toMatchObject({ patience: null, clipNorm: 1 });
  });

  it('bounds derived cnn filters (first·2^i) at the 4096 a searched value may have, naming the block', () => {
    expect(toModelSpec({ conv_blocks: 7, filters: 64 }, {}, null, image).architecture).toMatchObject({ blocks: expect.arrayContaining([expect.objectContaining({ filters: 4096 })]) });
    expect(() => toModelSpec({ conv_blocks: 8, filters: 64 }, {}, null, image)).toThrow(
      'Block 8 of the cnn would have filters·2^7 = 64·128 = 8192 filters, over the 4096 a block may have; lower "filters" or "conv_blocks", or set "filters_8"',
    );
    // A block's own filters_<i> replaces the doubling, under the filters rule.
    expect(toModelSpec({ conv_blocks: 8, filters: 64, filters_8: 256 }, {}, null, image).architecture).toMatchObject({ kind: 'cnn' });
    expect(() => toModelSpec({ conv_blocks: 2, filters_2: 5000 }, {}, null, image)).toThrow('"filters_2" must be a whole number from 1 to 4096; got 5000');
  });
});
