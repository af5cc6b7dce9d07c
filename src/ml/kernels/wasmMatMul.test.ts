/**
 * The routed WASM matMul against the CPU backend: every transpose combination, batched shapes and a
 * training step's gradients, to float32 tolerance. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWasmMatMulRouting } from './wasmMatMul';

const TOLERANCE = 1e-4; // relative to the largest magnitude; sums of 64–200 float32 products

async function on(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(compute);
  const list = Array.isArray(out) ? out : [out];
  const values = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(list);
  return values;
}

function expectClose(actual: Float32Array[], expected: Float32Array[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((values, i) => {
    const reference = expected[i]!;
    const scale = Math.max(1, ...reference.map(Math.abs));
    let worst = 0;
    values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - reference[j]!) / scale)));
    expect(worst).toBeLessThan(TOLERANCE);
  });
}

describe('routed WASM matMul', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    expect(setWasmMatMulRouting(true)).toBe(true);
  });
  afterAll(() => setWasmMatMulRouting(false));

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches the CPU backend with transposeA=%s transposeB=%s (2-D and batched)', async (ta, tb) => {
    const make = () => {
      const a = tf.randomNormal(ta ? [37, 50] : [50, 37], 0, 1, 'float32', 1);
      const b = tf.randomNormal(tb ? [23, 37] : [37, 23], 0, 1, 'float32', 2);
      const a3 = tf.randomNormal(ta ? [3, 9, 7] : [3, 7, 9], 0, 1, 'float32', 3);
      const b3 = tf.randomNormal(tb ? [3, 5, 9] : [3, 9, 5], 0, 1, 'float32', 4);
      return [tf.matMul(a, b, ta, tb), tf.matMul(a3, b3, ta, tb)];
    };
    expectClose(await on('wasm', make), await on('cpu', make));
  });

  it('gives the CPU backend\'s gradients for a dense layer, without leaking tensors', async () => {
    // d/dx and d/dw of Σ relu(x·w)²: the backward pass multiplies with transposes (dy·wᵀ and xᵀ·dy).
    const grads = () => {
      const x = tf.randomNormal([64, 20], 0, 1, 'float32', 5);
      const w = tf.randomNormal([20, 16], 0, 0.3, 'float32', 6);
      return tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(xs, ws)))))([x, w]);
    };
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = await on('wasm', grads);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(wasm, await on('cpu', grads));
  });

  it('can be switched off again', async () => {
    expect(setWasmMatMulRouting(false)).toBe(false);
    expect(setWasmMatMulRouting(true)).toBe(true);
  });
});
