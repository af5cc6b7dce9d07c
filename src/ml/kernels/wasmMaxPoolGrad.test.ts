/**
 * Our WASM MaxPoolGrad against the CPU backend's: pools 2–3, strides 1–3, 'same', 'valid' and numeric
 * padding, ties (ReLU zeros), NaN and −∞ windows, and `tf.grads` of a conv → pool loss, without leaking
 * tensors or backend buffers. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmMaxPoolGrad } from './index';
import { expectClose, expectWasmMatchesCpu, on, useWasmKernelFixes, withKernelOff } from './kernelTestSupport';

// Routing dy is exact; only overlapping windows add, in the same order as the CPU backend, and the CNN
// test's conv gradients bring float32 sums (see wasmConvFilterGrad.test.ts).
const TOLERANCE = 1e-5;

type Pad = 'same' | 'valid' | number;

/** The gradient of Σ dy·maxPool(x) with respect to x, i.e. the MaxPoolGrad kernel with a random dy. */
function poolGrad(x: () => tf.Tensor, filterSize: number | [number, number], strides: number | [number, number], pad: Pad) {
  return () => {
    const input = x();
    const probe = tf.maxPool(input as tf.Tensor4D, filterSize, strides, pad);
    const dy = tf.randomNormal(probe.shape, 0, 1, 'float32', 22);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, filterSize, strides, pad), dy)))(input);
  };
}

const normal = (shape: number[]) => () => tf.randomNormal(shape, 0, 1, 'float32', 21);

describe('WASM MaxPoolGrad', () => {
  useWasmKernelFixes((installed) => expect(installed.maxPoolGrad).toBe(true));

  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 9, 7, 3], 2, 2, 'valid'],
    [[2, 9, 7, 3], 2, 2, 'same'],
    [[2, 9, 9, 2], 3, 2, 'same'],
    [[2, 9, 9, 2], 3, 1, 'valid'],
    [[2, 10, 10, 2], 3, 3, 'same'],
    [[2, 8, 9, 2], [2, 3], [1, 2], 'same'],
    [[2, 8, 8, 2], 3, 2, 1],
    [[16, 28, 28, 8], 2, 2, 'valid'],
  ] as [number[], number | [number, number], number | [number, number], Pad][])('matches the CPU backend for x %j, pool %j, strides %j, pad %j', async (shape, filterSize, strides, pad) => {
    const compute = poolGrad(normal(shape), filterSize, strides, pad);
    await expectWasmMatchesCpu(compute, TOLERANCE);
  });

  it('routes ties to the first maximum and skips windows without one, as the CPU backend does', async () => {
    // ReLU output: whole windows of zeros (ties), plus NaN and −∞ planted in some windows.
    const x = () => {
      const values = tf.relu(tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 23)).dataSync().slice();
      values.fill(Number.NaN, 0, 6);
      values.fill(Number.NEGATIVE_INFINITY, 48, 54);
      values.fill(Number.NaN, 100, 101);
      return tf.tensor(values, [2, 8, 8, 3]);
    };
    for (const [filterSize, strides] of [
      [2, 2],
      [3, 1],
    ] as const) {
      const compute = poolGrad(x, filterSize, strides, 'same');
      await expectWasmMatchesCpu(compute, TOLERANCE);
    }
  });

  it('gives the CPU backend\'s gradients through conv → relu → pool → conv → pool', async () => {
    const grads = () => {
      const x = tf.randomNormal([8, 12, 12, 1], 0, 1, 'float32', 24) as tf.Tensor4D;
      const w1 = tf.randomNormal([3, 3, 1, 4], 0, 0.3, 'float32', 25) as tf.Tensor4D;
      const w2 = tf.randomNormal([3, 3, 4, 6], 0, 0.3, 'float32', 26) as tf.Tensor4D;
      const loss = (xs: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
        const h = tf.maxPool(tf.relu(tf.conv2d(xs as tf.Tensor4D, a as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
        return tf.sum(tf.square(tf.maxPool(tf.relu(tf.conv2d(h, b as tf.Tensor4D, 1, 'same')), 2, 2, 'valid')));
      };
      return tf.grads(loss)([x, w1, w2]);
    };
    const wasm = await on('wasm', grads);
    const cpu = await on('cpu', grads);
    // The conv weight gradients carry float32 sums in a different order; the pooled routing itself is exact.
    expectClose(wasm.slice(0, 1), cpu.slice(0, 1), TOLERANCE);
    expectClose(wasm.slice(1), cpu.slice(1), 1e-4);
  });

  it('restores the shipped kernel when switched off', async () => {
    // One image with one channel: a case where tfjs-wasm 4.22's own kernel agrees with the CPU backend (it does
    // not for most multi-channel inputs; see wasmMaxPoolGrad.ts).
    const compute = poolGrad(normal([1, 8, 8, 1]), 2, 2, 'valid');
    await withKernelOff(setWasmMaxPoolGrad, async () => {
      await expectWasmMatchesCpu(compute, TOLERANCE);
    });
  });
});
