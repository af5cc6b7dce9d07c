/** Loss and metric tensors for each task, written once so training, evaluation and probes agree. */
import * as tf from '@tensorflow/tfjs';

const EPSILON = 1e-7;

/** Mean categorical cross-entropy of softmax outputs against one-hot targets (Keras clips the same way). */
export function categoricalCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const clipped = tf.clipByValue(probabilities, EPSILON, 1 - EPSILON);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(clipped)), -1))) as tf.Scalar;
  });
}

/** Cross-entropy with each row weighted by its class's weight (Keras class_weight: the mean of weighted losses). */
export function weightedCrossEntropy(targets: tf.Tensor, probabilities: tf.Tensor, classWeights: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const clipped = tf.clipByValue(probabilities, EPSILON, 1 - EPSILON);
    const perRow = tf.neg(tf.sum(tf.mul(targets, tf.log(clipped)), -1));
    const rowWeights = tf.sum(tf.mul(targets, classWeights), -1);
    return tf.mean(tf.mul(perRow, rowWeights)) as tf.Scalar;
  });
}

export function meanSquaredError(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(targets, predictions)) as tf.Scalar);
}


