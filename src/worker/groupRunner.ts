/**
 * Runs a group job inside the worker: several trials on the same runs, the ones that can be trained as one
 * stacked computation (src/ml/batched/fitTogether.ts) trained so, the rest one by one with runTrainingJob.
 * Each member's result is what runTrainingJob gives for it alone: its models are built from the same Rng
 * forks in the same order (so initial weights and shuffles are identical), and it is pruned, measured,
 * captured and finished by ./jobOutcome.ts as ./trialRunner.ts's jobs are, with its own intermediate values
 * and promotions. Its per-epoch validation metrics (and so its final ones, the last epoch's) come from the
 * stack's evaluation of all members at once (fitTogether's evaluateAll): equal to its own model's on the cpu
 * backend; on WASM the stack adds the bias unfused, which rounds differently at the last bit (losses within
 * ~1e-8, scores identical in the tests). A member whose loss diverges fails alone, with fit's message; a
 * cancelled member stops after its current epoch; cancelling the call stops them all. `durationMs` is a
 * member's share of the group's training time (by epochs trained), plus its own measuring and capture.
 */
import * as tf from '@tensorflow/tfjs';
import { withPeerValues } from '../engine/pruners/group';
import type { PruningPlan } from '../engine/pruners/types';
import { createRng, type Rng } from '../engine/study/rng';
import type { EpochRecord, Metrics } from '../engine/study/types';
import { TABLE_LAYOUT, type ModelData } from '../data/types';
import { fitTogether, groupProblem, type GroupMember } from '../ml/batched/fitTogether';
import { buildModel } from '../ml/buildModel';
import { CancelledError, TrainingError } from '../ml/errors';
import { estimateModelMemory, MODEL_MEMORY_BUDGET_BYTES } from '../ml/modelSize';
import { disposeRun, prepareRun } from '../ml/prepare';
import { groupKey, memberJob, type GroupMemberJob, type TrainingGroupJob } from '../protocol/grouping';
import type { TrainingResult } from '../protocol/training';
import { emptyOutcome, finishRun, recordForPruning, resultOf, type JobOutcome } from './jobOutcome';
import { balancedClassWeights, runTrainingJob } from './trialRunner';

export interface GroupHooks {
  readonly onEpoch: (member: number, record: EpochRecord) => void;
  /** Awaited once per epoch: yields to the event loop and throws a CancelledError when the whole call is cancelled. */
  readonly checkpoint: () => Promise<void>;
  /** Whether this member alone was cancelled. */
  readonly memberCancelled: (member: number) => boolean;
}

interface MemberState extends JobOutcome {
  readonly job: GroupMemberJob;
  readonly jobRng: Rng;
  /** First-run validation objective per epoch, whether or not the member prunes: what its peers compete with. */
  readonly values: number[];
  durationMs: number;
  error?: Error;
  /** The whole result, for a member trained alone. */
  alone?: TrainingResult;
}

/** Members to train together: the largest set sharing a group key (earliest first on ties), or none. */
function chooseTogether(group: TrainingGroupJob, data: ModelData): number[] {
  const layout = (data.input ?? TABLE_LAYOUT).kind;
  const byKey = new Map<string, number[]>();
  group.members.forEach((m, k) => {
    const key = groupKey(m.model, data.task.kind, layout);
    if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), k]);
  });
  const together = [...byKey.values()].reduce<number[]>((best, ks) => (ks.length > best.length ? ks : best), []);
  if (together.length < 2) return [];
  // A peer's values must be known when a member decides: within the stack (lockstep) or from a finished run.
  // Peers across the boundary could be neither in every order, so then every member trains alone, in order.
  const inside = new Set(together);
  const crosses = group.members.some((m, k) => (m.peers ?? []).some((p) => inside.has(p) !== inside.has(k)));
  return crosses ? [] : together;
}

/** A halving plan with the finished peers' values added at every rung (for a member trained alone after them). */
function planWithPeers(plan: PruningPlan, peers: readonly MemberState[]): PruningPlan {
  if (plan.kind !== 'halving') return plan;
  return plan.rungs.reduce<PruningPlan>((p, rung) => withPeerValues(p, rung.step, peers.map((s) => s.values[rung.step - 1])), plan);
}

/**
 * `memoryBudget` bounds the stack trained together: K models' weights, optimizer state and activations
 * (ml/modelSize.ts), MODEL_MEMORY_BUDGET_BYTES unless a test gives less. A stack over it is not built; its
 * members train one by one instead, where buildModel holds each to the budget alone.
 */
