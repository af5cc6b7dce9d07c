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
import { metricsOfOutputs } from '../metrics/outputMetrics';
import type { ModelSpec } from '../protocol/training';
import { createAugmenter } from './augment';
import type { PreparedInput } from './input';
import { categoricalCrossEntropy, createLoss, meanSquaredError, type LossFunction } from './losses';
import { kernelVariables, setLearningRate, trainableVariables } from './model';
import { learningRateAt, shouldStopEarly } from './schedule';

/** Tensors for one fit. Regression targets are standardised; `targetScale` maps them back for metrics. */
export interface RunTensors {
  /** Inputs laid out as `input` says: [n, features], [n, h, w, c], or [n, length] int32 token ids. */
  readonly xTrain: tf.Tensor;
  readonly yTrain: tf.Tensor2D;
  readonly xEval: tf.Tensor;
  readonly yEval: tf.Tensor2D;
  readonly input: PreparedInput;
  readonly targetScale: { readonly mean: number; readonly std: number };
  /** Targets of the evaluation rows on the host: class indices, or values in the target's units. */
  readonly evalTargets: Float32Array;
  /** Input scaling fitted on the training rows (kept for exporting the model); empty unless a table. */
  readonly scaler: { readonly mean: Float64Array; readonly std: Float64Array };
}

export type { LossFunction };

/** The default ('auto') loss of each task. */
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

/** Input values per evaluation batch: 4 M floats (16 MB) of input, so a large image's activations stay bounded. */
const EVALUATION_INPUT_VALUES = 1 << 22;

/**
 * Rows predicted per call when evaluating: as many as EVALUATION_INPUT_VALUES of input allow, 32 to 1,024.
 * `predict`'s default of 32 made evaluation the bottleneck of image studies: a 16→32 CNN predicted 12,000
 * Fashion-MNIST images in 11.5 s at 32 per call and 1.8 s at 1,024 (WASM, one thread), because each call
 * costs fixed work per layer. Outputs are the same whatever the batch: inference is row by row.
 */
export function evaluationBatchSize(shape: readonly number[]): number {
  const valuesPerRow = shape.slice(1).reduce((a, b) => a * b, 1);
  return Math.max(32, Math.min(1024, Math.floor(EVALUATION_INPUT_VALUES / Math.max(1, valuesPerRow))));
}

/**
 * Every metric of `model` on the evaluation rows (see src/metrics): outputs are read back once and scored in
 * plain TypeScript. `loss` is the training loss on the same rows: log loss, or squared error on
 * standardised targets for regression.
 */
export async function evaluate(model: tf.LayersModel, run: RunTensors, task: TaskKind, keepOutputs?: (values: Float32Array) => void): Promise<Metrics> {
  const batchSize = evaluationBatchSize(run.xEval.shape);
  const outputs = tf.tidy(() => model.predict(run.xEval, { batchSize }) as tf.Tensor);
  const values = (await outputs.data()) as Float32Array;
  outputs.dispose();
  keepOutputs?.(values);
  if (task !== 'regression') return metricsOfOutputs(values, run.evalTargets, task, run.yEval.shape[1]!);
  const { mean, std } = run.targetScale;
  return metricsOfOutputs(Float32Array.from(values, (v) => v * std + mean), run.evalTargets, task, 0, std);
}

export interface FitOptions {
  /** The model's training settings: epochs, batch size, schedule, regularisation, clipping, patience. */
  readonly spec: ModelSpec;
  readonly optimizer: tf.Optimizer;
  readonly task: TaskKind;
  readonly rng: Rng;
  /** Per-class loss weights (classification), or null for equal weights. */
  readonly classWeights: Float32Array | null;
  /** Evaluate on the evaluation tensors after every epoch (validation), or only train (test refits). */
  readonly evaluateEachEpoch: boolean;
  /** Called after each epoch; returning 'stop' ends training there (pruning). */
  readonly onEpoch: (epoch: number, loss: number, evaluation: Metrics | null) => void | 'stop';
  /** Awaited between epochs: yields to the event loop and throws if the job was cancelled. */
  readonly checkpoint: () => Promise<void>;
}

