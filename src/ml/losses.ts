/** Loss tensors for each task, written once so training, evaluation and probes agree. */
import * as tf from '@tensorflow/tfjs';

const EPSILON = 1e-7;

/** Cross-entropy of each row's softmax outputs against its one-hot target, clipped as Keras clips it. */
function rowCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor): tf.Tensor {
  return tf.neg(tf.sum(tf.mul(targets, tf.log(tf.clipByValue(probabilities, EPSILON, 1 - EPSILON))), -1));
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


