/**
 * Runs a study: asks the sampler for each trial, sends it to a training worker, records per-epoch progress
 * and outcomes, survives failed trials (three in a row stop the study), and finally refits the best
 * configuration on the whole training split and scores it once on the test split.
 *
 * The runner mutates its StudyRecord in place and calls `onChange`; the store takes snapshots at its own pace.
 */
import { createPruningPlan } from '../engine/pruners/plan';
import { createSampler } from '../engine/samplers/registry';
import { validateSpace } from '../engine/space/validate';
import { findBestTrial } from '../engine/study/objective';
import { createRng } from '../engine/study/rng';
import type { Metrics, Trial } from '../engine/study/types';
import { holdOut, kFold } from '../data/split';
import type { Fold, ModelData, Split } from '../data/types';
import type { TrainingJob, TrainingRun } from '../protocol/training';
import { toModelSpec } from '../search/modelSpec';
import { mean } from '../shared/stats';
import type { StudyRecord } from './studyRecord';
import type { TrainingWorkerHandle } from './trainingWorker';
import { WorkerCallError, type WorkerClient } from './workerClient';

export const MAX_CONSECUTIVE_FAILURES = 3;
/** A worker that has not answered a cancel within this time is terminated. */
export const CANCEL_GRACE_MS = 3000;

export interface StudyInputs {
  readonly study: StudyRecord;
  readonly data: ModelData;
  readonly split: Split;
  readonly workers: TrainingWorkerHandle;
  readonly onChange: () => void;
  readonly now?: () => number;
}

