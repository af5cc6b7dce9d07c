import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import type { ParamSpec } from '../../engine/space/types';
import { binCount, etaSquared, groupsFor, INACTIVE_GROUP, paramImportance, quantileBins } from './importance';

const trial = (number: number, params: Trial['params'], value: number | null, state: Trial['state'] = 'complete'): Trial => ({
  number, state, params, value, system: {}, epochs: [], foldScores: [], metrics: {}, startedAt: 0, durationMs: 0, backend: null,
});

const opt: ParamSpec = { name: 'optimizer', kind: 'categorical', choices: ['adam', 'sgd'] };
const lr: ParamSpec = { name: 'lr', kind: 'float', low: 1e-4, high: 1, log: true };
const seedish: ParamSpec = { name: 'noise', kind: 'int', low: 0, high: 9 };

describe('etaSquared', () => {
  it('is the between-group share of the total sum of squares', () => {
    // Groups a: 1, 3 (mean 2) and b: 5, 7 (mean 6); grand mean 4. Total SS 20, between SS 16.
    expect(etaSquared(['a', 'a', 'b', 'b'], [1, 3, 5, 7])).toBeCloseTo(0.8, 12);
    expect(etaSquared(['a', 'b', 'a', 'b'], [1, 1, 3, 3])).toBe(0);
    expect(etaSquared(['a', 'b'], [2, 2])).toBe(0);
  });
});

describe('quantileBins', () => {
  it('keeps equal values together and fills bins about equally', () => {
    expect(quantileBins([5, 1, 3, 3], 3)).toEqual([2, 0, 1, 1]);
    expect(quantileBins([1, 2, 3, 4, 5, 6], 2)).toEqual([0, 0, 0, 1, 1, 1]);
    // 5 has three values below it of seven: ⌊2·3/7⌋ = 0.
    expect(quantileBins([1, 1, 1, 9, 9, 9, 5], 2)).toEqual([0, 0, 0, 1, 1, 1, 0]);
    expect(binCount(4)).toBe(2);
    expect(binCount(100)).toBe(5);
  });

  it('puts trials without the parameter in their own group', () => {
    expect(groupsFor(lr, [0.1, undefined, 0.01])).toEqual([1, INACTIVE_GROUP, 0]);
    expect(groupsFor(opt, ['adam', undefined])).toEqual(['string:adam', INACTIVE_GROUP]);
  });
});

describe('paramImportance', () => {
  it('asks for more trials below four complete ones', () => {
    const few = [trial(0, { optimizer: 'adam' }, 1), trial(1, { optimizer: 'sgd' }, 2), trial(2, { optimizer: 'sgd' }, null, 'failed')];
    expect(paramImportance([opt], few)).toEqual({ status: 'too-few', completed: 2, needed: 2 });
  });

  it('ranks the parameter that drives the score first and normalises to 1', () => {
    const trials = [
      trial(0, { optimizer: 'adam', lr: 0.001, noise: 3 }, 0.9),
      trial(1, { optimizer: 'sgd', lr: 0.1, noise: 3 }, 0.5),
      trial(2, { optimizer: 'adam', lr: 0.1, noise: 7 }, 0.88),
      trial(3, { optimizer: 'sgd', lr: 0.001, noise: 7 }, 0.52),
      trial(4, { optimizer: 'sgd', lr: 0.01, noise: 5 }, 0.49),
    ];
    const result = paramImportance([lr, opt, seedish], trials);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.params[0]!.name).toBe('optimizer');
    expect(result.params[0]!.etaSquared).toBeGreaterThan(0.95);
    expect(result.params.reduce((sum, p) => sum + p.importance, 0)).toBeCloseTo(1, 12);
    expect(result.params.find((p) => p.name === 'optimizer')!.groups).toBe(2);
  });

  it('gives every parameter 0 when the scores never vary', () => {
    const flat = [0, 1, 2, 3].map((i) => trial(i, { optimizer: i % 2 ? 'adam' : 'sgd' }, 0.5));
    const result = paramImportance([opt], flat);
    expect(result.status === 'ok' && result.params[0]!.importance).toBe(0);
  });
});
