import { describe, expect, it } from 'vitest';
import { enumerateGrid } from '../engine/space/grid';
import { TRAINING_DEFAULTS } from '../protocol/training';
import { modelSpaceProblems, toModelSpec } from './modelSpec';
import { configFromPreset, PRESETS } from './presets';

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
