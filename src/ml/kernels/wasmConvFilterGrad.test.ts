/**
 * Our WASM Conv2DBackpropFilter against the CPU backend's, through both routes (convolution and im2col):
 * kernel sizes 1–7, strides 1–2, 'same', 'valid', numeric and explicit padding, NCHW, the batch-chunked path, and whole `tf.grads` of a small CNN loss,
 * to float32 tolerance and without leaking tensors. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmConvFilterGrad } from './index';
import { expectClose, expectWasmMatchesCpu, on, useWasmKernelFixes, withKernelOff } from './kernelTestSupport';
import { setConvFilterGradChunkLimit, setConvFilterGradRoute } from './wasmConvFilterGrad';

// Relative to the largest magnitude: each weight gradient sums up to 64·28·28 float32 products, in a
// different order on each backend.
const TOLERANCE = 1e-4;

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

/** The kernel itself, on inputs shaped by a forward conv2d with these settings. */
function filterGrad(xShape: number[], filterShape: [number, number, number, number], strides: number | [number, number], pad: Pad, dataFormat: 'NHWC' | 'NCHW' = 'NHWC') {
  return () => {
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 11);
    const forward = tf.conv2d(x as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, strides, pad, dataFormat);
    const dy = tf.randomNormal(forward.shape, 0, 1, 'float32', 12);
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides, pad, dataFormat, filterShape }) as tf.Tensor;
  };
}

describe('WASM Conv2DBackpropFilter', () => {
  useWasmKernelFixes((installed) => expect(installed).toEqual({ matMul: true, convFilterGrad: true, convInputGrad: true, maxPoolGrad: true, depthwiseGrad: true, segmentSum: true, tile: true }));

  it.each([
    [[2, 9, 9, 1], [3, 3, 1, 4], 1, 'same'],
    [[2, 9, 9, 3], [3, 3, 3, 5], 1, 'valid'],
    [[3, 10, 11, 2], [3, 3, 2, 4], 2, 'same'],
    [[3, 11, 10, 2], [3, 3, 2, 4], 2, 'valid'],
    [[2, 12, 12, 3], [5, 5, 3, 6], 1, 'same'],
    [[2, 13, 12, 3], [5, 5, 3, 6], 2, 'same'],
    [[2, 14, 14, 2], [7, 7, 2, 3], 1, 'same'],
    [[2, 15, 15, 2], [7, 7, 2, 3], 2, 'valid'],
    [[2, 8, 8, 4], [1, 1, 4, 5], 1, 'valid'],
    [[2, 9, 8, 2], [3, 2, 2, 3], [2, 1], 'same'],
    [[2, 9, 9, 2], [3, 3, 2, 3], 1, 2],
    [[2, 9, 9, 2], [3, 3, 2, 3], 2, [[0, 0], [1, 2], [0, 1], [0, 0]]],
    [[16, 28, 28, 1], [3, 3, 1, 8], 1, 'same'],
    [[16, 14, 14, 8], [3, 3, 8, 16], 1, 'same'],
  ] as [number[], [number, number, number, number], number | [number, number], Pad][])('matches the CPU backend for x %j, filter %j, strides %j, pad %j', async (xShape, filterShape, strides, pad) => {
    const compute = filterGrad(xShape, filterShape, strides, pad);
    const expected = await on('cpu', compute);
    expectClose(await on('wasm', compute), expected, TOLERANCE);
    // The same through the im2col route, which 'auto' uses only for one input channel.
    setConvFilterGradRoute('im2col');
    try {
      expectClose(await on('wasm', compute), expected, TOLERANCE);
    } finally {
      setConvFilterGradRoute('auto');
    }
  });

  it('matches the CPU backend for NCHW input', async () => {
    // The CPU backend's conv2d rejects NCHW, so compare with the NHWC gradient of the transposed tensors.
    const shape = [2, 10, 9, 3];
    const filterShape: [number, number, number, number] = [3, 3, 3, 4];
    const nchw = () => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 13);
      const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 14);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape };
      return tf.engine().runKernel('Conv2DBackpropFilter', { x: x.transpose([0, 3, 1, 2]), dy: dy.transpose([0, 3, 1, 2]) }, attrs) as tf.Tensor;
    };
    const nhwc = () => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 13);
      const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 14);
      return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape }) as tf.Tensor;
    };
    expectClose(await on('wasm', nchw), await on('cpu', nhwc), TOLERANCE);
  });

  it('sums over batch chunks when the im2col would be too large', async () => {
    // 3·3·2 rows × 5·5 columns per image is 450 floats: a cap of 1000 gives chunks of 2, 2 and 1 image.
    const compute = filterGrad([5, 9, 9, 2], [3, 3, 2, 3], 2, 'same');
    const previous = setConvFilterGradChunkLimit(1000);
    setConvFilterGradRoute('im2col');
    try {
      await expectWasmMatchesCpu(compute, TOLERANCE);
    } finally {
      setConvFilterGradChunkLimit(previous);
      setConvFilterGradRoute('auto');
    }
  });

  it('gives the CPU backend\'s gradients of a small CNN loss', async () => {
    const grads = () => {
      const x = tf.randomNormal([8, 12, 12, 2], 0, 1, 'float32', 15) as tf.Tensor4D;
      const w1 = tf.randomNormal([3, 3, 2, 4], 0, 0.3, 'float32', 16) as tf.Tensor4D;
      const w2 = tf.randomNormal([5, 5, 4, 6], 0, 0.3, 'float32', 17) as tf.Tensor4D;
      const loss = (xs: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
        const h = tf.relu(tf.conv2d(xs as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'));
        return tf.sum(tf.square(tf.conv2d(h, b as tf.Tensor4D, 2, 'valid')));
      };
      return tf.grads(loss)([x, w1, w2]);
    };
    await expectWasmMatchesCpu(grads, TOLERANCE);
  });

  it('can be switched off, which brings back the missing-kernel error of tfjs-wasm 4.22', async () => {
    await withKernelOff(setWasmConvFilterGrad, () => {
      expect(() => tf.tidy(filterGrad([1, 5, 5, 1], [3, 3, 1, 1], 1, 'same'))).toThrow(/Conv2DBackpropFilter/);
    });
  });
});
