/**
 * Pieces every model family shares, in tfjs's functional API with built-in layers only (so every model
 * serialises to the TF.js Layers format): the spec's dense stack, optionally with residual connections,
 * normalisation, and the task's output head. Initialisers take their seeds from the run's Rng.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/study/rng';
import type { TaskKind } from '../../data/types';
import type { HiddenLayerSpec, Normalization } from '../../protocol/training';

type Symbolic = tf.SymbolicTensor;

export interface HeadShape {
  readonly task: TaskKind;
  /** Classes for classification; ignored for regression (one output). */
  readonly numClasses: number;
}

export const glorot = (rng: Rng) => tf.initializers.glorotUniform({ seed: rng.uint32() });

/** The spec's normalisation layer, or null for none. */
export function normalizationLayer(normalization: Normalization): tf.layers.Layer | null {
  if (normalization === 'batch') return tf.layers.batchNormalization();
  if (normalization === 'layer') return tf.layers.layerNormalization();
  return null;
}

/**
 * Normalisation (when asked) then the activation: with normalisation the affine layer before it has no bias
 * and no activation of its own, since the normalisation's offset makes a bias redundant.
 */
export function normalizeAndActivate(x: Symbolic, normalization: Normalization, activation: HiddenLayerSpec['activation']): Symbolic {
  const norm = normalizationLayer(normalization);
  if (!norm) return x;
  return tf.layers.activation({ activation }).apply(norm.apply(x)) as Symbolic;
}

const widthOf = (x: Symbolic) => x.shape[x.shape.length - 1]!;

/**
 * The spec's hidden dense layers on a flat input. With `residual`, each layer's output is added to its
 * input (x + f(x)), the input first projected by a bias-free dense layer when the widths differ.
 */
export function denseStack(input: Symbolic, hidden: readonly HiddenLayerSpec[], normalization: Normalization, residual: boolean, rng: Rng): Symbolic {
  const normalised = normalization !== 'none';
  let x = input;
  for (const layer of hidden) {
    const affine = tf.layers
      .dense({ units: layer.units, activation: normalised ? 'linear' : layer.activation, useBias: !normalised, kernelInitializer: glorot(rng) })
      .apply(x) as Symbolic;
    let h = normalizeAndActivate(affine, normalization, layer.activation);
    if (layer.dropout > 0) h = tf.layers.dropout({ rate: layer.dropout, seed: rng.uint32() }).apply(h) as Symbolic;
    if (residual) {
      const shortcut = widthOf(x) === layer.units ? x : (tf.layers.dense({ units: layer.units, useBias: false, kernelInitializer: glorot(rng) }).apply(x) as Symbolic);
      h = tf.layers.add().apply([shortcut, h]) as Symbolic;
    }
    x = h;
  }
  return x;
}

/** Softmax over the classes (binary included, as the metrics expect k probabilities), or one linear unit. */
export function outputHead(x: Symbolic, shape: HeadShape, rng: Rng): Symbolic {
  const classification = shape.task !== 'regression';
  return tf.layers
    .dense({ units: classification ? shape.numClasses : 1, activation: classification ? 'softmax' : 'linear', kernelInitializer: glorot(rng) })
    .apply(x) as Symbolic;
}
