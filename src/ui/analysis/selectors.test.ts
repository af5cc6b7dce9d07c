import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import type { StudyRecord } from '../../orchestrator/studyRecord';
import { createCompletedTrialsSelector } from './selectors';

const trial = (number: number, state: Trial['state'], value: number | null): Trial => ({
  number, state, value, params: {}, system: {}, epochs: [], foldScores: [], metrics: {}, startedAt: 0, durationMs: 0, backend: null,
});
const study = (id: string, trials: Trial[]) => ({ study: { id, trials } as unknown as StudyRecord });

describe('createCompletedTrialsSelector', () => {
  it('returns the same array until the complete trials change', () => {
    const select = createCompletedTrialsSelector();
    expect(select({ study: null })).toEqual([]);
    const first = select(study('a', [trial(0, 'complete', 0.5), trial(1, 'running', null)]));
    expect(first.map((t) => t.number)).toEqual([0]);
    // A new snapshot with copied trials and the same outcome: same reference.
    expect(select(study('a', [trial(0, 'complete', 0.5), trial(1, 'running', null)]))).toBe(first);
    const second = select(study('a', [trial(0, 'complete', 0.5), trial(1, 'complete', 0.7)]));
    expect(second).not.toBe(first);
    expect(second.map((t) => t.number)).toEqual([0, 1]);
    expect(select(study('b', [trial(0, 'complete', 0.5), trial(1, 'complete', 0.7)]))).not.toBe(second);
  });
});
