/** Builds a tfjs Layers model from a ModelSpec and the task's shape. Seeded initialisers make it reproducible. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/study/rng';
import type { TaskKind } from '../data/types';
import type { ModelSpec, OptimizerName } from '../protocol/training';

export interface ModelShape {
  readonly inputSize: number;
  readonly task: TaskKind;
  /** Classes for classification; ignored for regression (one output). */
  readonly numClasses: number;
}

export function buildDenseModel(spec: ModelSpec, shape: ModelShape, rng: Rng): tf.Sequential {
  const model = tf.sequential();
  spec.hidden.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.uint32() }),
        ...(i === 0 ? { inputShape: [shape.inputSize] } : {}),
      }),
    );
    if (layer.dropout > 0) model.add(tf.layers.dropout({ rate: layer.dropout, seed: rng.uint32() }));
  });
  const classification = shape.task !== 'regression';
  model.add(
    tf.layers.dense({
      units: classification ? shape.numClasses : 1,
      activation: classification ? 'softmax' : 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: rng.uint32() }),
      ...(spec.hidden.length === 0 ? { inputShape: [shape.inputSize] } : {}),
    }),
  );
  return model;
}

/** Keras' default hyper-parameters for each optimizer, with the learning rate from the spec. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      // Keras' RMSprop defaults: rho 0.9, epsilon 1e-7 (tfjs defaults to 1e-10, which is less stable).
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
    case 'sgd':
      return tf.train.momentum(learningRate, 0.9, true);
  }
}

/** The trainable variables of a model, passed explicitly to the optimizer so other models' variables are untouched. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
