/**
 * What a training job gathers over its runs (a fold each, or the test refit) and how it becomes the job's
 * TrainingResult: shared by ./trialRunner.ts (one job) and ./groupRunner.ts (each member of a group), so a
 * member trained in a group is pruned, evaluated, measured and reported by the same code as a job alone.
 */
import type * as tf from '@tensorflow/tfjs';
import { decide } from '../engine/pruners/decide';
import type { PruningPlan } from '../engine/pruners/types';
import type { Metrics } from '../engine/study/types';
import type { ModelData } from '../data/types';
import { captureModel } from '../ml/exportModel';
import { measureModelCost, type ModelCost } from '../ml/inference';
import { evaluate, type RunTensors } from '../ml/train';
import type { TrainedModel, TrainingJob, TrainingResult } from '../protocol/training';

export interface JobOutcome {
  /** Final metrics of each run on its evaluation rows. */
  readonly runs: Metrics[];
  readonly epochsRun: number[];
  /** The first run's validation objective per epoch, as the pruner saw it. */
  readonly intermediate: number[];
  readonly promotions: number[];
  prunedAtEpoch?: number;
  trained?: TrainedModel;
  testPredictions?: TrainingResult['testPredictions'];
  /** Each run's outputs on its evaluation rows, when the job keeps them (in the target's units). */
  readonly evaluationOutputs: Float32Array[];
  cost?: ModelCost;
  /**
   * The run's latest per-epoch validation metrics: after its last epoch they are the run's final metrics
   * (the weights have not changed since), so finishRun reuses them instead of predicting the rows again.
   */
  latestEvaluation?: Metrics | undefined;
}

export const emptyOutcome = (): JobOutcome => ({ runs: [], epochsRun: [], intermediate: [], promotions: [], evaluationOutputs: [] });

/**
 * Feeds one epoch's validation objective of the first run to the pruner; 'stop' when it prunes the trial
 * before its last epoch. `planAt(step)` gives the plan for the step (a group member adds its peers' values).
 */
export function recordForPruning(
  outcome: JobOutcome,
  pruning: NonNullable<TrainingJob['pruning']>,
  value: number,
  epoch: number,
  plannedEpochs: number,
  planAt: (step: number) => PruningPlan = () => pruning.plan,
): 'stop' | undefined {
  outcome.intermediate.push(value);
  const decision = decide(planAt(outcome.intermediate.length), outcome.intermediate, pruning.direction);
  if (decision.promotedAt !== undefined) outcome.promotions.push(decision.promotedAt);
  if (decision.prune && epoch + 1 < plannedEpochs) {
    outcome.prunedAtEpoch = epoch + 1;
    return 'stop';
  }
  return undefined;
}

/** After a run trained: its metrics (and test outputs for a test job), cost and export on the first run. */
export async function finishRun(
  outcome: JobOutcome,
  model: tf.LayersModel,
  tensors: RunTensors,
  data: ModelData,
  job: Pick<TrainingJob, 'evaluation' | 'exportModel' | 'keepEvaluationOutputs'>,
  fold: number,
  trainedEpochs: number,
): Promise<void> {
  const keepOutputs = job.keepEvaluationOutputs === true;
  const keep = (values: Float32Array) => {
    if (job.evaluation === 'test') outcome.testPredictions = { outputs: values, targets: tensors.evalTargets };
    if (!keepOutputs) return;
    // Networks predict standardised targets; kept outputs are in the target's units, as learners give them.
    const { mean, std } = tensors.targetScale;
    outcome.evaluationOutputs.push(data.task.kind === 'regression' ? Float32Array.from(values, (v) => v * std + mean) : values);
  };
  // The last epoch's metrics stand for the run unless its outputs are wanted (they were not kept per epoch).
  const reusable = job.evaluation === 'validation' && !keepOutputs ? outcome.latestEvaluation : undefined;
  outcome.latestEvaluation = undefined;
  outcome.runs.push(reusable ?? (await evaluate(model, tensors, data.task.kind, keep)));
  outcome.epochsRun.push(trainedEpochs);
  if (fold === 0) outcome.cost = await measureModelCost(model, tensors.xEval);
  if (job.exportModel && fold === 0) outcome.trained = await captureModel(model, data, tensors);
}

/** The job's result from what it gathered. */
export function resultOf(outcome: JobOutcome, backend: string, durationMs: number): TrainingResult {
  return {
    runs: outcome.runs,
    backend,
    durationMs,
    epochsRun: outcome.epochsRun,
    ...(outcome.prunedAtEpoch !== undefined ? { prunedAtEpoch: outcome.prunedAtEpoch } : {}),
    ...(outcome.promotions.length > 0 ? { promotions: outcome.promotions } : {}),
    ...(outcome.trained ? { model: outcome.trained } : {}),
    ...(outcome.testPredictions ? { testPredictions: outcome.testPredictions } : {}),
    ...(outcome.evaluationOutputs.length > 0 ? { evaluationOutputs: outcome.evaluationOutputs } : {}),
    ...(outcome.cost ? { cost: outcome.cost } : {}),
  };
}
