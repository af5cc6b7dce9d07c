/** The worker protocol end to end over a MessageChannel: real dispatcher, real client, real tfjs (cpu). */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { EpochRecord } from '../engine/study/types';
import { createInProcessWorker } from './inProcessWorker';
import { WorkerCallError } from '../orchestrator/workerClient';
import { PROTOCOL_VERSION, isWorkerRequest, isWorkerResponse } from '../protocol/messages';
import { denseSpec, type LayersTrainedModel, type TrainingJob } from '../protocol/training';

async function iris(target = 'target') {
  const table = await loadTable(readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
  return prepareForTarget(table, target).data;
}

const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i).filter((i) => i % 5 !== 0);
const heldOut = Array.from({ length: 30 }, (_, i) => i * 5);

function job(overrides: Partial<TrainingJob> = {}): TrainingJob {
  return {
    datasetKey: 'iris',
    model: denseSpec({ hidden: [{ units: 16, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 5 }),
    runs: [
      { train: rows(0, 150), evaluate: heldOut },
      { train: rows(0, 150).reverse(), evaluate: heldOut },
    ],
    evaluation: 'validation',
    objective: 'accuracy',
    seed: 1,
    ...overrides,
  };
}

describe('training worker protocol', () => {
  it('initialises, loads a dataset, streams epochs and returns per-run metrics without leaking tensors', async () => {
    const client = createInProcessWorker();
    const messages: string[] = [];
    const report = await client.call('init', { preference: 'auto' }, { onProgress: (m) => messages.push(m) });
    expect(report.chosen).toBe('cpu');
    expect(messages).toEqual(['Node tests use the cpu backend']);
    expect(await client.call('loadDataset', { key: 'iris', data: await iris() })).toEqual({ key: 'iris', rows: 150 });
    const before = tf.memory().numTensors;
    const progress: EpochRecord[] = [];
    const result = await client.call('runTrial', job(), { onProgress: (records) => progress.push(...records) });
    expect(result.runs).toHaveLength(2);
    expect(result.runs[0]!['accuracy']).toBeGreaterThan(0.5);
    expect(result.backend).toBe('cpu');
    // 4 → 16 → 3: (4·16 + 16) + (16·3 + 3) = 131 parameters.
    expect(result.cost).toMatchObject({ parameters: 131, bytes: 524 });
    expect(result.cost!.latencyMs).toBeGreaterThan(0);
    expect(progress.map((r) => `${r.fold}:${r.epoch}`)).toEqual([0, 1].flatMap((f) => [0, 1, 2, 3, 4].map((e) => `${f}:${e}`)));
    expect(progress.every((r) => r.valLoss !== undefined && r.valScore !== undefined)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    client.terminate();
  });

  it('gives identical results for the same seed', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await client.call('loadDataset', { key: 'iris', data: await iris() });
    const a = await client.call('runTrial', job());
    const b = await client.call('runTrial', job());
    expect(a.runs).toEqual(b.runs);
    client.terminate();
  });

  it('evaluates test refits only at the end', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await client.call('loadDataset', { key: 'iris', data: await iris() });
    const progress: EpochRecord[] = [];
    await client.call('runTrial', job({ evaluation: 'test', runs: [{ train: rows(0, 150), evaluate: heldOut }] }), { onProgress: (r) => progress.push(...r) });
    expect(progress).toHaveLength(5);
    expect(progress.some((r) => r.valLoss !== undefined)).toBe(false);
    client.terminate();
  });

  it('cancels a running trial between epochs and frees its tensors', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await client.call('loadDataset', { key: 'iris', data: await iris() });
    const before = tf.memory().numTensors;
    const abort = new AbortController();
    let epochs = 0;
    const running = client.call('runTrial', job({ model: { ...job().model, epochs: 10_000 } }), {
      signal: abort.signal,
      onProgress: (records) => {
        epochs += records.length;
        abort.abort();
      },
    });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(epochs).toBeLessThan(10_000);
    expect(tf.memory().numTensors).toBe(before);
    client.terminate();
  });

  it('answers errors with a code: unknown dataset, diverging training', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await expect(client.call('runTrial', job({ datasetKey: 'missing' }))).rejects.toMatchObject({ code: 'no-dataset' });
    // Regression (unclipped squared error) with an absurd learning rate overflows to a non-finite loss.
    await client.call('loadDataset', { key: 'iris-sepal', data: await iris('sepal length (cm)') });
    const diverging = job({
      datasetKey: 'iris-sepal',
      objective: 'r2',
      model: denseSpec({ hidden: [{ units: 64, activation: 'linear', dropout: 0 }], optimizer: 'sgd', learningRate: 1e6, batchSize: 8, epochs: 20 }),
    });
    await expect(client.call('runTrial', diverging)).rejects.toMatchObject({ code: 'training-failed', message: expect.stringMatching(/loss became/) });
    client.terminate();
  });

  it('rejects pending and later calls once the worker is terminated', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await client.call('loadDataset', { key: 'iris', data: await iris() });
    const pending = client.call('runTrial', job({ model: { ...job().model, epochs: 10_000 } }));
    client.terminate();
    await expect(pending).rejects.toBeInstanceOf(WorkerCallError);
    await expect(client.call('init', { preference: 'cpu' })).rejects.toMatchObject({ code: 'worker-terminated' });
  });
});

