/**
 * Our own training loop (not `model.fit`, which costs about 1.5–2× a plain loop for small models; see
 * shared/PERFORMANCE.md): seeded shuffling, mini-batches gathered on the backend, the epoch loss summed on
 * the backend and read once per epoch, evaluation per epoch when asked, and every tensor disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/study/rng';
import type { Metrics } from '../engine/study/types';
import type { TaskKind } from '../data/types';
import { TrainingError } from './errors';
import { classificationMetrics, regressionMetrics } from '../metrics/metrics';
import { categoricalCrossEntropy, meanSquaredError } from './losses';
import { trainableVariables } from './model';

/** Tensors for one fit. Regression targets are standardised; `targetScale` maps them back for metrics. */
export interface RunTensors {
  readonly xTrain: tf.Tensor2D;
  readonly yTrain: tf.Tensor2D;
  readonly xEval: tf.Tensor2D;
  readonly yEval: tf.Tensor2D;
  readonly targetScale: { readonly mean: number; readonly std: number };
  /** Targets of the evaluation rows on the host: class indices, or values in the target's units. */
  readonly evalTargets: Float32Array;
  /** Input scaling fitted on the training rows (kept for exporting the model). */
  readonly scaler: { readonly mean: Float64Array; readonly std: Float64Array };
}

export type LossFunction = (targets: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;

export const lossFor = (task: TaskKind): LossFunction => (task === 'regression' ? meanSquaredError : categoricalCrossEntropy);

/** One optimisation step on one batch; returns the batch loss (the caller disposes it). */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  loss: LossFunction,
  xBatch: tf.Tensor,
  yBatch: tf.Tensor,
): tf.Scalar {
  return optimizer.minimize(() => loss(yBatch, model.apply(xBatch, { training: true }) as tf.Tensor), true, variables)!;
}

/**
 * Every metric of `model` on the evaluation rows (see src/metrics): outputs are read back once and scored in
 * plain TypeScript. `loss` is the training loss on the same rows: log loss, or squared error on
 * standardised targets for regression.
 */
export async function evaluate(model: tf.LayersModel, run: RunTensors, task: TaskKind): Promise<Metrics> {
  const outputs = tf.tidy(() => model.predict(run.xEval) as tf.Tensor);
  const values = await outputs.data();
  outputs.dispose();
  if (task !== 'regression') {
    const metrics = classificationMetrics(values, run.evalTargets, run.yEval.shape[1]);
    return { loss: metrics.log_loss, ...metrics };
  }
  const { mean, std } = run.targetScale;
  const predicted = Float32Array.from(values, (v) => v * std + mean);
  const metrics = regressionMetrics(predicted, run.evalTargets);
  return { loss: (metrics.rmse / std) ** 2, ...metrics };
}

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: tf.Optimizer;
  readonly task: TaskKind;
  readonly rng: Rng;
  /** Evaluate on the evaluation tensors after every epoch (validation), or only train (test refits). */
  readonly evaluateEachEpoch: boolean;
  /** Called after each epoch; returning 'stop' ends training there (pruning). */
  readonly onEpoch: (epoch: number, loss: number, evaluation: Metrics | null) => void | 'stop';
  /** Awaited between epochs: yields to the event loop and throws if the job was cancelled. */
  readonly checkpoint: () => Promise<void>;
}

export async function fit(model: tf.LayersModel, run: RunTensors, options: FitOptions): Promise<void> {
  const variables = trainableVariables(model);
  const loss = lossFor(options.task);
  const numRows = run.xTrain.shape[0];
  const batchSize = Math.max(1, Math.min(options.batchSize, numRows));
  const order = Array.from({ length: numRows }, (_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    options.rng.shuffle(order);
    const orderTensor = tf.tensor1d(order, 'int32');
    let lossSum: tf.Scalar = tf.scalar(0);
    for (let start = 0; start < numRows; start += batchSize) {
      const size = Math.min(batchSize, numRows - start);
      const next = tf.tidy(() => {
        const rows = orderTensor.slice(start, size);
        const batchLoss = trainStep(model, options.optimizer, variables, loss, tf.gather(run.xTrain, rows), tf.gather(run.yTrain, rows));
        return tf.add(lossSum, tf.mul(batchLoss, size)) as tf.Scalar;
      });
      lossSum.dispose();
      lossSum = next;
    }
    orderTensor.dispose();
    const epochLoss = (await lossSum.data())[0]! / numRows;
    lossSum.dispose();
    if (!Number.isFinite(epochLoss)) {
      throw new TrainingError(`The training loss became ${epochLoss} in epoch ${epoch + 1}; try a lower learning rate.`);
    }
    const evaluation = options.evaluateEachEpoch ? await evaluate(model, run, options.task) : null;
    const verdict = options.onEpoch(epoch, epochLoss, evaluation);
    await options.checkpoint();
    if (verdict === 'stop') return;
  }
}
