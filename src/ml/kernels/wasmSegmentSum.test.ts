/**
 * Our WASM UnsortedSegmentSum against the CPU backend's: trailing shapes of rank 0–2, repeated and
 * out-of-range ids, the gradient of gather, whole gradients of the text models (embedding → average or max
 * pooling; embedding → conv1d → global max pooling, which also covers our Conv2DBackpropFilter, since conv1d
 * is a conv2d underneath, and the max reduction's gradient), and a tiny embedding model that trains on WASM;
 * without leaking tensors or backend buffers. Runs the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmSegmentSum } from './index';
import { adamLosses, expectClose, expectWasmMatchesCpu, on, useWasmKernelFixes, withKernelOff, withoutLeaksOn } from './kernelTestSupport';

// Relative to the largest magnitude. Our rows add in float32, the CPU backend's in float64; the worst case
// here is an id repeated ~200 times (float32 error about √200·2⁻²⁴ ≈ 1e-6). Whole-model gradients also carry
// the matMul and conv gradients' float32 sums (see wasmConvFilterGrad.test.ts).
const TOLERANCE = 1e-5;
const MODEL_TOLERANCE = 1e-4;

/** Seeded ids in [low, high), as int32. */
function ids(n: number, low: number, high: number, seed: number): tf.Tensor1D {
  return tf.randomUniform([n], low, high, 'int32', seed) as tf.Tensor1D;
}

/** A tiny text model as src/ml/families/text.ts builds it, with seeded initialisers. */
function textModel(kind: 'avg' | 'max' | 'conv1d', vocabulary: number, length: number): tf.LayersModel {
  const inputs = tf.input({ shape: [length], dtype: 'int32' });
  let x = tf.layers.embedding({ inputDim: vocabulary, outputDim: 8, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 31 }) }).apply(inputs) as tf.SymbolicTensor;
  if (kind === 'avg') {
    x = tf.layers.globalAveragePooling1d({}).apply(x) as tf.SymbolicTensor;
  } else if (kind === 'max') {
    // Padding repeats one embedding row, so the max has ties; both backends route dy to every tied position.
    x = tf.layers.globalMaxPooling1d({}).apply(x) as tf.SymbolicTensor;
  } else {
    x = tf.layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 32 }) }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalMaxPooling1d({}).apply(x) as tf.SymbolicTensor;
  }
  const outputs = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 33 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs });
}

/** Token ids with padding (id 0) at the end of each row, and labels: whether token 1 occurs in the row. */
function textData(rows: number, length: number, vocabulary: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const tokens = tf.randomUniform([rows, length], 1, vocabulary, 'int32', seed);
    const lengths = tf.randomUniform([rows, 1], 2, length + 1, 'int32', seed + 1);
    const x = tf.where(tf.less(tf.range(0, length, 1, 'int32').expandDims(0), lengths), tokens, tf.zerosLike(tokens)) as tf.Tensor2D;
    const positive = tf.any(tf.equal(x, 1), 1);
    return { x, y: tf.oneHot(tf.cast(positive, 'int32'), 2).toFloat() as tf.Tensor2D };
  });
}

/** 40 Adam steps of the avg text model on `backend`; the losses and how far the embedding table moved. */
function train(backend: string): Promise<{ losses: number[]; embeddingChange: number }> {
  return withoutLeaksOn(backend, async () => {
    const model = textModel('avg', 30, 10);
    const { x, y } = textData(64, 10, 30, 51);
    const table = model.layers[1]!.getWeights()[0]!;
    const initial = table.clone();
    const losses = await adamLosses(model, x, y, 0.05, 40);
    const change = tf.tidy(() => tf.max(tf.abs(tf.sub(model.layers[1]!.getWeights()[0]!, initial))));
    const embeddingChange = (await change.data())[0]!;
    tf.dispose([change, initial, x, y]);
    model.dispose();
    return { losses, embeddingChange };
  });
}

