/**
 * The arithmetic size of a network against the network tfjs builds (cpu backend): the parameter count of
 * every family's shapes must equal countParams() exactly, so the memory check refuses what would really be
 * built; and the check's refusal, its message and its multiplication for models trained together.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { denseSpec, type Architecture, type ModelSpec } from '../protocol/training';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { buildModel } from './buildModel';
import { TrainingError } from './errors';
import type { PreparedInput } from './input';
import { checkModelMemory, estimateModelMemory, MODEL_MEMORY_BUDGET_BYTES, type SizeShape } from './modelSize';

beforeAll(activateCpuBackend);

const mlp: Architecture = { kind: 'mlp', residual: false };
const spec = (architecture: Architecture, extra: Partial<ModelSpec> = {}): ModelSpec =>
  denseSpec({ architecture, hidden: [{ units: 16, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 1, ...extra });
const hidden = (...units: number[]) => units.map((u) => ({ units: u, activation: 'relu' as const, dropout: 0.1 }));
const image = (height: number, width: number, channels: number): PreparedInput => ({ kind: 'image', height, width, channels });
const cnn = (filters: number[], extra: Partial<Extract<Architecture, { kind: 'cnn' }>> = {}): Architecture => ({
  kind: 'cnn',
  blocks: filters.map((f, i) => ({ filters: f, kernelSize: i === 0 ? 5 : 3, pooling: i === 1 ? 'none' : 'max', dropout: 0.1 })),
  separable: false,
  globalPooling: 'flatten',
  ...extra,
});

/** [name, spec, input, task, classes]: a spread of every family's shapes, normalisations and heads. */
const CASES: readonly [string, ModelSpec, PreparedInput, SizeShape['task'], number][] = [
  ['an mlp on a table', spec(mlp, { hidden: hidden(64, 32) }), { kind: 'table', features: 13 }, 'multiclass', 3],
  ['an mlp with no hidden layer (regression)', spec(mlp, { hidden: [] }), { kind: 'table', features: 7 }, 'regression', 0],
  ['a residual mlp with batch normalisation', spec({ kind: 'mlp', residual: true }, { hidden: hidden(32, 32, 8), normalization: 'batch' }), { kind: 'table', features: 10 }, 'binary', 2],
  ['an mlp on flattened images with layer normalisation', spec(mlp, { hidden: hidden(24), normalization: 'layer' }), image(8, 6, 3), 'multiclass', 4],
  ['a cnn that flattens', spec(cnn([8, 16, 12])), image(11, 9, 1), 'multiclass', 10],
  ['a cnn with global average pooling and batch normalisation', spec(cnn([8, 16], { globalPooling: 'avg' }), { normalization: 'batch' }), image(16, 16, 3), 'binary', 2],
  ['a separable cnn with global max pooling and layer normalisation', spec(cnn([6, 10], { separable: true, globalPooling: 'max' }), { normalization: 'layer', hidden: [] }), image(9, 9, 2), 'regression', 0],
  ['an embedding model', spec({ kind: 'embedding', vocabularySize: 500, sequenceLength: 40, embeddingDim: 12, pooling: 'avg' }), { kind: 'tokens', sequenceLength: 30, vocabularySize: 300 }, 'multiclass', 5],
  ['a conv1d text model', spec({ kind: 'conv1d', vocabularySize: 300, sequenceLength: 30, embeddingDim: 8, filters: 20, kernelSize: 5 }), { kind: 'tokens', sequenceLength: 30, vocabularySize: 300 }, 'binary', 2],
  ['a bag-of-words model', spec({ kind: 'bow', vocabularySize: 1000, tfidf: true }, { hidden: hidden(32) }), { kind: 'bow', vocabularySize: 700, idf: null }, 'multiclass', 3],
];

