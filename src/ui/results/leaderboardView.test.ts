import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import { groupNote, leaderboardRows } from './leaderboardView';

const t = (number: number, state: Trial['state'], value: number | null, params: Trial['params'], durationMs = 0): Trial => ({
  number, state, value, params, system: {}, epochs: [], foldScores: [], metrics: {}, startedAt: 0, durationMs, backend: null,
});
const trials = [t(0, 'complete', 0.8, { optimizer: 'adam' }, 50), t(1, 'pruned', null, { optimizer: 'sgd' }, 10), t(2, 'complete', 0.9, { optimizer: 'sgd' }, 30)];
const objective = { metric: 'accuracy' as const, direction: 'maximize' as const };

describe('leaderboardRows', () => {
  it('ranks by objective, keeps ranks when sorted otherwise', () => {
    expect(leaderboardRows(trials, objective, { sort: 'rank', state: 'all', text: '' }).map((r) => [r.trial.number, r.rank])).toEqual([[2, 1], [0, 2], [1, null]]);
    expect(leaderboardRows(trials, objective, { sort: 'trial', state: 'all', text: '' }).map((r) => r.rank)).toEqual([2, null, 1]);
    expect(leaderboardRows(trials, objective, { sort: 'duration', state: 'all', text: '' }).map((r) => r.trial.number)).toEqual([0, 2, 1]);
  });

  it('filters by state and by parameter text', () => {
    expect(leaderboardRows(trials, objective, { sort: 'rank', state: 'pruned', text: '' }).map((r) => r.trial.number)).toEqual([1]);
    expect(leaderboardRows(trials, objective, { sort: 'rank', state: 'all', text: 'SGD' }).map((r) => r.trial.number)).toEqual([2, 1]);
  });

  it('says how many others a trial was trained with', () => {
    expect(groupNote(2)).toBe('trained together with 1 other');
    expect(groupNote(8)).toBe('trained together with 7 others');
  });
});
