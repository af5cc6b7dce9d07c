import { denseSpec } from '../protocol/training';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import type { ModelData } from '../data/types';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { buildDenseModel, createOptimizer, disposeOptimizer } from './model';
import { disposeRun, prepareRun } from './prepare';
import { evaluate, evaluationBatchSize, fit } from './train';
import { measureThroughput } from './throughput';
import { balancedClassWeights } from '../worker/trialRunner';
import type { ModelSpec } from '../protocol/training';

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
    const model = buildDenseModel(denseSpec({ hidden: [{ units: 16, activation: 'relu', dropout: 0.1 }], optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 30 }), { inputSize: 2, task, numClasses: data.task.classNames.length }, rng);
    const spec = denseSpec({ hidden: [{ units: 16, activation: 'relu', dropout: 0.1 }], optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 30 });
    const optimizer = createOptimizer(spec);
    const losses: number[] = [];
    const scores: number[] = [];
    await fit(model, run, {
      spec,
      classWeights: null,
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
    disposeOptimizer(optimizer);
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

describe('evaluation in large batches', () => {
  it('predicts up to 1,024 rows per call, fewer as inputs grow, never under 32', () => {
    expect(evaluationBatchSize([12000, 64])).toBe(1024);
    expect(evaluationBatchSize([12000, 28, 28, 1])).toBe(1024);
    expect(evaluationBatchSize([500, 128, 128, 3])).toBe(85);
    expect(evaluationBatchSize([10, 2048, 2048, 3])).toBe(32);
  });

  it("scores exactly as predict's default batches of 32 do", async () => {
    const data = toyData('multiclass', 2200);
    const run = prepareRun(data, { train: rowsOf(100), evaluate: rowsOf(2100, 100) });
    const model = buildDenseModel(denseSpec({ hidden: [{ units: 8, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 1 }), { inputSize: 2, task: 'multiclass', numClasses: 3 }, createRng(1));
    const inBatchesOf32 = tf.tidy(() => model.predict(run.xEval) as tf.Tensor);
    let outputs: Float32Array | null = null;
    await evaluate(model, run, 'multiclass', (values) => (outputs = values));
    expect(outputs).toEqual(await inBatchesOf32.data());
    inBatchesOf32.dispose();
    model.dispose();
    disposeRun(run);
  });
});

describe('buildDenseModel', () => {
  it('is reproducible from the seed', () => {
    const spec = denseSpec({ hidden: [{ units: 4, activation: 'tanh' as const, dropout: 0 }], optimizer: 'sgd' as const, learningRate: 0.1, batchSize: 4, epochs: 1 });
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

describe('training strategies', () => {
  const data = toyData('multiclass');
  const train = rowsOf(90);
  const held = rowsOf(30, 90);

  async function trainWith(overrides: Partial<ModelSpec>, epochs = 15) {
    const spec = denseSpec({ hidden: [{ units: 16, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs, ...overrides });
    const run = prepareRun(data, { train, evaluate: held });
    const rng = createRng(4);
    const model = buildDenseModel(spec, { inputSize: 2, task: 'multiclass', numClasses: 3 }, rng);
    const optimizer = createOptimizer(spec);
    const losses: number[] = [];
    const trained = await fit(model, run, {
      spec,
      optimizer,
      task: 'multiclass',
      rng,
      classWeights: spec.classWeight === 'balanced' ? balancedClassWeights(data, train) : null,
      evaluateEachEpoch: true,
      checkpoint: async () => {},
      onEpoch: (_e, loss) => void losses.push(loss),
    });
    const metrics = await evaluate(model, run, 'multiclass');
    const kernel = Array.from(await model.getWeights()[0]!.data());
    model.dispose();
    disposeOptimizer(optimizer);
    disposeRun(run);
    return { losses, metrics, trained, kernel };
  }

  it.each([
    ['adam', 'none'],
    ['adamw', 'batch'],
    ['rmsprop', 'layer'],
    ['sgd', 'none'],
    ['adagrad', 'batch'],
  ] as const)('%s with %s normalisation learns and releases its tensors', async (optimizer, normalization) => {
    const before = tf.memory().numTensors;
    const { losses, metrics } = await trainWith({ optimizer, normalization, learningRate: optimizer === 'sgd' ? 0.05 : optimizer === 'adagrad' ? 0.1 : 0.02, l2: 1e-4, clipNorm: 5, schedule: { kind: 'cosine', warmupEpochs: 2 } });
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(metrics['accuracy']).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('AdamW decays kernels by (1 − lr·wd) on top of the Adam step', async () => {
    const adam = await trainWith({ optimizer: 'adam' }, 1);
    const adamw = await trainWith({ optimizer: 'adamw', weightDecay: 0.5 }, 1);
    // After one epoch of 6 steps the decay compounds: (1 − 0.02·0.5)^6 on the same Adam trajectory (approximately,
    // since later steps see decayed weights); the decayed kernel must be smaller in norm.
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(norm(adamw.kernel)).toBeLessThan(norm(adam.kernel));
    expect(norm(adamw.kernel) / norm(adam.kernel)).toBeGreaterThan(0.9);
  });

  it('clips gradients to the global norm: a tiny clip norm barely moves the weights', async () => {
    const free = await trainWith({ optimizer: 'sgd', momentum: 0, learningRate: 0.5 }, 1);
    const clipped = await trainWith({ optimizer: 'sgd', momentum: 0, learningRate: 0.5, clipNorm: 1e-4 }, 1);
    const start = await trainWith({ optimizer: 'sgd', momentum: 0, learningRate: 0 }, 1);
    const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));
    // 6 steps of at most lr · clip = 5e-5 each.
    expect(distance(clipped.kernel, start.kernel)).toBeLessThanOrEqual(6 * 0.5 * 1e-4 + 1e-6);
    expect(distance(free.kernel, start.kernel)).toBeGreaterThan(1e-2);
  });

  it('stops early after `patience` epochs without improvement', async () => {
    const { trained, losses } = await trainWith({ learningRate: 0, patience: 2 }, 20);
    expect(trained).toBe(3);
    expect(losses).toHaveLength(3);
  });

  it('weighs classes as scikit-learn does with class_weight="balanced"', () => {
    const imbalanced = { ...data, targets: Float32Array.from({ length: 120 }, (_, i) => (i < 90 ? 0 : i < 110 ? 1 : 2)) };
    expect([...balancedClassWeights(imbalanced, rowsOf(120))].map((w) => Number(w.toFixed(4)))).toEqual([0.4444, 2, 4]);
  });
});