export interface StudyRunner {
  /** Resolves when the study ends: finished, stopped or failed (never rejects). */
  run(): Promise<void>;
  stop(): void;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function averageMetrics(runs: readonly Metrics[]): Metrics {
  const keys = Object.keys(runs[0] ?? {});
  return Object.fromEntries(keys.map((key) => [key, mean(runs.map((m) => m[key]!))]));
}

export function createStudyRunner(inputs: StudyInputs): StudyRunner {
  const { study, data, split, onChange } = inputs;
  const now = inputs.now ?? (() => Date.now());
  const { config } = study;
  const abort = new AbortController();
  const datasetKey = study.dataset.fingerprint;
  const labels = data.task.kind === 'regression' ? null : data.targets;

  async function readyWorker(): Promise<WorkerClient> {
    const ready = await inputs.workers.acquire(config.backend, datasetKey, data);
    if (study.backend !== ready.backend) {
      study.backend = ready.backend;
      onChange();
    }
    return ready.client;
  }

  function validationFolds(): Fold[] {
    const rng = createRng(config.seed).fork('validation-split');
    return config.evaluation.kind === 'cross-validation'
      ? kFold(split.train, labels, config.evaluation.folds, rng)
      : [holdOut(split.train, labels, config.evaluation.validationFraction, rng)];
  }

  function jobFor(params: Trial['params'], runs: TrainingRun[], evaluation: TrainingJob['evaluation'], seed: number): TrainingJob {
    return {
      datasetKey,
      model: toModelSpec(params, config.fixed, config.maxEpochs),
      runs,
      evaluation,
      objective: study.objective.metric,
      seed,
    };
  }

  /** Epochs the trial will train; invalid parameters fail the trial later, with their own message. */
  function plannedEpochs(params: Trial['params']): number {
    try {
      return toModelSpec(params, config.fixed, config.maxEpochs).epochs;
    } catch {
      return 1;
    }
  }

  async function runTrial(trial: Trial, runs: TrainingRun[], pruning: TrainingJob['pruning']): Promise<void> {
    const client = await readyWorker();
    const seed = createRng(config.seed).fork(`trial:${trial.number}`).uint32();
    const job = { ...jobFor(trial.params, runs, 'validation', seed), ...(pruning ? { pruning } : {}) };
    const result = await client.call('runTrial', job, {
      signal: abort.signal,
      onProgress: (records) => {
        trial.epochs.push(...records);
        onChange();
      },
    });
    trial.foldScores.push(...result.runs.map((m) => m[study.objective.metric]!));
    trial.metrics = averageMetrics(result.runs);
    trial.backend = result.backend;
    if (result.promotions) trial.promotions = [...result.promotions];
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

  async function refitBest(): Promise<void> {
    const best = findBestTrial(study.trials, study.objective);
    if (!best) return;
    study.best = { trialNumber: best.number, params: best.params, value: best.value!, testMetrics: null };
    onChange();
    const client = await readyWorker();
    const seed = createRng(config.seed).fork('refit').uint32();
    const result = await client.call('runTrial', jobFor(best.params, [{ train: split.train, evaluate: split.test }], 'test', seed), {
      signal: abort.signal,
    });
    study.best.testMetrics = result.runs[0]!;
  }

  async function search(): Promise<void> {
    validateSpace(config.space);
    const sampler = createSampler(config.sampler);
    const folds = validationFolds();
    const runs = folds.map((fold) => ({ train: fold.train, evaluate: fold.validation }));
    let consecutiveFailures = 0;
    while (study.trials.length < config.maxTrials && !abort.signal.aborted) {
      const suggestion = sampler.suggest({
        space: config.space,
        seed: config.seed,
        trialNumber: study.trials.length,
        trials: study.trials,
        direction: study.objective.direction,
      });
      if (!suggestion) break;
      // Start (or restart) the worker before the trial's clock starts: the backend probe is not the trial's time.
      await readyWorker();
      if (abort.signal.aborted) break;
      const trialNumber = study.trials.length;
      const plan = createPruningPlan(
        { kind: config.pruner, maxEpochs: plannedEpochs(suggestion.params) },
        { trials: study.trials, trialNumber, seed: config.seed, direction: study.objective.direction },
      );
      const bracket = plan?.kind === 'halving' ? plan.bracket : undefined;
      const trial: Trial = {
        number: trialNumber,
        state: 'running',
        params: suggestion.params,
        system: bracket === undefined ? suggestion.system : { ...suggestion.system, bracket },
        epochs: [],
        foldScores: [],
        metrics: {},
        value: null,
        startedAt: now(),
        durationMs: null,
        backend: null,
      };
      study.trials.push(trial);
      onChange();
      try {
        await runTrial(trial, runs, plan ? { plan, direction: study.objective.direction } : undefined);
        consecutiveFailures = 0;
      } catch (error) {
        if (abort.signal.aborted) {
          trial.state = 'stopped';
          trial.durationMs = now() - trial.startedAt;
          return;
        }
        trial.state = 'failed';
        trial.error = errorMessage(error);
        consecutiveFailures++;
        if (error instanceof WorkerCallError && (error.code === 'worker-crashed' || error.code === 'out-of-memory')) {
          inputs.workers.discard(); // the next trial starts a fresh worker
        }
        if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
          throw new Error(`${MAX_CONSECUTIVE_FAILURES} trials failed in a row; the last said: ${trial.error}`);
        }
      } finally {
        trial.durationMs = now() - trial.startedAt;
        onChange();
      }
    }
  }

  let markEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => (markEnded = resolve));

  return {
    async run() {
      study.state = 'running';
      study.startedAt = now();
      study.message = null;
      onChange();
      try {
        await search();
        if (!abort.signal.aborted) await refitBest();
        if (abort.signal.aborted) {
          study.state = 'stopped';
          study.message = 'Stopped by request; completed trials are kept.';
        } else if (!study.trials.some((t) => t.state === 'complete')) {
          study.state = 'failed';
          study.message = 'No trial completed.';
        } else {
          study.state = 'finished';
        }
      } catch (error) {
        study.state = abort.signal.aborted ? 'stopped' : 'failed';
        study.message = abort.signal.aborted ? 'Stopped by request; completed trials are kept.' : errorMessage(error);
      } finally {
        study.finishedAt = now();
        onChange();
        markEnded();
      }
    },
    stop() {
      if (abort.signal.aborted) return;
      abort.abort();
      // Cancellation is cooperative (checked between epochs); a worker stuck in a long epoch is terminated.
      const timer = setTimeout(() => {
        if (study.state === 'running') inputs.workers.discard();
      }, CANCEL_GRACE_MS);
      ended.then(() => clearTimeout(timer), () => clearTimeout(timer));
    },
  };
}
