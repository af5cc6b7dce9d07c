/**
 * One optimisation step of K stacked models: the forward pass, each model's own mean loss over its own
 * batch rows, gradients of the sum of those losses (row r of every gradient is model r's gradient alone,
 * since no model's loss depends on another's weights) and a StackedAdam update. Losses follow ml/losses.ts
 * row by row for the kinds a group supports: cross-entropy (with Keras label smoothing, clipped as Keras
 * clips it), optionally weighted per class, and mean squared error.
 */
import * as tf from '@tensorflow/tfjs';
import type { StackedAdam } from './stackedAdam';
import type { StackedMlp } from './stackedMlp';

const EPSILON = 1e-7;

export type GroupLoss =
  | { readonly kind: 'cross-entropy'; readonly labelSmoothing: number; readonly classWeights: Float32Array | null }
  | { readonly kind: 'mse' };

/** Each model's mean loss: targets and outputs are [K, B, C]; returns [K]. */
export function perModelLoss(loss: GroupLoss, targets: tf.Tensor, outputs: tf.Tensor, classWeights: tf.Tensor1D | null): tf.Tensor1D {
  return tf.tidy(() => {
    if (loss.kind === 'mse') return tf.mean(tf.reshape(tf.squaredDifference(targets, outputs), [targets.shape[0]!, -1]), 1) as tf.Tensor1D;
    const k = targets.shape[2]!;
    const smoothed = loss.labelSmoothing === 0 ? targets : tf.add(tf.mul(targets, 1 - loss.labelSmoothing), loss.labelSmoothing / k);
    const rows = tf.neg(tf.sum(tf.mul(smoothed, tf.log(tf.clipByValue(outputs, EPSILON, 1 - EPSILON))), -1));
    return tf.mean(classWeights ? tf.mul(rows, tf.sum(tf.mul(targets, classWeights), -1)) : rows, 1) as tf.Tensor1D;
  });
}

export interface GroupStep {
  /** xBatch [K, B, in], yBatch [K, B, C]; returns each model's batch loss [K] (the caller disposes it). */
  step(xBatch: tf.Tensor3D, yBatch: tf.Tensor3D): tf.Tensor1D;
  dispose(): void;
}

export function createGroupStep(net: StackedMlp, optimizer: StackedAdam, loss: GroupLoss): GroupStep {
  const classWeights = loss.kind === 'cross-entropy' && loss.classWeights ? tf.tensor1d(loss.classWeights) : null;
  return {
    step(xBatch, yBatch) {
      const variables = net.variables();
      let perModel: tf.Tensor1D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        // Kept so it outlives variableGrads' scope; the sum is what is differentiated.
        perModel = tf.keep(perModelLoss(loss, yBatch, net.apply(xBatch), classWeights));
        return tf.sum(perModel);
      }, variables);
      optimizer.apply(
        variables,
        variables.map((v) => grads[v.name]!),
      );
      tf.dispose([value, ...Object.values(grads)]);
      return perModel!;
    },
    dispose() {
      classWeights?.dispose();
    },
  };
}