export async function runTrainingGroup(group: TrainingGroupJob, data: ModelData, hooks: GroupHooks, memoryBudget = MODEL_MEMORY_BUDGET_BYTES): Promise<(TrainingResult | Error)[]> {
  const task = data.task.kind;
  const states: MemberState[] = group.members.map((job) => ({
    ...emptyOutcome(),
    job,
    jobRng: createRng(job.seed),
    values: [],
    durationMs: 0,
  }));
  const stopped = (k: number) => states[k]!.error !== undefined || states[k]!.prunedAtEpoch !== undefined;

  /** As runTrainingJob's onEpoch, with peers' values at the rung and this member's own cancellation. */
  const onMemberEpoch = (k: number, fold: number, epoch: number, loss: number, evaluation: Metrics | null): void | 'stop' => {
    const state = states[k]!;
    const { pruning, peers, model } = state.job;
    if (evaluation) state.latestEvaluation = evaluation;
    hooks.onEpoch(k, evaluation ? { fold, epoch, loss, valLoss: evaluation['loss']!, valScore: evaluation[group.objective]! } : { fold, epoch, loss });
    if (hooks.memberCancelled(k)) {
      state.error = new CancelledError();
      return 'stop';
    }
    if (fold !== 0 || !evaluation) return;
    state.values[epoch] = evaluation[group.objective]!;
    if (!pruning) return;
    // Earlier members reported this epoch before this one (fitTogether calls members in order).
    const planAt = (step: number) => withPeerValues(pruning.plan, step, (peers ?? []).map((p) => states[p]!.values[step - 1]));
    return recordForPruning(state, pruning, evaluation[group.objective]!, epoch, model.epochs, planAt);
  };

  /** Trains `together` fold by fold; false (before training anything) when the built models cannot be stacked. */
  async function trainTogether(together: readonly number[]): Promise<boolean> {
    for (const [fold, run] of group.runs.entries()) {
      const live = together.filter((k) => !stopped(k));
      for (const k of live) if (hooks.memberCancelled(k)) states[k]!.error = new CancelledError();
      const training = live.filter((k) => !stopped(k));
      if (training.length === 0) break;
      const started = performance.now();
      const first = states[training[0]!]!.job.model;
      const tensors = prepareRun(data, run, first.architecture);
      const members: GroupMember[] = [];
      try {
        const shape = { inputSize: data.numFeatures, task, numClasses: data.task.classNames.length, input: tensors.input };
        // K models stacked cost K times one (members share their layers and batch size: grouping.ts). Over the
        // budget, nothing is built and each trains alone; only possible on the first fold, as K only shrinks.
        const stack = training.reduce((bytes, k) => bytes + estimateModelMemory(states[k]!.job.model, shape).totalBytes, 0);
        if (stack > memoryBudget) return false;
        for (const k of training) {
          const { job, jobRng } = states[k]!;
          // The same forks, in the same order, as runTrainingJob: identical initial weights and shuffles.
          const rng = jobRng.fork(`fold:${fold}`);
          members.push({ spec: job.model, model: buildModel(job.model, shape, rng), rng: rng.fork('shuffle') });
        }
        if (groupProblem(members, task) !== null) return false; // only possible on the first fold: shapes never change
        const outcomes = await fitTogether(members, tensors, {
          task,
          classWeights: first.classWeight === 'balanced' && task !== 'regression' ? balancedClassWeights(data, run.train) : null,
          evaluateEachEpoch: group.evaluation === 'validation',
          onEpoch: (r, epoch, loss, evaluation) => onMemberEpoch(training[r]!, fold, epoch, loss, evaluation),
          checkpoint: hooks.checkpoint,
        });
        const trainingMs = performance.now() - started;
        const epochs = outcomes.reduce((sum, o) => sum + o.epochsRun, 0);
        for (const [r, k] of training.entries()) {
          const state = states[k]!;
          const outcome = outcomes[r]!;
          state.durationMs += epochs > 0 ? (trainingMs * outcome.epochsRun) / epochs : trainingMs / training.length;
          if (outcome.error) state.error = new TrainingError(outcome.error);
          if (state.error) continue;
          const own = performance.now();
          await finishRun(state, members[r]!.model, tensors, data, { evaluation: group.evaluation, exportModel: state.job.exportModel, keepEvaluationOutputs: group.keepEvaluationOutputs }, fold, outcome.epochsRun);
          state.durationMs += performance.now() - own;
        }
      } finally {
        for (const m of members) m.model.dispose();
        disposeRun(tensors);
      }
    }
    return true;
  }

  async function trainAlone(k: number): Promise<void> {
    const state = states[k]!;
    if (hooks.memberCancelled(k)) {
      state.error = new CancelledError();
      return;
    }
    const solo = memberJob(group, k);
    const peers = (state.job.peers ?? []).map((p) => states[p]!);
    const job = solo.pruning ? { ...solo, pruning: { ...solo.pruning, plan: planWithPeers(solo.pruning.plan, peers) } } : solo;
    try {
      state.alone = await runTrainingJob(job, data, {
        onEpoch: (record) => {
          if (record.fold === 0 && record.valScore !== undefined) state.values[record.epoch] = record.valScore;
          hooks.onEpoch(k, record);
        },
        checkpoint: async () => {
          await hooks.checkpoint();
          if (hooks.memberCancelled(k)) throw new CancelledError();
        },
      });
    } catch (error) {
      if (error instanceof CancelledError && !hooks.memberCancelled(k)) throw error; // the whole call was cancelled
      state.error = error instanceof Error ? error : new Error(String(error));
    }
  }

  let together = chooseTogether(group, data);
  if (together.length > 0 && !(await trainTogether(together))) together = [];
  const inside = new Set(together);
  // In member order, so a member trained alone finds its peers' curves finished.
  for (let k = 0; k < states.length; k++) if (!inside.has(k)) await trainAlone(k);

  return states.map((state): TrainingResult | Error => {
    if (state.error) return state.error;
    if (state.alone) return state.alone;
    return { ...resultOf(state, tf.getBackend(), state.durationMs), group: { size: together.length } };
  });
}