describe('WASM UnsortedSegmentSum', () => {
  useWasmKernelFixes((installed) => expect(installed.segmentSum).toBe(true));

  it.each([
    [[50], 7],
    [[50, 8], 7],
    [[40, 3, 5], 12],
    [[1000, 16], 5],
    [[30, 4], 100],
  ])('matches the CPU backend for x %j and %i segments', async (shape, numSegments) => {
    const compute = () => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 41);
      return tf.unsortedSegmentSum(x, ids(shape[0]!, 0, numSegments, 42), numSegments);
    };
    await expectWasmMatchesCpu(compute, TOLERANCE);
  });

  it('drops ids outside [0, numSegments), as the CPU backend does', async () => {
    const compute = () => tf.unsortedSegmentSum(tf.randomNormal([60, 4], 0, 1, 'float32', 43), ids(60, -3, 9, 44), 6);
    await expectWasmMatchesCpu(compute, TOLERANCE);
  });

  it('sums ids of rank 2 over both of their dimensions, as TensorFlow does', async () => {
    // tfjs's CPU kernel sums over the first axis only here, so compare with the flattened ids instead.
    const x = () => tf.randomNormal([6, 5, 3], 0, 1, 'float32', 45);
    const segmentIds = () => ids(30, 0, 4, 46);
    const ranked = () => tf.engine().runKernel('UnsortedSegmentSum', { x: x(), segmentIds: segmentIds().reshape([6, 5]) }, { numSegments: 4 }) as tf.Tensor;
    const flat = () => tf.unsortedSegmentSum(x().reshape([30, 3]), segmentIds(), 4);
    const [result] = await on('wasm', ranked);
    expectClose([result!], await on('cpu', flat), TOLERANCE);
  });

  it('gives the CPU backend\'s gradient of gather', async () => {
    const grad = () => {
      const table = tf.randomNormal([20, 6], 0, 1, 'float32', 47);
      const indices = tf.randomUniform([4, 9], 0, 20, 'int32', 48);
      const dy = tf.randomNormal([4, 9, 6], 0, 1, 'float32', 49);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices), dy)))(table);
    };
    await expectWasmMatchesCpu(grad, TOLERANCE);
  });

  it.each(['avg', 'max', 'conv1d'] as const)('gives the CPU backend\'s gradients of a %s text model', async (kind) => {
    // Built once per backend inside the measured scope, so the model's variables count as created and disposed.
    const grads = () => {
      const model = textModel(kind, 50, 12);
      const { x, y } = textData(32, 12, 50, 50);
      const { grads: byName } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
      const list = model.trainableWeights.map((w) => byName[w.name]!.clone());
      tf.dispose(byName);
      model.dispose();
      return list;
    };
    await expectWasmMatchesCpu(grads, MODEL_TOLERANCE);
  });

  it('trains embedding → global average pooling → dense on WASM as on the CPU backend: the loss falls', async () => {
    const wasm = await train('wasm');
    const cpu = await train('cpu');
    expect(wasm.losses.every(Number.isFinite)).toBe(true);
    expect(wasm.losses.at(-1)!).toBeLessThan(0.7 * wasm.losses[0]!);
    // The embedding itself learns (not just the dense head), and both backends take the same steps.
    expect(wasm.embeddingChange).toBeGreaterThan(0.1);
    wasm.losses.forEach((loss, i) => expect(Math.abs(loss - cpu.losses[i]!)).toBeLessThan(1e-3));
  });

  it('can be switched off, which brings back the missing-kernel error of tfjs-wasm 4.22', async () => {
    await withKernelOff(setWasmSegmentSum, () => {
      expect(() => tf.tidy(() => tf.unsortedSegmentSum(tf.ones([3, 2]), tf.tensor1d([0, 1, 0], 'int32'), 2))).toThrow(/UnsortedSegmentSum/);
    });
  });
});
