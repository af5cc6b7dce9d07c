/**
 * Runs a study: asks the sampler for each trial, runs trials on a pool of training workers, records progress
 * and outcomes, survives failed trials (three in a row stop the study), honours the trial and time budgets,
 * and finally refits the best configuration on the whole training split and scores it once on the test split.
 * A study on a finite space also ends when the sampler has tried every configuration, with a note saying so.
 *
 * Determinism with several workers: trial n is suggested (and its pruning plan made) from trials 0…n−N only,
 * waiting for them if need be, so what the sampler sees never depends on which worker finished first.
 *
 * Trials trained together: when a worker is free, the next trials whose models fit one stack (same layers,
 * Adam, batch size, epochs, loss: protocol/grouping.ts) go to it as one group job, up to `groupSize`, as long
 * as each one's suggestion and pruning plan are those it would have had alone (./trialPlanner.ts). Each
 * member's epochs, pruning, completion and failure land on its own trial; a group call that fails as a whole
 * trains its members again one by one.
 *
 * `run()` can be called again after a stop: interrupted trials restart from scratch with their own
 * parameters and seed, completed trials are left as they are, and the search continues where it was.
 * The runner mutates its StudyRecord in place and calls `onChange`; the store takes snapshots at its own pace.
 */
import { createPruningPlan } from '../engine/pruners/plan';
import { createSampler } from '../engine/samplers/registry';
import { finiteSize } from '../engine/space/finite';
import type { SearchSpace } from '../engine/space/types';
import { validateSpace } from '../engine/space/validate';
import { findBestTrial } from '../engine/study/objective';
import { createRng } from '../engine/study/rng';
import type { Trial } from '../engine/study/types';
import { mean } from '../shared/stats';
import { holdOut, kFold } from '../data/split';
import type { Fold, ModelData, Split } from '../data/types';
import type { EnsembleTrainedModel, ModelPreprocessing, ModelSpec, TrainedModel, TrainingJob, TrainingResult, TrainingRun } from '../protocol/training';
import { fitScalar } from '../data/scale';
import { blendPredictions } from '../learners/ensemble';
import { metricsOfOutputs } from '../metrics/outputMetrics';
import { chooseEnsemble, createOutputKeeper, type EnsembleChoice } from './ensembleChoice';
import { toModelSpec } from '../search/modelSpec';
import type { StudyRecord } from './studyRecord';
import { executeGroup, executeTrial, resetTrial } from './trialExecution';
import { createTrialPlanner, groupJobFor, trialFromDraft, type TrialDraft } from './trialPlanner';
import type { WorkerPool } from './workerPool';
import { WorkerCallError } from './workerClient';

export const MAX_CONSECUTIVE_FAILURES = 3;
/** Trials trained together at most, by default (`group=` in the URL; 1 trains every trial alone). */
export const DEFAULT_GROUP_SIZE = 8;
/** A worker that has not answered a cancel within this time is terminated. */
export const CANCEL_GRACE_MS = 3000;

export interface StudyInputs {
  readonly study: StudyRecord;
  readonly data: ModelData;
  readonly split: Split;
  readonly workers: WorkerPool;
  readonly onChange: () => void;
  readonly now?: () => number;
  /** Most trials one worker trains together as one computation; 1: each alone. DEFAULT_GROUP_SIZE when absent. */
  readonly groupSize?: number;
}

