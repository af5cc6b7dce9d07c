/**
 * Our WASM Conv2DBackpropInput against the CPU backend's: kernel sizes 1–7, 'same', 'valid', numeric and
 * explicit padding, NCHW, the shipped fallback for strides above 1, and whole `tf.grads` of a small CNN loss
 * with respect to its input, to float32 tolerance and without leaking tensors. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmConvInputGrad } from './index';
import { expectClose, expectWasmMatchesCpu, on, useWasmKernelFixes, withKernelOff } from './kernelTestSupport';

// Relative to the largest magnitude: each input gradient sums kh·kw·co float32 products, in a different order on each backend.
const TOLERANCE = 1e-5;

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

/** The kernel itself, with dy shaped by a forward conv2d of an input of `xShape` with these settings. */
function inputGrad(xShape: [number, number, number, number], filterShape: [number, number, number, number], strides: number | [number, number], pad: Pad, dataFormat: 'NHWC' | 'NCHW' = 'NHWC') {
  return () => {
    const forward = tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, strides, pad, dataFormat);
    const dy = tf.randomNormal(forward.shape, 0, 1, 'float32', 21);
    const filter = tf.randomNormal(filterShape, 0, 1, 'float32', 22);
    return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { strides, pad, dataFormat, inputShape: xShape }) as tf.Tensor;
  };
}

describe('WASM Conv2DBackpropInput', () => {
  useWasmKernelFixes((installed) => expect(installed.convInputGrad).toBe(true));

  it.each([
    [[2, 9, 9, 1], [3, 3, 1, 4], 1, 'same'],
    [[2, 9, 9, 3], [3, 3, 3, 5], 1, 'valid'],
    [[2, 12, 11, 3], [5, 5, 3, 6], 1, 'same'],
    [[2, 14, 14, 2], [7, 7, 2, 3], 1, 'same'],
    [[2, 8, 8, 4], [1, 1, 4, 5], 1, 'valid'],
    [[2, 9, 8, 2], [3, 2, 2, 3], 1, 'same'],
    [[2, 9, 9, 2], [3, 3, 2, 3], 1, 2],
    [[2, 9, 9, 2], [3, 3, 2, 3], 1, [[0, 0], [1, 2], [0, 1], [0, 0]]],
    [[16, 14, 14, 16], [3, 3, 16, 32], 1, 'same'],
    // Strides above 1 go to the shipped kernel.
    [[3, 10, 11, 2], [3, 3, 2, 4], 2, 'same'],
    [[2, 9, 8, 2], [3, 2, 2, 3], [2, 1], 'valid'],
  ] as [[number, number, number, number], [number, number, number, number], number | [number, number], Pad][])(
    'matches the CPU backend for x %j, filter %j, strides %j, pad %j',
    async (xShape, filterShape, strides, pad) => {
      await expectWasmMatchesCpu(inputGrad(xShape, filterShape, strides, pad), TOLERANCE);
    },
  );

  it('matches the CPU backend for NCHW input', async () => {
    // The CPU backend's conv2d rejects NCHW, so compare with the NHWC gradient, transposed.
    const nhwc = inputGrad([2, 10, 9, 3], [3, 3, 3, 4], 1, 'same');
    const nchw = () => {
      const dy = tf.randomNormal([2, 10, 9, 4], 0, 1, 'float32', 21);
      const filter = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 22);
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 10, 9] };
      return tf.transpose(tf.engine().runKernel('Conv2DBackpropInput', { dy: dy.transpose([0, 3, 1, 2]), filter }, attrs) as tf.Tensor, [0, 2, 3, 1]);
    };
    expectClose(await on('wasm', nchw), await on('cpu', nhwc), TOLERANCE);
  });

  it("gives the CPU backend's gradient of a small CNN loss with respect to its input", async () => {
    const grads = () => {
      const x = tf.randomNormal([4, 12, 12, 2], 0, 1, 'float32', 23) as tf.Tensor4D;
      const w1 = tf.randomNormal([3, 3, 2, 4], 0, 0.3, 'float32', 24) as tf.Tensor4D;
      const w2 = tf.randomNormal([5, 5, 4, 6], 0, 0.3, 'float32', 25) as tf.Tensor4D;
      const loss = (xs: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(tf.relu(tf.conv2d(xs as tf.Tensor4D, a as tf.Tensor4D, 1, 'same')), b as tf.Tensor4D, 1, 'valid')));
      return tf.grads(loss)([x, w1, w2]);
    };
    await expectWasmMatchesCpu(grads, 1e-4);
  });

  it('can be switched off, which brings back the shipped kernel with the same results', async () => {
    const compute = inputGrad([2, 9, 9, 3], [3, 3, 3, 5], 1, 'same');
    const ours = await on('wasm', compute);
    await withKernelOff(setWasmConvInputGrad, async () => {
      expectClose(await on('wasm', compute), ours, TOLERANCE);
    });
  });
});
