/**
 * The routed WASM matMul against the CPU backend: every transpose combination, batched shapes (split into
 * 2-D multiplies, or one stacked multiply against a shared matrix) and a training step's gradients, to
 * float32 tolerance: the worst difference relative to the largest magnitude stays below 1e-4; without leaking
 * tensors or backend buffers. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWasmMatchesCpu } from './kernelTestSupport';
import { setWasmMatMulRouting } from './wasmMatMul';

const TOLERANCE = 1e-4; // relative to the largest magnitude; sums of 64–200 float32 products

/** Every (transposeA, transposeB) combination. */
const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

async function shapesOn(backend: string, compute: () => tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  const out = tf.tidy(compute);
  const shapes = out.map((t) => t.shape);
  tf.dispose(out);
  return shapes;
}

describe('routed WASM matMul', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    expect(setWasmMatMulRouting(true)).toBe(true);
  });
  afterAll(() => setWasmMatMulRouting(false));

  it.each(TRANSPOSES)('matches the CPU backend with transposeA=%s transposeB=%s (2-D and batched)', async (ta, tb) => {
    const make = () => {
      const a = tf.randomNormal(ta ? [37, 50] : [50, 37], 0, 1, 'float32', 1);
      const b = tf.randomNormal(tb ? [23, 37] : [37, 23], 0, 1, 'float32', 2);
      const a3 = tf.randomNormal(ta ? [3, 9, 7] : [3, 7, 9], 0, 1, 'float32', 3);
      const b3 = tf.randomNormal(tb ? [3, 5, 9] : [3, 9, 5], 0, 1, 'float32', 4);
      return [tf.matMul(a, b, ta, tb), tf.matMul(a3, b3, ta, tb)];
    };
    await expectWasmMatchesCpu(make, TOLERANCE);
  });

  it.each(TRANSPOSES)('splits batched multiplies (batch 8) with transposeA=%s transposeB=%s like the CPU backend', async (ta, tb) => {
    const make = () => {
      const a = tf.randomNormal(ta ? [8, 17, 33] : [8, 33, 17], 0, 1, 'float32', 7);
      const b = tf.randomNormal(tb ? [8, 29, 17] : [8, 17, 29], 0, 1, 'float32', 8);
      const shared = tf.randomNormal(tb ? [29, 17] : [17, 29], 0, 1, 'float32', 9);
      const single = tf.randomNormal(ta ? [17, 33] : [33, 17], 0, 1, 'float32', 10);
      const a4 = tf.randomNormal(ta ? [2, 3, 17, 33] : [2, 3, 33, 17], 0, 1, 'float32', 11);
      const b4 = tf.randomNormal(tb ? [2, 3, 29, 17] : [2, 3, 17, 29], 0, 1, 'float32', 12);
      // One matrix against a batch, as a rank-3 [1, m, k] too (how fitTogether evaluates K models on one input).
      const single3 = tf.expandDims(single, 0);
      return [tf.matMul(a, b, ta, tb), tf.matMul(a, shared, ta, tb), tf.matMul(single, b, ta, tb), tf.matMul(single3, b, ta, tb), tf.matMul(a4, b4, ta, tb)];
    };
    // This also checks that the multiplies leak neither tensors nor backend buffers.
    await expectWasmMatchesCpu(make, TOLERANCE);
    expect(await shapesOn('wasm', make)).toEqual(await shapesOn('cpu', make));
  });

  it('gives the CPU backend\'s gradients for K stacked dense layers', async () => {
    const grads = () => {
      const x = tf.randomNormal([4, 32, 20], 0, 1, 'float32', 13);
      const w = tf.randomNormal([4, 20, 16], 0, 0.3, 'float32', 14);
      return tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(xs, ws)))))([x, w]);
    };
    await expectWasmMatchesCpu(grads, TOLERANCE);
  });

  it('gives the CPU backend\'s gradients for a dense layer, without leaking tensors', async () => {
    // d/dx and d/dw of Σ relu(x·w)²: the backward pass multiplies with transposes (dy·wᵀ and xᵀ·dy).
    const grads = () => {
      const x = tf.randomNormal([64, 20], 0, 1, 'float32', 5);
      const w = tf.randomNormal([20, 16], 0, 0.3, 'float32', 6);
      return tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(xs, ws)))))([x, w]);
    };
    // This also checks that the multiplies leak neither tensors nor backend buffers.
    await expectWasmMatchesCpu(grads, TOLERANCE);
  });

  it('can be switched off again', async () => {
    expect(setWasmMatMulRouting(false)).toBe(false);
    expect(setWasmMatMulRouting(true)).toBe(true);
  });
});
