/**
 * Turns a dataset and a run's row indices into tensors for one fit, per input layout: tables standardised
 * with statistics of the training rows only, images as [n, h, w, c] pixels (already in [0, 1], so left
 * alone), token ids cut to what the text model reads, or bag-of-words / TF-IDF rows with the IDF fitted on
 * the training rows only.
 */
import * as tf from '@tensorflow/tfjs';
import { featuresOfRows } from '../data/rows';
import { applyStandardizer, fitScalar, fitStandardizer } from '../data/scale';
import { TABLE_LAYOUT, type InputLayout, type ModelData } from '../data/types';
import { TRAINING_DEFAULTS, type Architecture, type TrainingRun } from '../protocol/training';
import { TrainingError } from './errors';
import { checkCompatible, type PreparedInput } from './input';
import { bagOfWords, cutTokens, fitIdf, type TokenMatrix } from './text';
import type { RunTensors } from './train';

function targetTensor(data: ModelData, rows: readonly number[], scale: { mean: number; std: number }): tf.Tensor2D {
  if (data.task.kind === 'regression') {
    return tf.tensor2d(Float32Array.from(rows, (r) => (data.targets[r]! - scale.mean) / scale.std), [rows.length, 1]);
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(rows, (r) => data.targets[r]!), 'int32'), data.task.classNames.length).toFloat() as tf.Tensor2D);
}

const NO_SCALER = { mean: new Float64Array(0), std: new Float64Array(0) };

function expectWidth(data: ModelData, width: number, what: string): void {
  if (data.numFeatures !== width) throw new TrainingError(`The dataset's rows hold ${data.numFeatures} values, not the ${width} its ${what} layout needs.`);
}

type Inputs = Pick<RunTensors, 'xTrain' | 'xEval' | 'input' | 'scaler'>;

function tableInputs(data: ModelData, run: TrainingRun): Inputs {
  const scaler = fitStandardizer(data.features, data.numFeatures, run.train);
  const matrix = (rows: readonly number[]) => tf.tensor2d(applyStandardizer(scaler, data.features, data.numFeatures, rows), [rows.length, data.numFeatures]);
  return { xTrain: matrix(run.train), xEval: matrix(run.evaluate), input: { kind: 'table', features: data.numFeatures }, scaler };
}

function imageInputs(data: ModelData, run: TrainingRun, layout: Extract<InputLayout, { kind: 'image' }>): Inputs {
  const { height, width, channels } = layout;
  expectWidth(data, height * width * channels, 'image');
  const images = (rows: readonly number[]) => tf.tensor4d(featuresOfRows(data, rows), [rows.length, height, width, channels]);
  return { xTrain: images(run.train), xEval: images(run.evaluate), input: { kind: 'image', height, width, channels }, scaler: NO_SCALER };
}

function tokenInputs(data: ModelData, run: TrainingRun, layout: Extract<InputLayout, { kind: 'tokens' }>, architecture: Architecture): Inputs {
  expectWidth(data, layout.sequenceLength, 'tokens');
  const tokens: TokenMatrix = { ids: data.features, sequenceLength: layout.sequenceLength };
  if (architecture.kind === 'bow') {
    // A smaller vocabulary than the dataset's is a cut; a larger one would only add columns that stay zero.
    const vocabularySize = Math.min(architecture.vocabularySize, layout.vocabularySize);
    const idf = architecture.tfidf ? fitIdf(tokens, run.train, vocabularySize) : null;
    const matrix = (rows: readonly number[]) => tf.tensor2d(bagOfWords(tokens, rows, vocabularySize, idf), [rows.length, vocabularySize]);
    return { xTrain: matrix(run.train), xEval: matrix(run.evaluate), input: { kind: 'bow', vocabularySize, idf }, scaler: NO_SCALER };
  }
  if (architecture.kind !== 'embedding' && architecture.kind !== 'conv1d') throw new Error(`Unexpected ${architecture.kind} on tokens`); // checkCompatible rules this out
  const sequenceLength = Math.min(architecture.sequenceLength, layout.sequenceLength);
  const vocabularySize = Math.min(architecture.vocabularySize, layout.vocabularySize);
  const ids = (rows: readonly number[]) => tf.tensor2d(cutTokens(tokens, rows, sequenceLength, vocabularySize), [rows.length, sequenceLength], 'int32');
  return { xTrain: ids(run.train), xEval: ids(run.evaluate), input: { kind: 'tokens', sequenceLength, vocabularySize }, scaler: NO_SCALER };
}

/**
 * Tensors for one fit of `architecture` on the run's rows. Throws a TrainingError, before making any
 * tensor, when the architecture cannot read the dataset's layout.
 */
export function prepareRun(data: ModelData, run: TrainingRun, architecture: Architecture = TRAINING_DEFAULTS.architecture): RunTensors {
  const layout = data.input ?? TABLE_LAYOUT;
  checkCompatible(architecture, layout.kind);
  const targetScale = data.task.kind === 'regression' ? fitScalar(data.targets, run.train) : { mean: 0, std: 1 };
  const inputs =
    layout.kind === 'table' ? tableInputs(data, run) : layout.kind === 'image' ? imageInputs(data, run, layout) : tokenInputs(data, run, layout, architecture);
  return {
    ...inputs,
    yTrain: targetTensor(data, run.train, targetScale),
    yEval: targetTensor(data, run.evaluate, targetScale),
    targetScale,
    evalTargets: Float32Array.from(run.evaluate, (r) => data.targets[r]!),
  };
}

export function disposeRun(run: RunTensors): void {
  tf.dispose([run.xTrain, run.yTrain, run.xEval, run.yEval]);
}

export type { PreparedInput };
