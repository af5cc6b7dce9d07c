/**
 * The convolutional family for images: blocks of (separable) convolution, the spec's normalisation, ReLU,
 * 2×2 pooling and dropout; then global pooling or flattening and the spec's dense layers as the head.
 *
 * Backends: training needs the convolution gradients (Conv2DBackpropFilter/Input, and the depthwise ones for
 * separable convolutions). tfjs 4.22 registers them on cpu, webgl and webgpu, but tfjs-backend-wasm lacks
 * Conv2DBackpropFilter and both depthwise gradients, so these models cannot train on wasm without extra
 * kernels (see src/ml/kernels).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/study/rng';
import type { Architecture, ConvBlockSpec, ModelSpec, Normalization } from '../../protocol/training';
import { TrainingError } from '../errors';
import { exampleShape, type PreparedInput } from '../input';
import { denseStack, glorot, normalizeAndActivate, outputHead, type HeadShape } from './common';

type Symbolic = tf.SymbolicTensor;
type Cnn = Extract<Architecture, { kind: 'cnn' }>;

function convolution(block: ConvBlockSpec, separable: boolean, normalised: boolean, rng: Rng): tf.layers.Layer {
  const common = {
    filters: block.filters,
    kernelSize: block.kernelSize,
    padding: 'same' as const,
    activation: normalised ? ('linear' as const) : ('relu' as const),
    useBias: !normalised,
  };
  return separable
    ? tf.layers.separableConv2d({ ...common, depthwiseInitializer: glorot(rng), pointwiseInitializer: glorot(rng) })
    : tf.layers.conv2d({ ...common, kernelInitializer: glorot(rng) });
}

function convBlock(x: Symbolic, block: ConvBlockSpec, separable: boolean, normalization: Normalization, rng: Rng): Symbolic {
  let y = normalizeAndActivate(convolution(block, separable, normalization !== 'none', rng).apply(x) as Symbolic, normalization, 'relu');
  // 'same' padding keeps at least one pixel, so a deep stack on a small image still builds.
  if (block.pooling === 'max') y = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(y) as Symbolic;
  if (block.pooling === 'avg') y = tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }).apply(y) as Symbolic;
  if (block.dropout > 0) y = tf.layers.dropout({ rate: block.dropout, seed: rng.uint32() }).apply(y) as Symbolic;
  return y;
}

function globalPool(x: Symbolic, kind: Cnn['globalPooling']): Symbolic {
  switch (kind) {
    case 'avg':
      return tf.layers.globalAveragePooling2d({}).apply(x) as Symbolic;
    case 'max':
      return tf.layers.globalMaxPooling2d({}).apply(x) as Symbolic;
    case 'flatten':
      return tf.layers.flatten().apply(x) as Symbolic;
  }
}

export function buildCnn(spec: ModelSpec, architecture: Cnn, input: PreparedInput, shape: HeadShape, rng: Rng): tf.LayersModel {
  if (input.kind !== 'image') throw new TrainingError('A convolutional network needs image input.');
  const inputs = tf.input({ shape: exampleShape(input) });
  let x: Symbolic = inputs;
  for (const block of architecture.blocks) x = convBlock(x, block, architecture.separable, spec.normalization, rng);
  const features = denseStack(globalPool(x, architecture.globalPooling), spec.hidden, spec.normalization, false, rng);
  return tf.model({ inputs, outputs: outputHead(features, shape, rng) });
}
