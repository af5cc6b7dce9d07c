/**
 * Runs one trial on one worker and writes the outcome onto the trial: per-epoch progress, fold scores,
 * validation metrics, pruning, and the objective value. Used by the study runner for each slot.
 */
import type { Metrics, ObjectiveMetric, Trial } from '../engine/study/types';
import type { TrainingJob } from '../protocol/training';
import { mean } from '../shared/stats';
import type { WorkerClient } from './workerClient';

export function averageMetrics(runs: readonly Metrics[]): Metrics {
  const keys = Object.keys(runs[0] ?? {});
  return Object.fromEntries(keys.map((key) => [key, mean(runs.map((m) => m[key]!))]));
}

export interface TrialExecution {
  readonly client: WorkerClient;
  readonly job: TrainingJob;
  readonly objective: ObjectiveMetric;
  readonly signal: AbortSignal;
  readonly onChange: () => void;
}

export async function executeTrial(trial: Trial, { client, job, objective, signal, onChange }: TrialExecution): Promise<void> {
  const result = await client.call('runTrial', job, {
    signal,
    onProgress: (records) => {
      trial.epochs.push(...records);
      onChange();
    },
  });
  trial.foldScores.push(...result.runs.map((m) => m[objective]!));
  trial.metrics = averageMetrics(result.runs);
  trial.backend = result.backend;
  if (result.promotions) trial.promotions = [...result.promotions];
  if (result.cost) trial.cost = result.cost;
  if (result.prunedAtEpoch !== undefined) {
    // A pruned trial keeps its partial scores for inspection but has no objective value: it never ranks.
    trial.prunedAtEpoch = result.prunedAtEpoch;
    trial.state = 'pruned';
    return;
  }
  trial.value = mean(trial.foldScores);
  if (!Number.isFinite(trial.value)) throw new Error(`The trial's score is ${trial.value}`);
  trial.state = 'complete';
}

/** Clears what an interrupted attempt left on a trial, so it can run again from the start. */
export function resetTrial(trial: Trial, startedAt: number): void {
  trial.epochs.length = 0;
  trial.foldScores.length = 0;
  trial.metrics = {};
  trial.value = null;
  trial.state = 'running';
  trial.durationMs = null;
  (trial as { startedAt: number }).startedAt = startedAt;
  delete trial.error;
  delete trial.prunedAtEpoch;
  delete trial.promotions;
  delete trial.cost;
}
