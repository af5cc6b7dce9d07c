/**
 * Runs one training job inside the worker: for each run (a fold, or the test refit) it prepares tensors for
 * the dataset's input layout, builds the model family the job describes, trains it with our loop and measures it. Every tensor made here is
 * released before it returns, whether training succeeds, fails or is cancelled.
 */
import * as tf from '@tensorflow/tfjs';
import { decide } from '../engine/pruners/decide';
import { createRng } from '../engine/study/rng';
import type { EpochRecord, Metrics } from '../engine/study/types';
import type { ModelData } from '../data/types';
import { buildModel } from '../ml/buildModel';
import { createOptimizer, disposeOptimizer } from '../ml/model';
import { disposeRun, prepareRun } from '../ml/prepare';
import { evaluate, fit } from '../ml/train';
import type { TrainedModel, TrainingJob, TrainingResult } from '../protocol/training';
import { captureModel } from '../ml/exportModel';
import { measureModelCost, type ModelCost } from '../ml/inference';

export interface JobHooks {
  readonly onEpoch: (record: EpochRecord) => void;
  readonly checkpoint: () => Promise<void>;
}

/** scikit-learn's 'balanced' class weights from the training rows: n / (k · count of the class). */
export function balancedClassWeights(data: ModelData, rows: readonly number[]): Float32Array {
  const k = data.task.classNames.length;
  const counts = new Array<number>(k).fill(0);
  for (const r of rows) counts[data.targets[r]!]!++;
  return Float32Array.from(counts, (count) => (count > 0 ? rows.length / (k * count) : 0));
}

export async function runTrainingJob(job: TrainingJob, data: ModelData, hooks: JobHooks): Promise<TrainingResult> {
  const started = performance.now();
  const jobRng = createRng(job.seed);
  const runs: Metrics[] = [];
  const intermediate: number[] = [];
  const promotions: number[] = [];
  let prunedAtEpoch: number | undefined;
  let trained: TrainedModel | undefined;
  const epochsRun: number[] = [];
  let testPredictions: TrainingResult['testPredictions'];
  let cost: ModelCost | undefined;
  for (const [fold, run] of job.runs.entries()) {
    // Each fold gets its own stream, so fold 2's initial weights do not depend on how long fold 1 trained.
    const rng = jobRng.fork(`fold:${fold}`);
    // Throws, before making a tensor, when the model family cannot read the dataset's layout.
    const tensors = prepareRun(data, run, job.model.architecture);
    let model: tf.LayersModel | null = null;
    const optimizer = createOptimizer(job.model);
    try {
      model = buildModel(job.model, { inputSize: data.numFeatures, task: data.task.kind, numClasses: data.task.classNames.length, input: tensors.input }, rng);
      const trainedEpochs = await fit(model, tensors, {
        spec: job.model,
        classWeights: job.model.classWeight === 'balanced' && data.task.kind !== 'regression' ? balancedClassWeights(data, run.train) : null,
        optimizer,
        task: data.task.kind,
        rng: rng.fork('shuffle'),
        evaluateEachEpoch: job.evaluation === 'validation',
        checkpoint: hooks.checkpoint,
        onEpoch: (epoch, loss, evaluation) => {
          hooks.onEpoch(
            evaluation
              ? { fold, epoch, loss, valLoss: evaluation['loss']!, valScore: evaluation[job.objective]! }
              : { fold, epoch, loss },
          );
          // Pruning watches the first run only: later folds of a trial that survived it are not cut short.
          if (fold !== 0 || !job.pruning || !evaluation) return;
          intermediate.push(evaluation[job.objective]!);
          const decision = decide(job.pruning.plan, intermediate, job.pruning.direction);
          if (decision.promotedAt !== undefined) promotions.push(decision.promotedAt);
          if (decision.prune && epoch + 1 < job.model.epochs) {
            prunedAtEpoch = epoch + 1;
            return 'stop';
          }
        },
      });
      const keep = job.evaluation === 'test' ? (values: Float32Array) => (testPredictions = { outputs: values, targets: tensors.evalTargets }) : undefined;
      runs.push(await evaluate(model, tensors, data.task.kind, keep));
      epochsRun.push(trainedEpochs);
      if (fold === 0) cost = await measureModelCost(model, tensors.xEval);
      if (job.exportModel && fold === 0) trained = await captureModel(model, data, tensors);
    } finally {
      model?.dispose();
      disposeOptimizer(optimizer);
      disposeRun(tensors);
    }
    if (prunedAtEpoch !== undefined) break;
  }
  return {
    runs,
    backend: tf.getBackend(),
    durationMs: performance.now() - started,
    epochsRun,
    ...(prunedAtEpoch !== undefined ? { prunedAtEpoch } : {}),
    ...(promotions.length > 0 ? { promotions } : {}),
    ...(trained ? { model: trained } : {}),
    ...(testPredictions ? { testPredictions } : {}),
    ...(cost ? { cost } : {}),
  };
}