export interface StudyRunner {
  /** Runs (or resumes) the study; resolves when it ends: finished, stopped or failed (never rejects). */
  run(): Promise<void>;
  stop(): void;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The note of a study that ended because its sampler had tried every configuration of a finite space. */
export function spaceSpentNote(space: SearchSpace): string {
  const size = finiteSize(space);
  if (size === 1) return 'The search space has one configuration, and it has been tried.';
  return Number.isFinite(size)
    ? `Every one of the ${size.toLocaleString('en')} configurations in the search space has been tried.`
    : 'Every configuration in the search space has been tried.';
}

/** An ensemble reads what its members read: the encoded rows; each member scales them itself. */
function ensemblePreprocessing(member: TrainedModel): ModelPreprocessing {
  return { ...member.preprocessing, mean: [], std: [], targetScale: { mean: 0, std: 1 } };
}

export function createStudyRunner(inputs: StudyInputs): StudyRunner {
  const { study, data, split, onChange, workers } = inputs;
  const now = inputs.now ?? (() => Date.now());
  const { config } = study;
  const datasetKey = study.dataset.fingerprint;
  const labels = data.task.kind === 'regression' ? null : data.targets;
  const direction = study.objective.direction;
  const groupSize = Math.max(1, Math.floor(inputs.groupSize ?? DEFAULT_GROUP_SIZE));
  let abort = new AbortController();
  let ended: Promise<void> = Promise.resolve();
  /** The best trials' validation outputs, for the final ensemble (kept only when the study may blend). */
  const keeper = createOutputKeeper(study.objective);
  const onOutputs = config.ensemble ? keeper.keep : undefined;

  async function readyWorker(slot: number) {
    const ready = await workers.acquire(slot, config.backend, datasetKey, data, (message) => {
      study.message = message;
      onChange();
    });
    if (study.backend !== ready.backend) {
      study.backend = ready.backend;
      study.message = null;
      onChange();
    }
    return ready.client;
  }

  /** The rows the search trains on: every training row, or a seeded stratified sample of `searchRows` of them. */
  function searchRows(): readonly number[] {
    if (config.searchRows === undefined || split.train.length <= config.searchRows) return split.train;
    const fraction = config.searchRows / split.train.length;
    return holdOut(split.train, labels, fraction, createRng(config.seed).fork('search-rows')).validation;
  }

  function validationRuns(): TrainingRun[] {
    const rng = createRng(config.seed).fork('validation-split');
    const rows = searchRows();
    const { evaluation } = config;
    // Repeated cross-validation: round 0 draws from the same stream as a single round, so its folds are the same.
    const folds: Fold[] =
      evaluation.kind === 'cross-validation'
        ? Array.from({ length: evaluation.repeats ?? 1 }, (_, r) => kFold(rows, labels, evaluation.folds, r === 0 ? rng : rng.fork(`repeat:${r}`))).flat()
        : [holdOut(rows, labels, evaluation.validationFraction, rng)];
    return folds.map((fold) => ({ train: fold.train, evaluate: fold.validation }));
  }

  const trialSeed = (trial: Trial) => createRng(config.seed).fork(`trial:${trial.number}`).uint32();

  function jobFor(model: ModelSpec, runs: readonly TrainingRun[], evaluation: TrainingJob['evaluation'], seed: number): TrainingJob {
    return { datasetKey, model, runs, evaluation, objective: study.objective.metric, seed, ...(config.ensemble ? { keepEvaluationOutputs: true } : {}) };
  }

  async function runOnSlot(trial: Trial, slot: number, runs: TrainingRun[], pruning: TrainingJob['pruning']): Promise<void> {
    let model = toModelSpec(trial.params, config.fixed, config.maxEpochs, data.input);
    for (let attempt = 0; ; attempt++) {
      const client = await readyWorker(slot);
      if (abort.signal.aborted) throw new Error('Stopped');
      try {
        const job = { ...jobFor(model, runs, 'validation', trialSeed(trial)), ...(pruning ? { pruning } : {}) };
        await executeTrial(trial, { client, job, objective: study.objective.metric, signal: abort.signal, onChange, ...(onOutputs ? { onOutputs } : {}) });
        return;
      } catch (error) {
        const outOfMemory = error instanceof WorkerCallError && error.code === 'out-of-memory';
        if (!outOfMemory || attempt > 0 || model.batchSize < 2) throw error;
        // Out of memory: once more at half the batch size, on a fresh worker.
        workers.discard(slot);
        model = { ...model, batchSize: Math.floor(model.batchSize / 2) };
        (trial.system as Record<string, unknown>)['retriedWithBatchSize'] = model.batchSize;
        resetTrial(trial, trial.startedAt);
      }
    }
  }

  /** Runs the trials; true when it ended because the sampler had nothing left to try (not a budget). */
  async function search(): Promise<boolean> {
    validateSpace(config.space);
    const runs = validationRuns();
    const slots = workers.size;
    const planner = createTrialPlanner({ config, data, sampler: createSampler(config.sampler), slots, direction });
    const deadline = config.maxMinutes === null ? Number.POSITIVE_INFINITY : study.startedAt! + config.maxMinutes * 60_000;
    const interrupted = study.trials.filter((t) => t.state === 'stopped' || t.state === 'running');
    const inFlight = new Map<number, Promise<void>>();
    /** Trials handed to a worker and not settled yet: their outcomes are unknown. */
    const unfinished = new Set<number>();
    const freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    let consecutiveFailures = 0;
    let fatal: Error | null = null;
    let spaceSpent = false;
    const budgetSpent = () => study.trials.length >= config.maxTrials || now() >= deadline;

    /** The plan of a trial started now from what it may see (resumed trials, reruns after a failed group). */
    const planNow = (trial: Trial): TrainingJob['pruning'] => {
      const plan = createPruningPlan(
        { kind: config.pruner, maxEpochs: planner.plannedEpochs(trial.params) },
        { trials: planner.viewFor(study.trials, trial.number, unfinished), trialNumber: trial.number, seed: config.seed, direction },
      );
      return plan ? { plan, direction } : undefined;
    };
    const fail = (trial: Trial, error: unknown, slot: number) => {
      if (abort.signal.aborted) {
        trial.state = 'stopped';
        return;
      }
      trial.state = 'failed';
      trial.error = errorMessage(error);
      consecutiveFailures++;
      if (error instanceof WorkerCallError && ['worker-crashed', 'out-of-memory', 'worker-terminated'].includes(error.code)) workers.discard(slot);
      if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
        fatal = new Error(`${MAX_CONSECUTIVE_FAILURES} trials failed in a row; the last said: ${trial.error}`);
      }
    };
    const settle = (trial: Trial) => {
      trial.durationMs ??= now() - trial.startedAt;
      unfinished.delete(trial.number);
      onChange();
    };

    const execute = async (trial: Trial, slot: number, pruning: TrainingJob['pruning']) => {
      try {
        await runOnSlot(trial, slot, runs, pruning);
        consecutiveFailures = 0;
      } catch (error) {
        fail(trial, error, slot);
      } finally {
        settle(trial);
      }
    };
    /** Trains trials again one by one, in order, each planned as it would have been alone. */
    const executeAlone = async (trials: readonly Trial[], slot: number) => {
      for (const trial of trials) {
        resetTrial(trial, now());
        if (abort.signal.aborted || fatal) {
          trial.state = 'stopped';
          settle(trial);
        } else {
          await execute(trial, slot, planNow(trial));
        }
      }
    };
    const executeTogether = async (members: readonly Trial[], drafts: readonly TrialDraft[], slot: number) => {
      let errors: (Error | null)[];
      try {
        const client = await readyWorker(slot);
        if (abort.signal.aborted) throw new Error('Stopped');
        const shared = { datasetKey, runs, evaluation: 'validation' as const, objective: study.objective.metric, ...(config.ensemble ? { keepEvaluationOutputs: true } : {}) };
        const job = groupJobFor(members, drafts, shared, trialSeed);
        errors = await executeGroup(members, { client, job, objective: study.objective.metric, signal: abort.signal, onChange, ...(onOutputs ? { onOutputs } : {}) });
      } catch (error) {
        if (abort.signal.aborted) {
          for (const trial of members) fail(trial, error, slot);
          members.forEach(settle);
          return;
        }
        // The call as a whole failed (a crash, memory): every member trains again alone, as it would have.
        if (error instanceof WorkerCallError && ['worker-crashed', 'out-of-memory', 'worker-terminated'].includes(error.code)) workers.discard(slot);
        return executeAlone(members, slot);
      }
      for (const [k, trial] of members.entries()) {
        const error = errors[k]!;
        if (error instanceof WorkerCallError && error.code === 'out-of-memory') {
          workers.discard(slot);
          await executeAlone([trial], slot); // alone, with its retry at half the batch size
          continue;
        }
        if (error) fail(trial, error, slot);
        else consecutiveFailures = 0;
        settle(trial);
      }
    };

    const waitForAny = () => Promise.race(inFlight.values());
    const dispatch = (trials: readonly Trial[], run: (slot: number) => Promise<void>) => {
      const slot = freeSlots.pop()!;
      for (const trial of trials) unfinished.add(trial.number);
      onChange();
      inFlight.set(
        slot,
        run(slot).finally(() => {
          inFlight.delete(slot);
          freeSlots.push(slot);
        }),
      );
    };

    while (!abort.signal.aborted && fatal === null) {
      if (freeSlots.length === 0) {
        await waitForAny();
        continue;
      }
      const resumed = interrupted[0];
      if (resumed) {
        // It sees the outcomes of trials 0…n−N, so those must have finished (a resumed group has many).
        if ([...unfinished].some((n) => n <= resumed.number - slots)) {
          await waitForAny();
          continue;
        }
        interrupted.shift();
        resetTrial(resumed, now());
        dispatch([resumed], (slot) => execute(resumed, slot, planNow(resumed)));
        continue;
      }
      if (budgetSpent()) break;
      const first = planner.draft(study.trials, study.trials.length, [], unfinished);
      if (first === 'wait') {
        await waitForAny();
        continue;
      }
      if (first === 'exhausted') {
        spaceSpent = true;
        break;
      }
      const drafts = [first];
      const members = [trialFromDraft(first, now())];
      study.trials.push(members[0]!);
      // The next trials join while they fit the same stack and their suggestions and plans need no outcome
      // that is not known yet (see trialPlanner.ts): grouping never changes what a trial is.
      while (first.groupKey !== null && members.length < groupSize && !budgetSpent()) {
        const next = planner.draft(study.trials, study.trials.length, members, unfinished);
        if (typeof next === 'string' || next.groupKey !== first.groupKey) break;
        drafts.push(next);
        members.push(trialFromDraft(next, now()));
        study.trials.push(members[members.length - 1]!);
      }
      if (members.length === 1) dispatch(members, (slot) => execute(members[0]!, slot, first.pruning));
      else dispatch(members, (slot) => executeTogether(members, drafts, slot));
    }
    await Promise.all(inFlight.values());
    if (fatal) throw fatal;
    return spaceSpent;
  }

