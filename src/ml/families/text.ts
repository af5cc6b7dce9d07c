/**
 * Text families on token ids: a bag-of-words (or TF-IDF) vector into the spec's dense layers; learned
 * embeddings pooled over the sequence; embeddings, a 1-D convolution and global max pooling. Padding
 * (id 0) is an ordinary id to the embedding layer: tfjs's global pooling layers ignore masks, so the model
 * learns a padding vector instead, as Keras models without mask_zero do.
 *
 * Backends: training an embedding needs the gradient of gather (UnsortedSegmentSum), and conv1d needs
 * Conv2DBackpropFilter. tfjs 4.22 registers both on cpu, webgl and webgpu but not on wasm, so embedding and
 * conv1d models cannot train on wasm without extra kernels; bag-of-words models can.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/study/rng';
import type { Architecture, ModelSpec } from '../../protocol/training';
import { TrainingError } from '../errors';
import type { PreparedInput } from '../input';
import { denseStack, glorot, outputHead, type HeadShape } from './common';

type Symbolic = tf.SymbolicTensor;
type TextArchitecture = Extract<Architecture, { kind: 'bow' | 'embedding' | 'conv1d' }>;

/** Keras' default embedding initialiser, seeded. */
const embeddingInit = (rng: Rng) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: rng.uint32() });

function sequenceFeatures(architecture: Exclude<TextArchitecture, { kind: 'bow' }>, inputs: Symbolic, vocabularySize: number, rng: Rng): Symbolic {
  const embedded = tf.layers.embedding({ inputDim: vocabularySize, outputDim: architecture.embeddingDim, embeddingsInitializer: embeddingInit(rng) }).apply(inputs) as Symbolic;
  if (architecture.kind === 'embedding') {
    return (architecture.pooling === 'avg' ? tf.layers.globalAveragePooling1d({}) : tf.layers.globalMaxPooling1d({})).apply(embedded) as Symbolic;
  }
  const convolved = tf.layers
    .conv1d({ filters: architecture.filters, kernelSize: architecture.kernelSize, padding: 'same', activation: 'relu', kernelInitializer: glorot(rng) })
    .apply(embedded) as Symbolic;
  return tf.layers.globalMaxPooling1d({}).apply(convolved) as Symbolic;
}

export function buildTextModel(spec: ModelSpec, architecture: TextArchitecture, input: PreparedInput, shape: HeadShape, rng: Rng): tf.LayersModel {
  let inputs: Symbolic;
  let features: Symbolic;
  if (architecture.kind === 'bow') {
    if (input.kind !== 'bow') throw new TrainingError('A bag-of-words model needs text (token ids) prepared as word vectors.');
    inputs = tf.input({ shape: [input.vocabularySize] });
    features = inputs;
  } else {
    if (input.kind !== 'tokens') throw new TrainingError(`An ${architecture.kind} model needs text (token ids).`);
    inputs = tf.input({ shape: [input.sequenceLength], dtype: 'int32' });
    features = sequenceFeatures(architecture, inputs, input.vocabularySize, rng);
  }
  const head = denseStack(features, spec.hidden, spec.normalization, false, rng);
  return tf.model({ inputs, outputs: outputHead(head, shape, rng) });
}