describe('estimateModelMemory', () => {
  it.each(CASES)('counts the parameters of %s as tfjs builds it', (_name, modelSpec, input, task, numClasses) => {
    const model = buildModel(modelSpec, { inputSize: 0, task, numClasses, input }, createRng(1));
    try {
      const memory = estimateModelMemory(modelSpec, { input, task, numClasses });
      expect(memory.params).toBe(model.countParams());
      const trainable = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * b!, 1), 0);
      expect(memory.trainableParams).toBe(trainable);
    } finally {
      model.dispose();
    }
  });

  it('prices weights, optimizer state by optimizer, and activations by batch size', () => {
    const input: PreparedInput = { kind: 'table', features: 100 };
    const adam = estimateModelMemory(spec(mlp, { hidden: hidden(50), batchSize: 10 }), { input, task: 'binary', numClasses: 2 });
    expect(adam.params).toBe(100 * 50 + 50 + 50 * 2 + 2);
    expect(adam.weightBytes).toBe(adam.params * 4);
    expect(adam.optimizerBytes).toBe(adam.params * 4 * 3); // a gradient and Adam's two moments
    const sgd = estimateModelMemory(spec(mlp, { hidden: hidden(50), batchSize: 20, optimizer: 'sgd', momentum: 0 }), { input, task: 'binary', numClasses: 2 });
    expect(sgd.optimizerBytes).toBe(sgd.params * 4); // the gradient only
    expect(sgd.activationBytes).toBe(2 * adam.activationBytes);
    const four = estimateModelMemory(spec(mlp, { hidden: hidden(50), batchSize: 10 }), { input, task: 'binary', numClasses: 2 }, 4);
    expect(four.totalBytes).toBe(4 * adam.totalBytes);
  });
});

describe('checkModelMemory', () => {
  const mnist: SizeShape = { input: { kind: 'table', features: 784 }, task: 'multiclass', numClasses: 10 };

  it('passes every ordinary model and returns its estimate', () => {
    expect(checkModelMemory(spec(mlp, { hidden: hidden(512, 512) }), mnist).totalBytes).toBeLessThan(50 * 1024 ** 2);
    expect(MODEL_MEMORY_BUDGET_BYTES).toBe(1024 ** 3);
  });

  it('refuses a model over the budget, naming the layer whose weights make it so', () => {
    const huge = spec(mlp, { hidden: [{ units: 65536, activation: 'relu', dropout: 0 }, { units: 65536, activation: 'relu', dropout: 0 }] });
    expect(() => checkModelMemory(huge, mnist)).toThrow(TrainingError);
    expect(() => checkModelMemory(huge, mnist)).toThrow(
      /^units_2 = 65536 on 65536 inputs makes 4\.3 G weights \(64\.0 GiB with their gradients and adam's state\): this model needs about 64\.\d GiB .*, over the 1\.0 GiB a worker allows/,
    );
    // One such layer on 784 inputs (51 M weights, 0.77 GiB with Adam) fits alone but not twice over.
    const wide = spec(mlp, { hidden: [{ units: 65536, activation: 'relu', dropout: 0 }] });
    expect(() => checkModelMemory(wide, mnist)).not.toThrow();
    expect(() => checkModelMemory(wide, mnist, 2)).toThrow(/^units_1 = 65536 on 784 inputs makes 103 M weights for 2 models trained together/);
  });

  it('names a huge embedding, and activations when they are the biggest part', () => {
    const text = spec({ kind: 'embedding', vocabularySize: 1e6, sequenceLength: 100, embeddingDim: 4096, pooling: 'avg' });
    expect(() => checkModelMemory(text, { input: { kind: 'tokens', sequenceLength: 100, vocabularySize: 1e6 }, task: 'binary', numClasses: 2 })).toThrow(/^vocab_size = 1000000 × embedding_dim = 4096 makes 4\.1 G weights/);
    const wideImages = spec(cnn([256, 256], { globalPooling: 'avg' }), { batchSize: 256, hidden: [] });
    expect(() => checkModelMemory(wideImages, { input: image(224, 224, 3), task: 'multiclass', numClasses: 10 })).toThrow(
      /^block 1's 256 filters of 5×5 on 3 channels of 50176 pixels makes \d+\.\d GiB of activations for a batch of 256/,
    );
  });

  it('the model tfjs would build for a refused spec is not built: buildModel refuses first', () => {
    const before = tf.memory().numTensors;
    const huge = spec(mlp, { hidden: [{ units: 65536, activation: 'relu', dropout: 0 }, { units: 65536, activation: 'relu', dropout: 0 }] });
    expect(() => buildModel(huge, { inputSize: 784, task: 'multiclass', numClasses: 10 }, createRng(1))).toThrow(/units_2 = 65536 on 65536 inputs/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