  /**
   * The refit has no validation data to stop on, so a trial that stopped early is refit for the mean number
   * of epochs its folds trained (the usual "best iteration" refit), without early stopping; boosted trees
   * for the mean number of rounds their folds kept.
   */
  function refitSpec(best: Trial): ModelSpec {
    const spec = toModelSpec(best.params, config.fixed, config.maxEpochs, data.input);
    const { architecture } = spec;
    if (architecture.kind === 'gbdt') {
      const kept = best.epochsRun && best.epochsRun.length > 0 ? Math.round(mean(best.epochsRun)) : architecture.params.maxRounds;
      return { ...spec, architecture: { kind: 'gbdt', params: { ...architecture.params, maxRounds: Math.max(1, kept), earlyStoppingRounds: 0 } } };
    }
    if (spec.patience === null) return spec;
    const perFold = new Map<number, number>();
    for (const e of best.epochs) perFold.set(e.fold, Math.max(perFold.get(e.fold) ?? 0, e.epoch + 1));
    const epochs = perFold.size > 0 ? Math.round([...perFold.values()].reduce((a, b) => a + b, 0) / perFold.size) : spec.epochs;
    return { ...spec, epochs: Math.max(1, epochs), patience: null };
  }

  /** Refits a trial's configuration on the whole training split and scores it once on the test rows. */
  async function refit(trial: Trial, seedLabel: string): Promise<TrainingResult> {
    const client = await readyWorker(0);
    const seed = createRng(config.seed).fork(seedLabel).uint32();
    const job = { ...jobFor(refitSpec(trial), [{ train: split.train, evaluate: split.test }], 'test', seed), exportModel: true };
    return client.call('runTrial', job, { signal: abort.signal });
  }

