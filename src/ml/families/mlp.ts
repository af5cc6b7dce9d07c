/** The dense family: the spec's hidden layers on a table's features, or on an image flattened to a vector. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/study/rng';
import type { Architecture, ModelSpec } from '../../protocol/training';
import { TrainingError } from '../errors';
import { exampleShape, type PreparedInput } from '../input';
import { denseStack, outputHead, type HeadShape } from './common';

export function buildMlp(spec: ModelSpec, architecture: Extract<Architecture, { kind: 'mlp' }>, input: PreparedInput, shape: HeadShape, rng: Rng): tf.LayersModel {
  if (input.kind !== 'table' && input.kind !== 'image') throw new TrainingError('A dense network (MLP) needs a table or images; use a text family for token ids.');
  const inputs = tf.input({ shape: exampleShape(input) });
  const flat = input.kind === 'image' ? (tf.layers.flatten().apply(inputs) as tf.SymbolicTensor) : inputs;
  const features = denseStack(flat, spec.hidden, spec.normalization, architecture.residual, rng);
  return tf.model({ inputs, outputs: outputHead(features, shape, rng) });
}
