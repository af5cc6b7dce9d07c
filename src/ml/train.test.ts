import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import type { ModelData } from '../data/types';
import { activateCpuBackend } from '../testing/inProcessWorker';
import { buildDenseModel, createOptimizer } from './model';
import { disposeRun, prepareRun } from './prepare';
import { evaluate, fit } from './train';
import { measureThroughput } from './throughput';

beforeAll(activateCpuBackend);

/** Two separable blobs (classification) or a noisy line (regression), generated from a seed. */
function toyData(task: 'binary' | 'multiclass' | 'regression', rows = 120): ModelData {
  const rng = createRng(3);
  const features = new Float32Array(rows * 2);
  const targets = new Float32Array(rows);
  const classes = task === 'multiclass' ? 3 : 2;
  for (let r = 0; r < rows; r++) {
    const a = rng.next() * 4 - 2;
    const b = rng.next() * 4 - 2;
    features[r * 2] = a * 10 + 50; // unscaled on purpose: the run's standardiser must handle it
    features[r * 2 + 1] = b;
    targets[r] = task === 'regression' ? 3 * a - b + 0.1 * rng.next() : task === 'binary' ? Number(a + b > 0) : r % classes;
    if (task === 'multiclass') features[r * 2] = targets[r]! * 20 + rng.next();
  }
  const classNames = task === 'regression' ? [] : Array.from({ length: classes }, (_, i) => `c${i}`);
  return { numRows: rows, numFeatures: 2, featureNames: ['a', 'b'], features, targets, task: { kind: task, target: 'y', classNames } };
}

const rowsOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe.each(['binary', 'multiclass', 'regression'] as const)('training a dense model (%s)', (task) => {
  it('reduces the loss, scores well, and releases every tensor', async () => {
    const data = toyData(task);
    const before = tf.memory().numTensors;
    const run = prepareRun(data, { train: rowsOf(90), evaluate: rowsOf(30, 90) });
    const rng = createRng(1);
    const model = buildDenseModel({ hidden: [{ units: 16, activation: 'relu', dropout: 0.1 }], optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 30 }, { inputSize: 2, task, numClasses: data.task.classNames.length }, rng);
    const optimizer = createOptimizer('adam', 0.02);
    const losses: number[] = [];
    const scores: number[] = [];
    await fit(model, run, {
      epochs: 30,
      batchSize: 16,
      optimizer,
      task,
      rng,
      evaluateEachEpoch: true,
      checkpoint: async () => {},
      onEpoch: (_epoch, loss, evaluation) => {
        losses.push(loss);
        scores.push(evaluation![task === 'regression' ? 'r2' : 'accuracy']!);
      },
    });
    const metrics = await evaluate(model, run, task);
    model.dispose();
    optimizer.dispose();
    disposeRun(run);

    expect(losses).toHaveLength(30);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.6);
    if (task === 'regression') {
      expect(metrics['r2']).toBeGreaterThan(0.9);
      expect(metrics['rmse']).toBeGreaterThan(0);
    } else expect(metrics['accuracy']).toBeGreaterThan(0.85);
    expect(scores.at(-1)).toBeCloseTo(metrics[task === 'regression' ? 'r2' : 'accuracy']!, 5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('buildDenseModel', () => {
  it('is reproducible from the seed', () => {
    const spec = { hidden: [{ units: 4, activation: 'tanh' as const, dropout: 0 }], optimizer: 'sgd' as const, learningRate: 0.1, batchSize: 4, epochs: 1 };
    const shape = { inputSize: 3, task: 'binary' as const, numClasses: 2 };
    const weights = (seed: number) => {
      const model = buildDenseModel(spec, shape, createRng(seed));
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)).not.toEqual(weights(6));
  });
});

describe('measureThroughput', () => {
  it('reports positive samples/s per repeat without leaking', async () => {
    const before = tf.memory().numTensors;
    const speeds = await measureThroughput({ inputSize: 8, hiddenUnits: 8, outputSize: 3, batchSize: 16, steps: 3, repeats: 2 });
    expect(speeds).toHaveLength(2);
    for (const s of speeds) expect(s).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
