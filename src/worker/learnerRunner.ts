/**
 * Runs a training job whose model is not a network (gradient-boosted trees, a linear model) in the worker:
 * per run it fits the learner on the run's training rows (no tfjs, no scaling: learners read the encoded rows
 * as they are), reports progress as epoch records (an "epoch" is one evaluation point: every
 * LEARNER_EVALUATE_EVERY boosting rounds, or the solver's end), lets the pruning plan stop it, scores the
 * evaluation rows with the same metrics as networks, and measures and exports the model. The result has
 * the shape runTrainingJob gives for a network, so the orchestrator treats every family alike.
 *
 * class_weight 'balanced' (a classification study whose objective counts every class alike) reaches the learner
 * as per-row weights: balanced class weights computed on each run's training rows, with the same function the
 * network runner uses, so a tree or linear model and a network weigh the classes identically. Metrics stay
 * unweighted, as for networks.
 */
import { createRng } from '../engine/study/rng';
import { featuresOfRows } from '../data/rows';
import { fitScalar } from '../data/scale';
import { TABLE_LAYOUT, type ModelData } from '../data/types';
import { fitLearner, learnerSize, predictLearner, type LearnerModel } from '../learners/registry';
import type { LearnerData } from '../learners/types';
import { metricsOfOutputs } from '../metrics/outputMetrics';
import { checkCompatible } from '../ml/input';
import { median } from '../shared/stats';
import { LEARNER_EVALUATE_EVERY, type LearnerArchitecture, type LearnerTrainedModel, type TrainingJob, type TrainingResult } from '../protocol/training';
import { emptyOutcome, recordForPruning, resultOf } from './jobOutcome';
import { balancedClassWeights, type JobHooks } from './trialRunner';

/** Median time to predict one row, over a few calls after a first warm-up one. */
function latencyOf(model: LearnerModel, row: Float32Array, repeats = 5): number {
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const started = performance.now();
    predictLearner(model, row, 1);
    if (i > 0) times.push(performance.now() - started);
  }
  return median(times);
}

/** Each row's weight: its class's weight (every row of the data, so validation rows are weighted alike). */
function rowWeights(classWeights: Float32Array, targets: Float32Array): Float32Array {
  return Float32Array.from(targets, (c) => classWeights[c] ?? 0);
}

export function learnerExport(model: LearnerModel, data: ModelData): LearnerTrainedModel {
  return {
    format: 'learner',
    learner: model,
    preprocessing: {
      input: TABLE_LAYOUT,
      featureNames: data.featureNames,
      mean: [],
      std: [],
      task: data.task.kind,
      classNames: data.task.classNames,
      targetScale: { mean: 0, std: 1 },
    },
  };
}

export async function runLearnerJob(job: TrainingJob, architecture: LearnerArchitecture, data: ModelData, hooks: JobHooks): Promise<TrainingResult> {
  const started = performance.now();
  checkCompatible(architecture, (data.input ?? TABLE_LAYOUT).kind);
  const task = data.task.kind;
  const numClasses = task === 'regression' ? 0 : data.task.classNames.length;
  const learnerData: LearnerData = { features: data.features, numFeatures: data.numFeatures, targets: data.targets, task, numClasses };
  const balanced = job.model.classWeight === 'balanced' && task !== 'regression';
  const jobRng = createRng(job.seed);
  const outcome = emptyOutcome();
  for (const [fold, run] of job.runs.entries()) {
    const rng = jobRng.fork(`fold:${fold}`);
    const evalTargets = Float32Array.from(run.evaluate, (r) => data.targets[r]!);
    // Losses are reported in the units a network's curves use: squared error in standard deviations of the target.
    const targetStd = task === 'regression' ? fitScalar(data.targets, run.train).std : 1;
    const watch = job.evaluation === 'validation';
    let epoch = 0;
    const runData = balanced ? { ...learnerData, weights: rowWeights(balancedClassWeights(data, run.train), data.targets) } : learnerData;
    const fitted = await fitLearner(architecture, runData, watch ? { train: run.train, validation: run.evaluate } : { train: run.train }, rng, {
      evaluateEvery: LEARNER_EVALUATE_EVERY,
      checkpoint: hooks.checkpoint,
      onEvaluation: (_step, trainLoss, outputs) => {
        const loss = task === 'regression' ? trainLoss / targetStd ** 2 : trainLoss;
        const evaluation = outputs ? metricsOfOutputs(outputs, evalTargets, task, numClasses, targetStd) : null;
        const at = epoch++;
        hooks.onEpoch(evaluation ? { fold, epoch: at, loss, valLoss: evaluation['loss']!, valScore: evaluation[job.objective]! } : { fold, epoch: at, loss });
        // Pruning watches the first run only, as for networks.
        if (fold !== 0 || !job.pruning || !evaluation) return;
        return recordForPruning(outcome, job.pruning, evaluation[job.objective]!, at, job.model.epochs);
      },
    });
    const evalRows = featuresOfRows(data, run.evaluate);
    const outputs = predictLearner(fitted.model, evalRows, run.evaluate.length);
    outcome.runs.push(metricsOfOutputs(outputs, evalTargets, task, numClasses, targetStd));
    outcome.epochsRun.push(fitted.steps);
    if (job.keepEvaluationOutputs) outcome.evaluationOutputs.push(outputs);
    if (job.evaluation === 'test') outcome.testPredictions = { outputs, targets: evalTargets };
    if (fold === 0) {
      const size = learnerSize(fitted.model);
      const row = evalRows.length > 0 ? evalRows.subarray(0, data.numFeatures) : new Float32Array(data.numFeatures);
      outcome.cost = { ...size, latencyMs: latencyOf(fitted.model, row) };
      if (job.exportModel) outcome.trained = learnerExport(fitted.model, data);
    }
    if (outcome.prunedAtEpoch !== undefined) break;
  }
  return resultOf(outcome, 'js', performance.now() - started);
}
