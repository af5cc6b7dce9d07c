/**
 * Runs one trial, or a group of trials trained together, on one worker and writes each outcome onto its
 * trial: per-epoch progress, fold scores, validation metrics, pruning, and the objective value. Used by the
 * study runner for each slot.
 */
import type { Metrics, ObjectiveMetric, Trial } from '../engine/study/types';
import type { TrainingGroupJob } from '../protocol/grouping';
import type { TrainingJob, TrainingResult } from '../protocol/training';
import { mean } from '../shared/stats';
import { WorkerCallError, type WorkerClient } from './workerClient';

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
  /** Receives a settled trial's outputs on its validation rows, when the job kept them (ensembles). */
  readonly onOutputs?: (trial: Trial, outputs: readonly Float32Array[]) => void;
}

/** Writes a finished run's outcome onto its trial; throws when the score is not a number (the trial fails). */
function applyResult(trial: Trial, result: TrainingResult, objective: ObjectiveMetric): void {
  trial.foldScores.push(...result.runs.map((m) => m[objective]!));
  trial.metrics = averageMetrics(result.runs);
  trial.backend = result.backend;
  trial.epochsRun = [...result.epochsRun];
  if (result.promotions) trial.promotions = [...result.promotions];
  if (result.cost) trial.cost = result.cost;
  if (result.group) trial.group = { size: result.group.size };
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

export async function executeTrial(trial: Trial, { client, job, objective, signal, onChange, onOutputs }: TrialExecution): Promise<void> {
  const result = await client.call('runTrial', job, {
    signal,
    onProgress: (records) => {
      trial.epochs.push(...records);
      onChange();
    },
  });
  applyResult(trial, result, objective);
  if (result.evaluationOutputs) onOutputs?.(trial, result.evaluationOutputs);
}

export interface GroupExecution extends Omit<TrialExecution, 'job'> {
  readonly job: TrainingGroupJob;
}

/**
 * Runs a group job: each member's epochs, pruning and outcome land on its own trial exactly as executeTrial
 * writes them for a trial alone; each records its own time (a share of the stack's). Resolves to
 * each member's error (null when it completed or was pruned); rejects when the call as a whole failed.
 */
export async function executeGroup(trials: readonly Trial[], { client, job, objective, signal, onChange, onOutputs }: GroupExecution): Promise<(Error | null)[]> {
  const result = await client.call('trainGroup', job, {
    signal,
    onProgress: (records) => {
      for (const { member, record } of records) trials[member]!.epochs.push(record);
      onChange();
    },
  });
  return result.members.map((outcome, k) => {
    const trial = trials[k]!;
    if (!outcome.ok) return new WorkerCallError(outcome.error.code, outcome.error.message);
    try {
      applyResult(trial, outcome.result, objective);
      if (outcome.result.evaluationOutputs) onOutputs?.(trial, outcome.result.evaluationOutputs);
      // Its own time: its share of the stack's, or its run when the worker trained it alone.
      trial.durationMs = outcome.result.durationMs;
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
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
  delete trial.epochsRun;
  delete trial.prunedAtEpoch;
  delete trial.promotions;
  delete trial.cost;
  delete trial.group;
}