describe('message guards', () => {
  it('accept well-formed messages and reject others', () => {
    expect(isWorkerRequest({ v: PROTOCOL_VERSION, type: 'call', id: 1, method: 'init', params: { preference: 'auto' } })).toBe(true);
    expect(isWorkerRequest({ v: PROTOCOL_VERSION, type: 'cancel', id: 1 })).toBe(true);
    expect(isWorkerRequest({ v: 999, type: 'call', id: 1, method: 'init', params: {} })).toBe(false);
    expect(isWorkerRequest({ v: PROTOCOL_VERSION, type: 'call', id: 1, method: 'format-disk', params: {} })).toBe(false);
    expect(isWorkerRequest(null)).toBe(false);
    expect(isWorkerResponse({ v: PROTOCOL_VERSION, type: 'error', id: 2, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isWorkerResponse({ v: PROTOCOL_VERSION, type: 'error', id: 2, error: 'x' })).toBe(false);
    expect(isWorkerResponse({ v: PROTOCOL_VERSION, type: 'result', id: 'a', result: 1 })).toBe(false);
  });
});

describe('worker client crash handling', () => {
  it('rejects every pending call when the worker reports an error, and refuses new ones', async () => {
    const { createWorkerClient } = await import('../orchestrator/workerClient');
    const target = new EventTarget();
    const posted: unknown[] = [];
    const client = createWorkerClient({
      postMessage: (message) => posted.push(message),
      addEventListener: ((type: string, listener: (event: Event) => void) => target.addEventListener(type, listener)) as never,
    });
    const first = client.call('init', { preference: 'auto' });
    const second = client.call('measureThroughput', { inputSize: 1, hiddenUnits: 1, outputSize: 1, batchSize: 1, steps: 1, repeats: 1 });
    expect(posted).toHaveLength(2);
    const crash = new Event('error') as Event & { message?: string };
    crash.message = 'out of memory';
    target.dispatchEvent(crash);
    await expect(first).rejects.toMatchObject({ code: 'worker-crashed', message: expect.stringContaining('out of memory') });
    await expect(second).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(client.alive).toBe(false);
    await expect(client.call('init', { preference: 'auto' })).rejects.toMatchObject({ code: 'worker-terminated' });
  });
});

describe('model export', () => {
  it('returns the refit model in Layers form; loaded back, it scores exactly as reported', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    const data = await iris();
    await client.call('loadDataset', { key: 'iris', data });
    const result = await client.call('runTrial', job({ evaluation: 'test', exportModel: true, runs: [{ train: rows(0, 150), evaluate: heldOut }] }));
    client.terminate();
    const model = result.model as LayersTrainedModel;
    expect(model.preprocessing).toMatchObject({ task: 'multiclass', featureNames: data.featureNames });
    expect(model.preprocessing.mean).toHaveLength(4);

    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: model.weightSpecs as tf.io.WeightsManifestEntry[], weightData: model.weightData }));
    const { mean, std } = model.preprocessing;
    const x = tf.tensor2d(heldOut.map((r) => [0, 1, 2, 3].map((f) => (data.features[r * 4 + f]! - mean[f]!) / std[f]!)));
    const predicted = tf.tidy(() => (loaded.predict(x) as tf.Tensor).argMax(-1));
    const labels = await predicted.data();
    const accuracy = heldOut.filter((r, i) => labels[i] === data.targets[r]).length / heldOut.length;
    tf.dispose([x, predicted]);
    loaded.dispose();
    expect(accuracy).toBeCloseTo(result.runs[0]!['accuracy']!, 6);
  });
});

describe('abort listeners', () => {
  it('are removed when calls settle, so a long study does not pile them up on its signal', async () => {
    const { EventEmitter } = await import('node:events');
    const client = createInProcessWorker();
    const abort = new AbortController();
    await client.call('init', { preference: 'cpu' }, { signal: abort.signal });
    for (let i = 0; i < 12; i++) await client.call('loadDataset', { key: `k${i}`, data: await iris() }, { signal: abort.signal });
    expect(EventEmitter.getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    client.terminate();
  });
});
