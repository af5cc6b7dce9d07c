/**
 * Loss tensors for each task, written once so training, evaluation and probes agree. Every loss is a mean of
 * per-row losses, so class weights (a weight per row, from its class) combine with any classification loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/types';
import type { LossSpec } from '../protocol/training';
import { TrainingError } from './errors';

const EPSILON = 1e-7;

export type LossFunction = (targets: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;

const clipped = (probabilities: tf.Tensor) => tf.clipByValue(probabilities, EPSILON, 1 - EPSILON);

/** Cross-entropy of each row's softmax outputs against its (one-hot or smoothed) target, clipped as Keras clips it. */
function rowCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor): tf.Tensor {
  return tf.neg(tf.sum(tf.mul(targets, tf.log(clipped(probabilities))), -1));
}

/** Focal loss per row (Lin et al. 2017): cross-entropy scaled by (1 − p)^γ, so easy examples count less. */
function rowFocal(targets: tf.Tensor, probabilities: tf.Tensor, gamma: number): tf.Tensor {
  const p = clipped(probabilities);
  return tf.neg(tf.sum(tf.mul(tf.mul(targets, tf.pow(tf.sub(1, p), gamma)), tf.log(p)), -1));
}

/** Keras' label smoothing: the one-hot target moves ε of its mass evenly over all k classes. */
function smooth(targets: tf.Tensor, epsilon: number): tf.Tensor {
  if (epsilon === 0) return targets;
  const k = targets.shape[targets.rank - 1]!;
  return tf.add(tf.mul(targets, 1 - epsilon), epsilon / k);
}

/** Huber per element: quadratic within δ of the target, linear beyond it. */
function elementHuber(targets: tf.Tensor, predictions: tf.Tensor, delta: number): tf.Tensor {
  const error = tf.abs(tf.sub(predictions, targets));
  const quadratic = tf.minimum(error, delta);
  return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, tf.sub(error, quadratic)));
}

/** Mean categorical cross-entropy of softmax outputs against one-hot targets. */
export function categoricalCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(rowCrossEntropy(targets, probabilities)) as tf.Scalar);
}

/** Cross-entropy with each row weighted by its class's weight (Keras class_weight: the mean of weighted losses). */
export function weightedCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor, classWeights: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.mul(rowCrossEntropy(targets, probabilities), tf.sum(tf.mul(targets, classWeights), -1))) as tf.Scalar);
}

export function meanSquaredError(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(targets, predictions)) as tf.Scalar);
}

export function meanAbsoluteError(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(targets, predictions))) as tf.Scalar);
}

export function huberLoss(targets: tf.Tensor, predictions: tf.Tensor, delta: number): tf.Scalar {
  return tf.tidy(() => tf.mean(elementHuber(targets, predictions, delta)) as tf.Scalar);
}

const CLASSIFICATION_LOSSES: readonly LossSpec['kind'][] = ['auto', 'cross-entropy', 'focal'];
const REGRESSION_LOSSES: readonly LossSpec['kind'][] = ['auto', 'mse', 'mae', 'huber'];

/**
 * The loss a spec asks for on a task, with class weights (one per class, classification only) applied per
 * row. The weights are read from the unsmoothed one-hot targets, so label smoothing does not blur them.
 * Throws a TrainingError when the loss does not suit the task (focal on regression, MAE on classes…).
 */
export function createLoss(spec: LossSpec, task: TaskKind, classWeights: tf.Tensor1D | null = null): LossFunction {
  const regression = task === 'regression';
  if (!(regression ? REGRESSION_LOSSES : CLASSIFICATION_LOSSES).includes(spec.kind)) {
    throw new TrainingError(
      regression
        ? `The ${spec.kind} loss is for classification; this is a regression task (use auto, mse, mae or huber).`
        : `The ${spec.kind} loss is for regression; this is a ${task} task (use auto, cross-entropy or focal).`,
    );
  }
  if (regression) {
    switch (spec.kind) {
      case 'mae':
        return meanAbsoluteError;
      case 'huber':
        return (targets, predictions) => huberLoss(targets, predictions, spec.delta);
      default:
        return meanSquaredError;
    }
  }
  const rowLoss = (targets: tf.Tensor, probabilities: tf.Tensor): tf.Tensor => {
    if (spec.kind === 'focal') return rowFocal(targets, probabilities, spec.gamma);
    return rowCrossEntropy(spec.kind === 'cross-entropy' ? smooth(targets, spec.labelSmoothing) : targets, probabilities);
  };
  return (targets, probabilities) =>
    tf.tidy(() => {
      const losses = rowLoss(targets, probabilities);
      return tf.mean(classWeights ? tf.mul(losses, tf.sum(tf.mul(targets, classWeights), -1)) : losses) as tf.Scalar;
    });
}
