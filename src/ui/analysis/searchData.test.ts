import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import type { ParamSpec } from '../../engine/space/types';
import { completedTrials, formatTick, paramAxis, parallelCoordinates, qualities, qualityColour, slicePlots } from './searchData';

const trial = (number: number, params: Trial['params'], value: number | null, state: Trial['state'] = 'complete'): Trial => ({
  number, state, params, value, system: {}, epochs: [], foldScores: [], metrics: {}, startedAt: 0, durationMs: 0, backend: null,
});

const lr: ParamSpec = { name: 'learning_rate', kind: 'float', low: 1e-4, high: 1e-1, log: true };
const units: ParamSpec = { name: 'units', kind: 'int', low: 8, high: 128 };
const opt: ParamSpec = { name: 'optimizer', kind: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] };
const dropout: ParamSpec = { name: 'dropout', kind: 'float', low: 0, high: 0.5, condition: { kind: 'atLeast', param: 'units', value: 64 } };

const trials = [
  trial(0, { learning_rate: 1e-3, units: 16, optimizer: 'adam' }, 0.8),
  trial(1, { learning_rate: 1e-1, units: 128, optimizer: 'sgd', dropout: 0.2 }, 0.6),
  trial(2, { learning_rate: 1e-2, units: 64, optimizer: 'adam', dropout: 0.4 }, 0.9),
  trial(3, { learning_rate: 1e-2, units: 32, optimizer: 'sgd' }, null, 'pruned'),
  trial(4, { learning_rate: 1e-2, units: 32, optimizer: 'sgd' }, Number.NaN),
];

describe('completedTrials', () => {
  it('keeps complete trials with a finite score only', () => {
    expect(completedTrials(trials).map((t) => t.number)).toEqual([0, 1, 2]);
  });
});

describe('paramAxis', () => {
  it('log-scales log parameters over the observed range', () => {
    const axis = paramAxis(lr, [1e-3, 1e-1, 1e-2]);
    expect(axis.log).toBe(true);
    expect(axis.position(1e-3)).toBe(0);
    expect(axis.position(1e-2)).toBeCloseTo(0.5, 12);
    expect(axis.position(1e-1)).toBe(1);
    expect(axis.ticks[0]!.label).toBe('1.0e-3');
  });

  it('is linear for plain numbers, mid-axis for one value and null when absent', () => {
    expect(paramAxis(units, [16, 128, 64]).position(72)).toBeCloseTo(0.5, 12);
    expect(paramAxis(units, [32, 32]).position(32)).toBe(0.5);
    expect(paramAxis(dropout, [0.2, undefined]).position(undefined)).toBeNull();
  });

  it('spaces every declared category evenly, in declared order', () => {
    const axis = paramAxis(opt, ['sgd']);
    expect(axis.ticks.map((t) => [t.label, t.position])).toEqual([
      ['adam', 0],
      ['sgd', 0.5],
      ['rmsprop', 1],
    ]);
    expect(axis.position('rmsprop')).toBe(1);
  });
});

describe('parallelCoordinates', () => {
  it('has one axis per parameter plus the objective, one line per complete trial, best drawn last', () => {
    const data = parallelCoordinates([lr, units, opt, dropout], trials, { metric: 'accuracy', direction: 'maximize' }, 'accuracy');
    expect(data.axes.map((a) => a.name)).toEqual(['learning_rate', 'units', 'optimizer', 'dropout', 'accuracy']);
    expect(data.axes.map((a) => a.kind)).toEqual(['numeric', 'numeric', 'categorical', 'numeric', 'objective']);
    expect(data.lines.map((l) => l.trial)).toEqual([1, 0, 2]);
    const best = data.lines[2]!;
    expect(best.quality).toBe(1);
    expect(best.positions[4]).toBe(1);
    expect(data.lines[1]!.positions[3]).toBeNull();
  });

  it('colours by quality in the study direction', () => {
    expect(qualities([1, 2, 3], 'minimize')).toEqual([1, 0.5, 0]);
    expect(qualities([2, 2], 'maximize')).toEqual([1, 1]);
    expect(qualityColour(0)).toBe('rgb(253, 231, 37)');
    expect(qualityColour(1)).toBe('rgb(68, 1, 84)');
    expect(qualityColour(Number.NaN)).toBe(qualityColour(0));
  });
});

describe('slicePlots', () => {
  it('gives (value, objective) points per parameter, categories as level indices', () => {
    const slices = slicePlots([lr, opt, dropout], trials);
    expect(slices.map((s) => s.name)).toEqual(['learning_rate', 'optimizer', 'dropout']);
    expect(slices[0]!.points.map((p) => [p.x, p.value])).toEqual([
      [1e-3, 0.8],
      [1e-1, 0.6],
      [1e-2, 0.9],
    ]);
    expect(slices[0]!.log).toBe(true);
    expect(slices[1]!.levels).toEqual(['adam', 'sgd', 'rmsprop']);
    expect(slices[1]!.points.map((p) => p.x)).toEqual([0, 1, 0]);
    expect(slices[2]!.points.map((p) => p.trial)).toEqual([1, 2]);
  });
});

describe('formatTick', () => {
  it('uses exponents for tiny or huge values', () => {
    expect([formatTick(0), formatTick(0.001), formatTick(0.123456), formatTick(250), formatTick(2e6)]).toEqual(['0', '1.0e-3', '0.123', '250', '2.0e+6']);
  });
});
