/** Augmentation runs on the cpu backend, is the same for the same seed, and never touches evaluation. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import type { ModelData } from '../data/types';
import { denseSpec, type Augmentation, type TrainingJob } from '../protocol/training';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { runTrainingJob } from '../worker/trialRunner';
import { affineTransform, createAugmenter } from './augment';

beforeAll(activateCpuBackend);

/** Four 4×5 single-channel images whose pixels all differ, so any move shows. */
const batch = () => tf.tensor4d(Float32Array.from({ length: 4 * 4 * 5 }, (_, i) => (i % 20) / 20 + Math.floor(i / 20) / 100), [4, 4, 5, 1]);

function augmented(augmentation: Augmentation, seed: number): number[][] {
  const augment = createAugmenter(augmentation, createRng(seed))!;
  return tf.tidy(() => {
    const input = batch();
    const first = augment(input);
    const second = augment(input); // the stream moves on: the next batch is augmented differently
    return [Array.from(first.dataSync()), Array.from(second.dataSync())];
  });
}

describe('image augmentation', () => {
  const everything: Augmentation = { flip: true, shift: 0.2, rotation: 15, noise: 0.05 };

  it('is deterministic for a seed, differs between seeds and batches, keeps the shape, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const a = augmented(everything, 1);
    expect(a).toEqual(augmented(everything, 1));
    expect(a).not.toEqual(augmented(everything, 2));
    expect(a[0]).not.toEqual(a[1]);
    expect(a[0]).toHaveLength(80);
    expect(a[0]!.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('flips some images exactly left–right and leaves the others as they were', () => {
    const [out] = augmented({ flip: true, shift: 0, rotation: 0, noise: 0 }, 3);
    const [original, mirrored] = tf.tidy(() => [Array.from(batch().dataSync()), Array.from(tf.reverse(batch(), 2).dataSync())]);
    const kinds = [0, 1, 2, 3].map((i) => {
      const slice = (values: number[]) => values.slice(i * 20, (i + 1) * 20);
      const close = (values: number[]) => slice(out!).every((v, j) => Math.abs(v - slice(values)[j]!) < 1e-6);
      return close(original!) ? 'same' : close(mirrored!) ? 'mirrored' : 'other';
    });
    expect(kinds).not.toContain('other');
  });

  it('is nothing when every setting is off, and its transform is the identity without changes', () => {
    expect(createAugmenter({ flip: false, shift: 0, rotation: 0, noise: 0 }, createRng(1))).toBeNull();
    const identity = affineTransform(1, 0, 0, 0, 4, 5);
    identity.forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 0, 1, 0, 0, 0][i]!, 12));
    // A mirror maps x to (width − 1) − x.
    const mirror = affineTransform(-1, 0, 0, 0, 4, 5);
    expect(mirror[0]! * 0 + mirror[2]!).toBeCloseTo(4, 12);
  });

  it('changes training but never evaluation: with a zero learning rate the evaluation is identical', async () => {
    const rng = createRng(5);
    const rows = 24;
    const data: ModelData = {
      numRows: rows,
      numFeatures: 16,
      featureNames: Array.from({ length: 16 }, (_, i) => `p${i}`),
      features: Float32Array.from({ length: rows * 16 }, () => rng.next()),
      targets: Float32Array.from({ length: rows }, (_, i) => i % 2),
      task: { kind: 'binary', target: 'y', classNames: ['a', 'b'] },
      input: { kind: 'image', height: 4, width: 4, channels: 1 },
    };
    const job = (augmentation: Augmentation): TrainingJob => ({
      datasetKey: 'img',
      model: denseSpec({
        architecture: { kind: 'cnn', blocks: [{ filters: 2, kernelSize: 3, pooling: 'max', dropout: 0 }], separable: false, globalPooling: 'avg' },
        augmentation,
        hidden: [],
        optimizer: 'adam',
        learningRate: 0,
        batchSize: 8,
        epochs: 2,
      }),
      runs: [{ train: Array.from({ length: 16 }, (_, i) => i), evaluate: Array.from({ length: 8 }, (_, i) => 16 + i) }],
      evaluation: 'validation',
      objective: 'accuracy',
      seed: 9,
    });
    const losses = async (augmentation: Augmentation) => {
      const trained: number[] = [];
      const result = await runTrainingJob(job(augmentation), data, { onEpoch: (r) => void trained.push(r.loss), checkpoint: async () => {} });
      return { trained, evaluation: result.runs[0] };
    };
    const before = tf.memory().numTensors;
    const plain = await losses({ flip: false, shift: 0, rotation: 0, noise: 0 });
    const noisy = await losses({ flip: true, shift: 0.25, rotation: 30, noise: 0.3 });
    expect(noisy.trained).not.toEqual(plain.trained);
    expect(noisy.evaluation).toEqual(plain.evaluation);
    expect(tf.memory().numTensors).toBe(before);
  });
});
