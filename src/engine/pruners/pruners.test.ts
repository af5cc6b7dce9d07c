import { describe, expect, it } from 'vitest';
import type { Trial } from '../study/types';
import { decide, isPromotable } from './decide';
import { createPruningPlan, hyperbandBracket, hyperbandBrackets, intermediateValues, rungSteps } from './plan';

function trial(number: number, curve: number[], state: Trial['state'] = 'complete', system: Record<string, unknown> = {}): Trial {
  return {
    number, state, params: {}, system, foldScores: [], metrics: {}, value: curve.at(-1) ?? null, startedAt: 0, durationMs: 0, backend: null,
    epochs: curve.map((valScore, epoch) => ({ fold: 0, epoch, loss: 1 - valScore, valLoss: 1 - valScore, valScore })),
  };
}

describe('median pruning', () => {
  const done = [0.5, 0.6, 0.7, 0.8, 0.9].map((v, i) => trial(i, [v - 0.2, v - 0.1, v]));
  const context = { trials: done, trialNumber: 5, seed: 0, direction: 'maximize' as const };

  it('waits for five completed trials', () => {
    expect(createPruningPlan({ kind: 'median', maxEpochs: 3 }, { ...context, trials: done.slice(0, 4) })).toBeNull();
  });

  it('stops a trial whose best so far is below the median at that step', () => {
    const plan = createPruningPlan({ kind: 'median', maxEpochs: 3 }, context)!;
    if (plan.kind !== 'median') throw new Error('expected a median plan');
    plan.medians.forEach((m, i) => expect(m).toBeCloseTo([0.5, 0.6, 0.7][i]!, 12));
    expect(decide(plan, [0.55], 'maximize').prune).toBe(false);
    expect(decide(plan, [0.45], 'maximize').prune).toBe(true);
    expect(decide(plan, [0.55, 0.4], 'maximize').prune).toBe(true); // best 0.55 < median 0.6
    expect(decide(plan, [0.55, 0.58, 0.71], 'maximize').prune).toBe(false);
    expect(decide(plan, [Number.NaN], 'maximize').prune).toBe(true);
    expect(decide({ ...plan, warmupSteps: 1 }, [0.1], 'maximize').prune).toBe(false);
  });
});

describe('successive halving', () => {
  it('places rungs at min · η^k below the maximum', () => {
    expect(rungSteps(27, 1, 3, 0)).toEqual([1, 3, 9]);
    expect(rungSteps(27, 1, 3, 1)).toEqual([3, 9]);
    expect(rungSteps(10, 2, 2, 0)).toEqual([2, 4, 8]);
  });

  it('promotes the top 1/η of the values at a rung, the best alone when few have arrived', () => {
    expect(isPromotable(0.5, [], 3, 'maximize')).toBe(true);
    expect(isPromotable(0.5, [0.6], 3, 'maximize')).toBe(false);
    expect(isPromotable(0.7, [0.6, 0.5, 0.4, 0.3, 0.2], 3, 'maximize')).toBe(true); // 6 values: top 2
    expect(isPromotable(0.55, [0.6, 0.5, 0.4, 0.3, 0.2], 3, 'maximize')).toBe(true);
    expect(isPromotable(0.45, [0.6, 0.5, 0.4, 0.3, 0.2], 3, 'maximize')).toBe(false);
    expect(isPromotable(0.1, [0.6, 0.5], 3, 'minimize')).toBe(true);
  });

  it('plans rungs with the values peers recorded there, and decides at each', () => {
    const peers = [trial(0, [0.5, 0.6, 0.7, 0.8], 'complete'), trial(1, [0.2], 'pruned'), trial(2, [0.9, 0.91], 'running')];
    const plan = createPruningPlan({ kind: 'asha', maxEpochs: 9 }, { trials: peers, trialNumber: 3, seed: 0, direction: 'maximize' })!;
    expect(plan).toEqual({ kind: 'halving', reductionFactor: 3, rungs: [{ step: 1, competitors: [0.5, 0.2, 0.9] }, { step: 3, competitors: [0.7] }] });
    expect(decide(plan, [0.95], 'maximize')).toEqual({ prune: false, promotedAt: 1 });
    expect(decide(plan, [0.6], 'maximize').prune).toBe(true);
    expect(decide(plan, [0.95, 0.1], 'maximize').prune).toBe(false); // no rung at step 2
    expect(decide(plan, [0.95, 0.1, 0.65], 'maximize').prune).toBe(true);
  });

  it('reads intermediate values from the first fold only', () => {
    const t = trial(0, [0.1, 0.2]);
    t.epochs.push({ fold: 1, epoch: 0, loss: 0, valScore: 0.99 });
    expect(intermediateValues(t)).toEqual([0.1, 0.2]);
  });
});

describe('hyperband', () => {
  it('has log_η(max/min) + 1 brackets and assigns trials reproducibly, aggressive brackets most often', () => {
    const settings = { kind: 'hyperband' as const, maxEpochs: 27 };
    expect(hyperbandBrackets(settings)).toBe(4);
    const brackets = Array.from({ length: 400 }, (_, n) => hyperbandBracket(settings, 7, n));
    expect(brackets).toEqual(Array.from({ length: 400 }, (_, n) => hyperbandBracket(settings, 7, n)));
    const counts = [0, 1, 2, 3].map((b) => brackets.filter((x) => x === b).length);
    expect(counts[0]).toBeGreaterThan(counts[1]!);
    expect(counts[1]).toBeGreaterThan(counts[3]!);
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it('competes only within the bracket', () => {
    const settings = { kind: 'hyperband' as const, maxEpochs: 9 };
    const bracket = hyperbandBracket(settings, 1, 5);
    const peers = [trial(0, [0.9, 0.9, 0.9], 'complete', { bracket }), trial(1, [0.1, 0.1, 0.1], 'complete', { bracket: bracket + 1 })];
    const plan = createPruningPlan(settings, { trials: peers, trialNumber: 5, seed: 1, direction: 'maximize' })!;
    expect(plan.kind === 'halving' && plan.bracket).toBe(bracket);
    if (plan.kind === 'halving') for (const rung of plan.rungs) expect(rung.competitors).toEqual([0.9]);
  });
});
