/**
 * Runs one training job inside the worker (a learner's job goes to ./learnerRunner.ts): for each run (a fold, or the test refit) it prepares tensors for
 * the dataset's input layout, builds the model family the job describes, trains it with our loop and measures it. Every tensor made here is
 * released before it returns, whether training succeeds, fails or is cancelled.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../engine/study/rng';
import type { EpochRecord } from '../engine/study/types';
import type { ModelData } from '../data/types';
import { buildModel } from '../ml/buildModel';
import { createOptimizer, disposeOptimizer } from '../ml/model';
import { disposeRun, prepareRun } from '../ml/prepare';
import { fit } from '../ml/train';
import { isLearnerArchitecture, type TrainingJob, type TrainingResult } from '../protocol/training';
import { emptyOutcome, finishRun, recordForPruning, resultOf } from './jobOutcome';
import { runLearnerJob } from './learnerRunner';

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
  // Trees and linear models are fitted without tfjs (src/learners).
  if (isLearnerArchitecture(job.model.architecture)) return runLearnerJob(job, job.model.architecture, data, hooks);
  const started = performance.now();
  const jobRng = createRng(job.seed);
  const outcome = emptyOutcome();
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
          if (evaluation) outcome.latestEvaluation = evaluation;
          hooks.onEpoch(
            evaluation
              ? { fold, epoch, loss, valLoss: evaluation['loss']!, valScore: evaluation[job.objective]! }
              : { fold, epoch, loss },
          );
          // Pruning watches the first run only: later folds of a trial that survived it are not cut short.
          if (fold !== 0 || !job.pruning || !evaluation) return;
          return recordForPruning(outcome, job.pruning, evaluation[job.objective]!, epoch, job.model.epochs);
        },
      });
      await finishRun(outcome, model, tensors, data, job, fold, trainedEpochs);
    } finally {
      model?.dispose();
      disposeOptimizer(optimizer);
      disposeRun(tensors);
    }
    if (outcome.prunedAtEpoch !== undefined) break;
  }
  return resultOf(outcome, tf.getBackend(), performance.now() - started);
}