  async function refitBest(): Promise<void> {
    const best = findBestTrial(study.trials, study.objective);
    if (!best) return;
    study.best = { trialNumber: best.number, params: best.params, value: best.value!, testMetrics: null };
    onChange();
    const ensemble = config.ensemble ? chooseEnsemble(keeper, data, validationRuns(), study.objective) : null;
    if (ensemble) return refitEnsemble(best, ensemble);
    const result = await refit(best, 'refit');
    study.best.testMetrics = result.runs[0]!;
    study.bestModel = result.model ?? null;
    study.testPredictions = result.testPredictions ?? null;
  }

  /** Refits every member, blends their test outputs with the chosen weights and scores the blend once. */
  async function refitEnsemble(best: Trial, ensemble: EnsembleChoice): Promise<void> {
    study.best = { trialNumber: best.number, params: best.params, value: ensemble.value, testMetrics: null, ensemble: { members: ensemble.members, bestSingleValue: ensemble.bestSingleValue } };
    onChange();
    const refits: { trialNumber: number; weight: number; result: TrainingResult }[] = [];
    for (const member of ensemble.members) {
      const trial = study.trials.find((t) => t.number === member.trialNumber)!;
      refits.push({ ...member, result: await refit(trial, `refit:${member.trialNumber}`) });
    }
    const outputs = blendPredictions(
      refits.map((r) => r.result.evaluationOutputs![0]!),
      refits.map((r) => r.weight),
    );
    const targets = Float32Array.from(split.test, (row) => data.targets[row]!);
    const k = data.task.kind === 'regression' ? 0 : data.task.classNames.length;
    const scale = data.task.kind === 'regression' ? fitScalar(data.targets, split.train).std : 1;
    study.best.testMetrics = metricsOfOutputs(outputs, targets, data.task.kind, k, scale);
    const models = refits.map((r) => ({ trialNumber: r.trialNumber, weight: r.weight, model: r.result.model }));
    study.bestModel = models.every((m) => m.model && m.model.format !== 'ensemble')
      ? { format: 'ensemble', members: models.map((m) => ({ ...m, model: m.model as Exclude<TrainedModel, EnsembleTrainedModel> })), preprocessing: ensemblePreprocessing(models[0]!.model!) }
      : null;
    study.testPredictions = { outputs, targets };
  }

