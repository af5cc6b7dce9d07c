/** Every loss against values worked out by hand, and the task checks that keep a loss on its own task. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { TrainingError } from './errors';
import { createLoss, huberLoss, meanAbsoluteError, meanSquaredError } from './losses';

beforeAll(activateCpuBackend);

const value = (loss: tf.Scalar) => {
  const v = loss.dataSync()[0]!;
  loss.dispose();
  return v;
};

describe('classification losses', () => {
  // Row 1 is class 1 predicted at 0.8; row 2 is class 0 predicted at 0.4.
  const targets = () => tf.tensor2d([[0, 1], [1, 0]]);
  const probabilities = () => tf.tensor2d([[0.2, 0.8], [0.4, 0.6]]);
  const run = (spec: Parameters<typeof createLoss>[0], weights: number[] | null = null) =>
    tf.tidy(() => value(createLoss(spec, 'binary', weights ? tf.tensor1d(weights) : null)(targets(), probabilities())));

  it('auto is cross-entropy: mean of −ln 0.8 and −ln 0.4', () => {
    expect(run({ kind: 'auto' })).toBeCloseTo((0.223144 + 0.916291) / 2, 5);
  });

  it('label smoothing moves ε of the target evenly over the classes', () => {
    // ε = 0.2, k = 2: targets [0.1, 0.9] and [0.9, 0.1].
    const row1 = -(0.1 * Math.log(0.2) + 0.9 * Math.log(0.8));
    const row2 = -(0.9 * Math.log(0.4) + 0.1 * Math.log(0.6));
    expect(run({ kind: 'cross-entropy', labelSmoothing: 0.2 })).toBeCloseTo((row1 + row2) / 2, 5);
    expect(run({ kind: 'cross-entropy', labelSmoothing: 0 })).toBeCloseTo(run({ kind: 'auto' }), 6);
  });

  it('focal loss scales each row by (1 − p)^γ, and is cross-entropy at γ = 0', () => {
    // 0.2² · 0.223144 = 0.0089257 and 0.6² · 0.916291 = 0.329865.
    expect(run({ kind: 'focal', gamma: 2 })).toBeCloseTo((0.0089257 + 0.329865) / 2, 5);
    expect(run({ kind: 'focal', gamma: 0 })).toBeCloseTo(run({ kind: 'auto' }), 6);
  });

  it('class weights multiply each row by its class weight, for every classification loss', () => {
    // Weights [1, 3]: row 1 (class 1) counts three times.
    expect(run({ kind: 'focal', gamma: 2 }, [1, 3])).toBeCloseTo((3 * 0.0089257 + 0.329865) / 2, 5);
    expect(run({ kind: 'cross-entropy', labelSmoothing: 0 }, [1, 3])).toBeCloseTo((3 * 0.223144 + 0.916291) / 2, 5);
    // Weights follow the true class, not the smoothed target.
    const row1 = -(0.1 * Math.log(0.2) + 0.9 * Math.log(0.8));
    const row2 = -(0.9 * Math.log(0.4) + 0.1 * Math.log(0.6));
    expect(run({ kind: 'cross-entropy', labelSmoothing: 0.2 }, [1, 3])).toBeCloseTo((3 * row1 + row2) / 2, 5);
  });
});

describe('regression losses', () => {
  // Errors of 0.5 and −2.
  const pair = (fn: (t: tf.Tensor, p: tf.Tensor) => tf.Scalar) => tf.tidy(() => value(fn(tf.tensor2d([[1], [0]]), tf.tensor2d([[1.5], [-2]]))));

  it('mse, mae and huber (δ = 1: 0.5·0.5² and 1·(2 − 0.5))', () => {
    expect(pair(meanSquaredError)).toBeCloseTo((0.25 + 4) / 2, 6);
    expect(pair(meanAbsoluteError)).toBeCloseTo((0.5 + 2) / 2, 6);
    expect(pair((t, p) => huberLoss(t, p, 1))).toBeCloseTo((0.125 + 1.5) / 2, 6);
    expect(pair(createLoss({ kind: 'huber', delta: 1 }, 'regression'))).toBeCloseTo(0.8125, 6);
    expect(pair(createLoss({ kind: 'mae' }, 'regression'))).toBeCloseTo(1.25, 6);
    expect(pair(createLoss({ kind: 'auto' }, 'regression'))).toBeCloseTo(2.125, 6);
    // A large δ makes Huber half the squared error.
    expect(pair((t, p) => huberLoss(t, p, 10))).toBeCloseTo(2.125 / 2, 6);
  });
});

describe('createLoss', () => {
  it('refuses a loss that does not suit the task', () => {
    expect(() => createLoss({ kind: 'focal', gamma: 2 }, 'regression')).toThrow(TrainingError);
    expect(() => createLoss({ kind: 'focal', gamma: 2 }, 'regression')).toThrow(/focal loss is for classification/);
    expect(() => createLoss({ kind: 'huber', delta: 1 }, 'multiclass')).toThrow(/huber loss is for regression; this is a multiclass task/);
    expect(() => createLoss({ kind: 'mse' }, 'binary')).toThrow(TrainingError);
  });
});