/** Scales gradients down so their global L2 norm is at most `maxNorm` (as tf.clip_by_global_norm). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const tensors = Object.values(grads);
  const norm = tf.sqrt(tf.addN(tensors.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-12)));
  return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)]));
}

/**
 * One optimisation step with the spec's extras: class-weighted loss, L2 penalty on kernels, gradient
 * clipping and decoupled weight decay (AdamW). Returns the loss the step minimised (the caller disposes it).
 */
export function createTrainingStep(model: tf.LayersModel, optimizer: tf.Optimizer, options: Pick<FitOptions, 'spec' | 'task' | 'classWeights'>) {
  const variables = trainableVariables(model);
  const kernels = kernelVariables(model);
  const { spec, task, classWeights } = options;
  const weights = classWeights && task !== 'regression' ? tf.keep(tf.tensor1d(classWeights)) : null;
  let lossOf: LossFunction;
  try {
    lossOf = createLoss(spec.loss, task, weights);
  } catch (error) {
    weights?.dispose();
    throw error;
  }
  const objective = (xBatch: tf.Tensor, yBatch: tf.Tensor) => (): tf.Scalar => {
    const outputs = model.apply(xBatch, { training: true }) as tf.Tensor;
    let loss: tf.Scalar = lossOf(yBatch, outputs);
    if (spec.l2 > 0 && kernels.length > 0) loss = tf.add(loss, tf.mul(spec.l2, tf.addN(kernels.map((k) => tf.sum(tf.square(k)))))) as tf.Scalar;
    return loss;
  };
  return {
    step(xBatch: tf.Tensor, yBatch: tf.Tensor): tf.Scalar {
      let cost: tf.Scalar;
      if (spec.clipNorm === null) {
        cost = optimizer.minimize(objective(xBatch, yBatch), true, variables)!;
      } else {
        const { value, grads } = tf.variableGrads(objective(xBatch, yBatch), variables);
        optimizer.applyGradients(clipByGlobalNorm(grads, spec.clipNorm));
        cost = value;
      }
      if (spec.optimizer === 'adamw' && spec.weightDecay > 0) {
        const rate = (optimizer as unknown as { learningRate: number }).learningRate;
        for (const k of kernels) k.assign(tf.mul(k, 1 - rate * spec.weightDecay));
      }
      return cost;
    },
    dispose() {
      weights?.dispose();
    },
  };
}

/** Resolves to the number of epochs trained (fewer than planned when early stopping or pruning ended it). */
export async function fit(model: tf.LayersModel, run: RunTensors, options: FitOptions): Promise<number> {
  const { spec } = options;
  const trainer = createTrainingStep(model, options.optimizer, options);
  // Its own stream, so turning augmentation on does not change the shuffling.
  const augment = run.input.kind === 'image' ? createAugmenter(spec.augmentation, options.rng.fork('augment')) : null;
  const numRows = run.xTrain.shape[0];
  const batchSize = Math.max(1, Math.min(spec.batchSize, numRows));
  const order = Array.from({ length: numRows }, (_, i) => i);
  // Plateau schedules and early stopping watch the validation loss, or the training loss without validation.
  const monitored: number[] = [];

  try {
    for (let epoch = 0; epoch < spec.epochs; epoch++) {
      setLearningRate(options.optimizer, learningRateAt(spec.schedule, spec.learningRate, epoch, spec.epochs, monitored));
      options.rng.shuffle(order);
      const orderTensor = tf.tensor1d(order, 'int32');
      let lossSum: tf.Scalar = tf.scalar(0);
      for (let start = 0; start < numRows; start += batchSize) {
        const size = Math.min(batchSize, numRows - start);
        const next = tf.tidy(() => {
          const rows = orderTensor.slice(start, size);
          const xBatch = tf.gather(run.xTrain, rows);
          const batchLoss = trainer.step(augment ? augment(xBatch as tf.Tensor4D) : xBatch, tf.gather(run.yTrain, rows));
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
      monitored.push(evaluation ? evaluation['loss']! : epochLoss);
      const verdict = options.onEpoch(epoch, epochLoss, evaluation);
      await options.checkpoint();
      if (verdict === 'stop' || shouldStopEarly(spec.patience, monitored)) return epoch + 1;
    }
    return spec.epochs;
  } finally {
    trainer.dispose();
  }
}
