/**
 * Model plumbing shared by every family: the task's shape, the reference dense network, optimizers (Keras
 * defaults), learning-rate changes and the variable lists regularisation and training use.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/study/rng';
import type { TaskKind } from '../data/types';
import type { ModelSpec } from '../protocol/training';
import type { PreparedInput } from './input';

export interface ModelShape {
  /** Features of a table input; for other inputs, the values per example. */
  readonly inputSize: number;
  readonly task: TaskKind;
  /** Classes for classification; ignored for regression (one output). */
  readonly numClasses: number;
  /** What the model reads (see prepare.ts); absent: a table of `inputSize` standardised features. */
  readonly input?: PreparedInput;
}

/**
 * The plain dense network as a Sequential model: the throughput probe's reference MLP. Trials build every
 * family, this one included, through buildModel (./buildModel.ts).
 */
export function buildDenseModel(spec: ModelSpec, shape: ModelShape, rng: Rng): tf.Sequential {
  const model = tf.sequential();
  const normalised = spec.normalization !== 'none';
  spec.hidden.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        // With normalisation the activation comes after it, as a layer of its own.
        activation: normalised ? 'linear' : layer.activation,
        useBias: !normalised, // the normalisation's offset makes a bias redundant
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.uint32() }),
        ...(i === 0 ? { inputShape: [shape.inputSize] } : {}),
      }),
    );
    if (spec.normalization === 'batch') model.add(tf.layers.batchNormalization());
    if (spec.normalization === 'layer') model.add(tf.layers.layerNormalization());
    if (normalised) model.add(tf.layers.activation({ activation: layer.activation }));
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

/** Keras' default hyper-parameters for each optimizer, with the learning rate and momentum from the spec. */
export function createOptimizer(spec: Pick<ModelSpec, 'optimizer' | 'learningRate' | 'momentum' | 'nesterov'>): tf.Optimizer {
  switch (spec.optimizer) {
    case 'adam':
    case 'adamw': // AdamW is Adam plus decoupled weight decay, which the training step applies
      return tf.train.adam(spec.learningRate, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      // Keras' RMSprop defaults: rho 0.9, epsilon 1e-7 (tfjs defaults to 1e-10, which is less stable).
      return tf.train.rmsprop(spec.learningRate, 0.9, 0, 1e-7);
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(spec.learningRate, spec.momentum, spec.nesterov) : tf.train.sgd(spec.learningRate);
    case 'adagrad':
      return tf.train.adagrad(spec.learningRate);
  }
}

/**
 * Disposes an optimizer completely. tfjs's MomentumOptimizer.dispose() forgets the learning-rate scalar its
 * SGD parent keeps, which would leak one tensor per trial.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (rate && !rate.isDisposed) rate.dispose();
}

/** Sets an optimizer's learning rate between steps (SGD keeps it in a tensor, the others in a field). */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const sgd = optimizer as tf.Optimizer & { setLearningRate?: (rate: number) => void; learningRate: number };
  if (sgd.setLearningRate) sgd.setLearningRate(rate);
  else sgd.learningRate = rate;
}

/** Kernel (weight-matrix) variables: what L2 and weight decay apply to; biases and norm parameters are exempt. */
export function kernelVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.filter((w) => /kernel/.test(w.originalName)).map((w) => w.read() as tf.Variable);
}

/** The trainable variables of a model, passed explicitly to the optimizer so other models' variables are untouched. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
