import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import { historyRows } from './history';

const t = (number: number, state: Trial['state'], value: number | null): Trial => ({
  number, state, value, params: {}, system: {}, epochs: [], foldScores: [], metrics: {}, startedAt: 0, durationMs: 0, backend: null,
});

describe('historyRows', () => {
  it('tracks the best value so far, skipping unfinished and pruned trials', () => {
    const trials = [t(0, 'complete', 0.5), t(1, 'pruned', null), t(2, 'complete', 0.7), t(3, 'complete', 0.6), t(4, 'failed', null)];
    expect(historyRows(trials, 'maximize')).toEqual([
      { trial: 0, value: 0.5, best: 0.5 },
      { trial: 1, best: 0.5 },
      { trial: 2, value: 0.7, best: 0.7 },
      { trial: 3, value: 0.6, best: 0.7 },
      { trial: 4, best: 0.7 },
    ]);
    expect(historyRows(trials, 'minimize').map((r) => r.best)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});
