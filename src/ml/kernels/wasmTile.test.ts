/** Our WASM Tile against the CPU backend's, including as part of layer normalisation's forward and gradient. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setWasmTile } from './index';
import { expectWasmMatchesCpu, on, TILE_CASES, useWasmKernelFixes, withKernelOff } from './kernelTestSupport';

describe('WASM Tile', () => {
  useWasmKernelFixes((installed) => expect(installed.tile).toBe(true));

  // Plus a scalar and a zero repetition, which the kernel handles itself.
  it.each<readonly [number[], number[]]>([[[], []], ...TILE_CASES, [[2, 3], [0, 2]]])('tiles float32 %j by %j exactly as the CPU backend', async (shape, reps) => {
    await expectWasmMatchesCpu(() => tf.tile(tf.randomNormal(shape, 0, 1, 'float32', 7), reps), 1e-9); // copies: exact
  });

  it('tiles int32 and leaves bool to the shipped kernel', async () => {
    const [ints] = await on('wasm', () => tf.tile(tf.tensor2d([[1, 2, 3]], [1, 3], 'int32'), [2, 2]));
    expect([...ints!]).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    const [bools] = await on('wasm', () => tf.tile(tf.tensor1d([true, false], 'bool'), [2]));
    expect([...bools!]).toEqual([1, 0, 1, 0]);
  });

  it('gives layer normalisation the same outputs and gradients as the CPU backend', async () => {
    const compute = () => {
      const layer = tf.layers.layerNormalization({ betaInitializer: tf.initializers.randomNormal({ seed: 5 }), gammaInitializer: tf.initializers.randomNormal({ seed: 6 }) });
      const x = tf.randomNormal([16, 12], 0, 1, 'float32', 3);
      layer.apply(x); // builds its weights
      const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, weights);
      const out = [value, ...Object.values(grads)];
      layer.dispose();
      return out;
    };
    await expectWasmMatchesCpu(compute, 1e-5);
  });

  it('is what the WASM backend runs once installed, and the shipped kernel once removed', async () => {
    const installed = tf.getKernel('Tile', 'wasm')!.kernelFunc;
    const [ours] = await on('wasm', () => tf.tile(tf.tensor2d([[1], [2]]), [1, 3]));
    await withKernelOff(setWasmTile, async () => {
      expect(tf.getKernel('Tile', 'wasm')!.kernelFunc).not.toBe(installed);
      const [shipped] = await on('wasm', () => tf.tile(tf.tensor2d([[1], [2]]), [1, 3]));
      expect([...shipped!]).toEqual([...ours!]);
    });
    expect(tf.getKernel('Tile', 'wasm')!.kernelFunc).toBe(installed);
  });
});
