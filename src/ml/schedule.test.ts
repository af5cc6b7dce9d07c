import { describe, expect, it } from 'vitest';
import { learningRateAt, shouldStopEarly } from './schedule';

describe('learning-rate schedules', () => {
  it('computes constant, exponential and step decay', () => {
    expect(learningRateAt({ kind: 'constant' }, 0.1, 7, 10, [])).toBe(0.1);
    expect(learningRateAt({ kind: 'exponential', decay: 0.5 }, 0.1, 3, 10, [])).toBeCloseTo(0.0125, 12);
    expect([0, 9, 10, 25].map((e) => learningRateAt({ kind: 'step', every: 10, factor: 0.1 }, 1, e, 30, []))).toEqual([1, 1, 0.1, 0.010000000000000002]);
  });

  it('warms up linearly, then follows a half cosine to zero', () => {
    const s = { kind: 'cosine' as const, warmupEpochs: 2 };
    expect(learningRateAt(s, 1, 0, 12, [])).toBe(0.5);
    expect(learningRateAt(s, 1, 1, 12, [])).toBe(1);
    expect(learningRateAt(s, 1, 2, 12, [])).toBe(1);
    expect(learningRateAt(s, 1, 7, 12, [])).toBeCloseTo(0.5, 12);
    expect(learningRateAt(s, 1, 12, 12, [])).toBeCloseTo(0, 12);
  });

  it('reduces on plateau after `patience` epochs without improvement', () => {
    const s = { kind: 'plateau' as const, patience: 2, factor: 0.5 };
    const losses = [1, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6];
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((e) => learningRateAt(s, 1, e, 10, losses))).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]);
  });
});

describe('early stopping', () => {
  it('stops after patience epochs without a new best validation loss', () => {
    expect(shouldStopEarly(null, [1, 2, 3, 4])).toBe(false);
    expect(shouldStopEarly(2, [1, 0.8, 0.9])).toBe(false);
    expect(shouldStopEarly(2, [1, 0.8, 0.9, 0.85])).toBe(true);
    expect(shouldStopEarly(2, [1, 0.8, 0.9, 0.7])).toBe(false);
  });
});
