/**
 * Test support for the study database: a small study record and trials in the shapes the runner makes,
 * and a fake-indexeddb factory whose connections a test can kill abruptly (as a crashed tab would).
 * Not used by the app.
 */
import type { EpochRecord, Trial, TrialState } from '../engine/study/types';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { configFromPreset, findPreset } from '../search/presets';

export function sampleStudy(id = 'study-1', createdAt = '2026-01-01T00:00:00.000Z'): StudyRecord {
  const config = configFromPreset(findPreset('seed-grid')!, { seed: 7 });
  return {
    id,
    createdAt,
    config,
    objective: { metric: 'accuracy', direction: 'maximize' },
    dataset: {
      name: 'Iris',
      source: { kind: 'builtin', id: 'iris' },
      rows: 150,
      columns: 5,
      target: 'target',
      task: 'multiclass',
      classNames: ['setosa', 'versicolor', 'virginica'],
      featureNames: ['a', 'b', 'c', 'd'],
      fingerprint: 'ab'.repeat(32),
      trainRows: 120,
      testRows: 30,
    },
    state: 'running',
    message: null,
    backend: null,
    trials: [],
    best: null,
    bestModel: null,
    testPredictions: null,
    startedAt: 1000,
    finishedAt: null,
  };
}

export function runningTrial(number: number, startedAt = 1000 + number): Trial {
  return {
    number,
    state: 'running',
    params: { optimizer: 'adam', units: 8 + number },
    system: { grid: number },
    epochs: [],
    foldScores: [],
    metrics: {},
    value: null,
    startedAt,
    durationMs: null,
    backend: null,
  };
}

export const epoch = (fold: number, e: number, loss = 1 / (e + 1)): EpochRecord => ({ fold, epoch: e, loss, valLoss: loss * 1.1, valScore: 1 - loss / 2 });

/** The trial after it ended the given way, as executeTrial and the runner leave it. */
export function endedTrial(trial: Trial, state: Extract<TrialState, 'complete' | 'pruned' | 'failed'>, value = 0.5 + trial.number / 100): Trial {
  const base: Trial = { ...trial, epochs: [...trial.epochs], state, durationMs: 50, backend: 'cpu' };
  if (state === 'complete') return { ...base, foldScores: [value], metrics: { accuracy: value }, value };
  if (state === 'pruned') return { ...base, foldScores: [value / 2], metrics: { accuracy: value / 2 }, prunedAtEpoch: trial.epochs.length };
  return { ...base, error: 'loss became NaN' };
}
