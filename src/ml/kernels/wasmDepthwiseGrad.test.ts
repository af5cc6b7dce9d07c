/**
 * Our WASM depthwise-convolution gradients against the CPU backend's: kernels 1–5, strides 1–2 (and
 * unequal), 'same', 'valid' and numeric padding, channel multipliers 1–3, whole `tf.grads` of a separable
 * convolution loss, and a tiny separableConv2d model that trains on WASM; without leaking tensors or backend
 * buffers. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmDepthwiseGrad } from './index';
import { adamLosses, expectWasmMatchesCpu, useWasmKernelFixes, withKernelOff, withoutLeaksOn } from './kernelTestSupport';

// Relative to the largest magnitude. Both backends accumulate in float64 and round once to float32, in a
// different order; whole-model gradients also carry the 1×1 convolution's float32 sums (XNNPACK).
const TOLERANCE = 1e-5;
const MODEL_TOLERANCE = 1e-4;

type Pad = 'same' | 'valid' | number;
type Shape4 = [number, number, number, number];

/** Both kernels on random x, filter and dy shaped by a forward depthwiseConv2d with these settings. */
function depthwiseGrads(xShape: Shape4, filterShape: Shape4, strides: number | [number, number], pad: Pad) {
  return () => {
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 61) as tf.Tensor4D;
    const filter = tf.randomNormal(filterShape, 0, 1, 'float32', 62) as tf.Tensor4D;
    const forward = tf.depthwiseConv2d(x, filter, strides, pad);
    const dy = tf.randomNormal(forward.shape, 0, 1, 'float32', 63);
    const attrs = { strides, pad, dilations: 1 };
    return [
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape }) as tf.Tensor,
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: xShape }) as tf.Tensor,
    ];
  };
}

/** Input → separableConv2d → separableConv2d (stride 2) → global average pooling → softmax, seeded. */
function separableModel(): tf.LayersModel {
  let seed = 70;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const inputs = tf.input({ shape: [8, 8, 2] });
  let x = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', depthwiseInitializer: init(), pointwiseInitializer: init() }).apply(inputs) as tf.SymbolicTensor;
  x = tf.layers.separableConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', depthMultiplier: 2, activation: 'relu', depthwiseInitializer: init(), pointwiseInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const outputs = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs });
}

/** Images whose class is whether the left half is brighter than the right, as in a toy vision task. */
function imageData(rows: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([rows, 8, 8, 2], 0, 1, 'float32', seed) as tf.Tensor4D;
    const [leftHalf, rightHalf] = tf.split(x, 2, 2);
    const brighter = tf.greater(tf.sum(leftHalf!, [1, 2, 3]), tf.sum(rightHalf!, [1, 2, 3]));
    return { x, y: tf.oneHot(tf.cast(brighter, 'int32'), 2).toFloat() as tf.Tensor2D };
  });
}

/** 40 Adam steps of the separable model on `backend`; the losses. */
function train(backend: string): Promise<number[]> {
  return withoutLeaksOn(backend, async () => {
    const model = separableModel();
    const { x, y } = imageData(32, 71);
    const losses = await adamLosses(model, x, y, 0.02, 40);
    tf.dispose([x, y]);
    model.dispose();
    return losses;
  });
}

describe('WASM depthwise-convolution gradients', () => {
  useWasmKernelFixes((installed) => expect(installed.depthwiseGrad).toBe(true));

  it.each([
    [[2, 9, 9, 3], [3, 3, 3, 1], 1, 'same'],
    [[2, 9, 9, 3], [3, 3, 3, 1], 1, 'valid'],
    [[2, 10, 11, 4], [3, 3, 4, 1], 2, 'same'],
    [[2, 11, 10, 4], [3, 3, 4, 1], 2, 'valid'],
    [[2, 12, 12, 2], [5, 5, 2, 1], 1, 'same'],
    [[2, 13, 12, 2], [5, 5, 2, 1], 2, 'same'],
    [[2, 8, 8, 5], [1, 1, 5, 1], 1, 'valid'],
    [[2, 9, 8, 3], [3, 2, 3, 1], [2, 1], 'same'],
    [[2, 9, 9, 2], [3, 3, 2, 1], 1, 1],
    [[2, 9, 9, 3], [3, 3, 3, 2], 1, 'same'],
    [[2, 10, 9, 2], [3, 3, 2, 3], 2, 'valid'],
    [[2, 11, 11, 3], [5, 5, 3, 2], 2, 'same'],
    [[16, 28, 28, 8], [3, 3, 8, 1], 1, 'same'],
  ] as [Shape4, Shape4, number | [number, number], Pad][])('match the CPU backend for x %j, filter %j, strides %j, pad %j', async (xShape, filterShape, strides, pad) => {
    const compute = depthwiseGrads(xShape, filterShape, strides, pad);
    await expectWasmMatchesCpu(compute, TOLERANCE);
  });

  it('give the CPU backend\'s gradients of a depthwise → pointwise → depthwise loss', async () => {
    const grads = () => {
      const x = tf.randomNormal([4, 10, 10, 3], 0, 1, 'float32', 64) as tf.Tensor4D;
      const d1 = tf.randomNormal([3, 3, 3, 2], 0, 0.3, 'float32', 65) as tf.Tensor4D;
      const p1 = tf.randomNormal([1, 1, 6, 4], 0, 0.3, 'float32', 66) as tf.Tensor4D;
      const d2 = tf.randomNormal([3, 3, 4, 1], 0, 0.3, 'float32', 67) as tf.Tensor4D;
      const loss = (xs: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const h = tf.relu(tf.separableConv2d(xs as tf.Tensor4D, a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'));
        return tf.sum(tf.square(tf.depthwiseConv2d(h, c as tf.Tensor4D, 2, 'valid')));
      };
      return tf.grads(loss)([x, d1, p1, d2]);
    };
    await expectWasmMatchesCpu(grads, MODEL_TOLERANCE);
  });

  it('train a tiny separableConv2d model on WASM as on the CPU backend: the loss falls', async () => {
    const wasm = await train('wasm');
    const cpu = await train('cpu');
    expect(wasm.every(Number.isFinite)).toBe(true);
    expect(wasm.at(-1)!).toBeLessThan(0.7 * wasm[0]!);
    wasm.forEach((loss, i) => expect(Math.abs(loss - cpu[i]!)).toBeLessThan(1e-3));
  });

  it('refuse dilations above 1, which the CPU backend\'s kernels would ignore', async () => {
    await tf.setBackend('wasm');
    const run = () =>
      tf.tidy(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.ones([1, 7, 7, 2]), dy: tf.ones([1, 7, 7, 2]) }, { strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 2, 1] }));
    expect(run).toThrow(/dilation/);
  });

  it('can be switched off, which brings back the missing-kernel error of tfjs-wasm 4.22', async () => {
    await withKernelOff(setWasmDepthwiseGrad, () => {
      const grad = () => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.depthwiseConv2d(x as tf.Tensor4D, tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 1, 'same')))(tf.ones([1, 5, 5, 2])));
      expect(grad).toThrow(/DepthwiseConv2dNativeBackprop/);
    });
  });
});
