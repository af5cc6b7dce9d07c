import { describe, expect, it } from 'vitest';
import type { StudyRecord } from '../../orchestrator/studyRecord';
import { studyProgress } from './progress';

const base = { config: { maxTrials: 4 }, state: 'running', startedAt: 1000, finishedAt: null } as unknown as StudyRecord;

describe('studyProgress', () => {
  it('estimates the remaining time from finished trials', () => {
    const study = {
      ...base,
      trials: [
        { state: 'complete', durationMs: 1000, startedAt: 1000 },
        { state: 'running', durationMs: null, startedAt: 2000 },
      ],
    } as unknown as StudyRecord;
    expect(studyProgress(study, 2400)).toEqual({ done: 1, total: 4, elapsedMs: 1400, remainingMs: 600 + 2 * 1000 });
  });

  it('has no estimate before a trial finishes or after the study ends', () => {
    expect(studyProgress({ ...base, trials: [] } as unknown as StudyRecord, 5000).remainingMs).toBeNull();
    const ended = { ...base, state: 'finished', finishedAt: 3000, trials: [] } as unknown as StudyRecord;
    expect(studyProgress(ended, 9000)).toMatchObject({ elapsedMs: 2000, remainingMs: null });
  });
});
