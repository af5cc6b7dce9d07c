/** The `predict` method end to end: a model refit through `runTrial`, then asked about the same rows again. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { ModelData } from '../data/types';
import { createInProcessWorker } from './inProcessWorker';
import { forgetPredictionModel, modelLoads } from './predict';
import type { WorkerClient } from '../orchestrator/workerClient';
import { denseSpec, type Architecture, type TrainingJob } from '../protocol/training';

const train = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 !== 0);
const test = Array.from({ length: 30 }, (_, i) => i * 5);

async function table(file: string, target: string): Promise<ModelData> {
  const loaded = await loadTable(readFileSync(new URL(`../../public/datasets/${file}`, import.meta.url), 'utf8'), file);
  return prepareForTarget(loaded, target).data;
}

async function textData(): Promise<ModelData> {
  const words = [['cheap', 'pills', 'buy', 'now', 'offer'], ['meeting', 'notes', 'monday', 'agenda', 'team']];
  const lines = Array.from({ length: 150 }, (_, i) => `"${words[i % 2]!.filter((_, w) => (i + w) % 3 !== 0).join(' ')} item ${i} of the list",${i % 2 ? 'spam' : 'ham'}`);
  return prepareForTarget(await loadTable(`message,label\n${lines.join('\n')}\n`, 'text.csv'), 'label').data;
}

function refit(architecture: Architecture): TrainingJob {
  return {
    datasetKey: 'data',
    model: denseSpec({ architecture, hidden: [{ units: 8, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 3 }),
    runs: [{ train, evaluate: test }],
    evaluation: 'test',
    objective: 'accuracy',
    seed: 3,
    exportModel: true,
  };
}

/** Refits, then predicts the test rows from their raw features and compares with the refit's own test outputs. */
async function roundTrip(client: WorkerClient, data: ModelData, architecture: Architecture) {
  await client.call('loadDataset', { key: 'data', data });
  const result = await client.call('runTrial', refit(architecture));
  const width = data.numFeatures;
  const features = new Float32Array(test.length * width);
  test.forEach((row, i) => features.set(data.features.subarray(row * width, (row + 1) * width), i * width));
  const { outputs } = await client.call('predict', { model: result.model!, features, rows: test.length });
  return { outputs, expected: result.testPredictions!.outputs, model: result.model! };
}

const expectClose = (actual: Float32Array, expected: ArrayLike<number>) => {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 5);
};

describe('predict', () => {
  const client = createInProcessWorker();
  afterAll(() => client.terminate());

  it('gives a table model\'s class probabilities exactly as its test evaluation did, reusing the loaded model', async () => {
    await client.call('init', { preference: 'cpu' });
    const { outputs, expected, model } = await roundTrip(client, await table('iris.csv', 'target'), { kind: 'mlp', residual: false });
    expectClose(outputs, expected);
    const before = tf.memory().numTensors;
    const loads = modelLoads();
    // The same model again (a fresh clone of it): nothing new is loaded, and nothing is left behind.
    const again = await client.call('predict', { model, features: new Float32Array([5.1, 3.5, 1.4, 0.2]), rows: 1 });
    expect(again.outputs).toHaveLength(3);
    expect(again.outputs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(modelLoads()).toBe(loads);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns regression predictions in the target\'s own units', async () => {
    const data = await table('diabetes.csv', 'target');
    const { outputs, expected, model } = await roundTrip(client, data, { kind: 'mlp', residual: false });
    const { mean, std } = model.preprocessing.targetScale;
    expectClose(outputs, Float32Array.from(expected, (v) => v * std + mean));
  });

  it('prepares token ids for bag-of-words (TF-IDF) and embedding models as training did', async () => {
    const data = await textData();
    const tfidf = await roundTrip(client, data, { kind: 'bow', vocabularySize: 8, tfidf: true });
    expectClose(tfidf.outputs, tfidf.expected);
    const embedding = await roundTrip(client, data, { kind: 'embedding', vocabularySize: 10, sequenceLength: 4, embeddingDim: 4, pooling: 'avg' });
    expectClose(embedding.outputs, embedding.expected);
  });

  it('refuses rows of the wrong width with a clear message and frees everything', async () => {
    const { model } = await roundTrip(client, await table('iris.csv', 'target'), { kind: 'mlp', residual: false });
    await expect(client.call('predict', { model, features: new Float32Array(6), rows: 2 })).rejects.toThrow('Each row needs 4 features; got 3.');
    await forgetPredictionModel();
    const before = tf.memory().numTensors;
    await client.call('predict', { model, features: new Float32Array(4), rows: 1 });
    await forgetPredictionModel();
    expect(tf.memory().numTensors).toBe(before);
  });
});