  async function run(): Promise<void> {
    study.state = 'running';
    study.startedAt ??= now();
    study.message = null;
    onChange();
    try {
      const spaceSpent = await search();
      if (!abort.signal.aborted) await refitBest();
      if (abort.signal.aborted) {
        study.state = 'stopped';
        study.message = 'Stopped by request; completed trials are kept. Resume continues the search.';
      } else if (!study.trials.some((t) => t.state === 'complete')) {
        study.state = 'failed';
        study.message = 'No trial completed.';
      } else {
        study.state = 'finished';
        // Like a budget, but the person should know why fewer trials ran than asked for.
        if (spaceSpent) study.message = spaceSpentNote(config.space);
      }
    } catch (error) {
      study.state = abort.signal.aborted ? 'stopped' : 'failed';
      study.message = abort.signal.aborted ? 'Stopped by request; completed trials are kept. Resume continues the search.' : errorMessage(error);
    } finally {
      study.finishedAt = now();
      onChange();
    }
  }

  return {
    run() {
      if (study.state === 'running') return ended;
      abort = new AbortController();
      ended = run();
      return ended;
    },
    stop() {
      if (abort.signal.aborted) return;
      abort.abort();
      // Cancellation is cooperative (checked between epochs); workers stuck in a long epoch are terminated.
      const timer = setTimeout(() => {
        if (study.state === 'running') for (let slot = 0; slot < workers.size; slot++) workers.discard(slot);
      }, CANCEL_GRACE_MS);
      void ended.finally(() => clearTimeout(timer));
    },
  };
}
