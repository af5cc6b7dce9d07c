/**
 * Test support for the WASM kernel tests (src/ml/kernels/*.test.ts); not used by the app. Loads the real
 * WASM backend under Node, runs a computation on the CPU or WASM backend with checks that it leaks neither
 * tensors nor backend buffers (our kernels' scratch), compares values with the CPU backend's to a relative
 * tolerance, installs our kernels around a suite, and switches one off for a test.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, expect } from 'vitest';
import { registerWasmKernelFixes, type WasmKernelFixes } from './index';

/** Switches to `backend` and runs `body` there, checking that it leaves as many tensors and backend buffers as it found. */
export async function withoutLeaksOn<T>(backend: string, body: () => Promise<T>): Promise<T> {
  await tf.setBackend(backend);
  const { numTensors, numDataBuffers } = tf.memory();
  const result = await body();
  expect(tf.memory()).toMatchObject({ numTensors, numDataBuffers });
  return result;
}

/** Runs `compute` on `backend` and reads back its tensor(s) as float32, checking that nothing leaks. */
export function on(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  return withoutLeaksOn(backend, async () => {
    const out = tf.tidy(compute);
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(list);
    return values;
  });
}

/**
 * As many arrays as expected, each as long as its reference and within `tolerance` of it, relative to the
 * reference's largest magnitude.
 */
export function expectClose(actual: Float32Array[], expected: Float32Array[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((values, i) => {
    const reference = expected[i]!;
    expect(values.length).toBe(reference.length);
    const scale = Math.max(1e-6, ...reference.map(Math.abs));
    let worst = 0;
    values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - reference[j]!) / scale)));
    expect(worst).toBeLessThan(tolerance);
  });
}

/** `compute` gives the same values on the WASM backend as on the CPU backend, to `tolerance` (see expectClose), leaking nothing on either. */
export async function expectWasmMatchesCpu(compute: () => tf.Tensor | tf.Tensor[], tolerance: number): Promise<void> {
  expectClose(await on('wasm', compute), await on('cpu', compute), tolerance);
}

/**
 * For the enclosing suite: switches to the WASM backend and installs all our kernels (`check` asserts which
 * it needs installed), and removes them after.
 */
export function useWasmKernelFixes(check: (installed: WasmKernelFixes) => void): void {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    check(registerWasmKernelFixes());
  });
  afterAll(() => registerWasmKernelFixes(false));
}

/**
 * Switches one of our kernels off with its setter (e.g. setWasmSegmentSum) and runs `body` on the WASM
 * backend, switching the kernel back on however `body` ends.
 */
export async function withKernelOff(set: (enabled: boolean) => boolean, body: () => Promise<void> | void): Promise<void> {
  expect(set(false)).toBe(false);
  try {
    await tf.setBackend('wasm');
    await body();
  } finally {
    expect(set(true)).toBe(true);
  }
}

/** `steps` Adam steps minimising the softmax cross-entropy of `model` on (x, y); the losses. */
export async function adamLosses(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, learningRate: number, steps: number): Promise<number[]> {
  const optimizer = tf.train.adam(learningRate);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  optimizer.dispose();
  return losses;
}

/**
 * Tile cases (x's shape, repetitions) for the Tile kernel and gradient tests: the layer-normalisation tilings
 * of a batch of 64 (statistics [64, 1] across 58 units, gain [1, 462] down the batch) and of a feature map,
 * and ranks 1–5.
 */
export const TILE_CASES: readonly (readonly [number[], number[]])[] = [
  [[5], [3]],
  [[1, 462], [64, 1]],
  [[64, 1], [1, 58]],
  [[2, 3], [4, 5]],
  [[2, 1, 3], [1, 4, 2]],
  [[1, 2, 2, 3], [2, 3, 1, 4]],
  [[3, 2, 2, 1, 2], [1, 2, 1, 3, 2]],
  // Layer normalisation after a convolution: statistics across channels, gain over batch and space.
  [[8, 5, 5, 1], [1, 1, 1, 6]],
  [[1, 1, 1, 6], [8, 5, 5, 1]],
];
