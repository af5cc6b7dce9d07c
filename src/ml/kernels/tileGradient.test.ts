import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { activateCpuBackend } from '../../worker/inProcessWorker';
import { TILE_CASES } from './kernelTestSupport';
import { repetitionLayout, setFastTileGradient } from './tileGradient';

beforeAll(activateCpuBackend);
afterEach(() => setFastTileGradient(false));

/** d/dx of Σ tile(x, reps) · w for a fixed random w, so every repetition's gradient differs. */
function weightsFor(shape: number[], reps: number[]): { tiled: number[]; w: number[] } {
  const rng = createRng(shape.length * 31 + reps.reduce((a, b) => a * 7 + b, 0));
  const tiled = shape.map((s, i) => s * reps[i]!);
  return { tiled, w: Array.from({ length: tiled.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1) };
}

function tileGradient(shape: number[], reps: number[], fast: boolean): { values: Float32Array; shape: number[] } {
  setFastTileGradient(fast);
  const { tiled, w: weights } = weightsFor(shape, reps);
  const x = tf.zeros(shape);
  const w = tf.tensor(weights, tiled);
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.tile(input, reps), w)))(x);
  const result = { values: dx.dataSync() as Float32Array, shape: dx.shape };
  tf.dispose([x, w, dx]);
  return result;
}

/** The same gradient by definition: each output position adds its weight to the input element it copies. */
function tileGradientByDefinition(shape: number[], reps: number[]): number[] {
  const { tiled, w } = weightsFor(shape, reps);
  const dx = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  w.forEach((weight, flat) => {
    let source = 0;
    let rest = flat;
    const coords = [...tiled].reverse().map((size) => { const c = rest % size; rest = Math.floor(rest / size); return c; }).reverse();
    coords.forEach((c, axis) => (source = source * shape[axis]! + (c % shape[axis]!)));
    dx[source]! += weight;
  });
  return dx;
}

/** Sums of up to a few hundred float32 terms, added in different orders: equal to 1e-5 of their size. */
function expectFloat32Close(actual: Float32Array, expected: readonly number[]): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i]!))));
}

describe('the Tile gradient', () => {
  it.each(TILE_CASES)('of x %j tiled %j is the sum over repetitions (and tfjs’s own, to float32 rounding)', (shape, reps) => {
    const fast = tileGradient(shape, reps, true);
    expect(fast.shape).toEqual(shape);
    const expected = tileGradientByDefinition(shape, reps);
    expectFloat32Close(fast.values, expected);
    if (shape.length > 4) return; // tfjs's own stops at rank 4
    const shipped = tileGradient(shape, reps, false);
    expectFloat32Close(fast.values, [...shipped.values]);
  });

  it('is zero where a repetition of 0 leaves nothing to sum', () => {
    expect([...tileGradient([2, 3], [0, 2], true).values]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reduces at a rank the GPU backends can transpose (≤ 6), leaving out 1s and merging neighbours', () => {
    expect(repetitionLayout([1, 462], [64, 1])).toEqual({ dims: [64, 462], repetitionAxes: [0] });
    expect(repetitionLayout([64, 1], [1, 58])).toEqual({ dims: [64, 58], repetitionAxes: [1] });
    expect(repetitionLayout([8, 5, 5, 1], [1, 1, 1, 6])).toEqual({ dims: [200, 6], repetitionAxes: [1] });
    expect(repetitionLayout([1, 1, 1, 6], [8, 5, 5, 1])).toEqual({ dims: [200, 6], repetitionAxes: [0] });
    expect(repetitionLayout([2, 3, 4, 5], [2, 3, 4, 5]).dims).toHaveLength(8); // above 6: tfjs's own gradient
    expect(repetitionLayout([5], [1])).toEqual({ dims: [5], repetitionAxes: [] });
  });

  it('runs one reduction instead of a slice and an add per repetition', () => {
    setFastTileGradient(true);
    const x = tf.ones([1, 462]);
    const counted = tf.profile(() => tf.grad((input: tf.Tensor) => tf.sum(tf.tile(input, [64, 1])))(x));
    return counted.then((profile) => {
      const names = profile.kernels.map((k) => k.name);
      expect(names.filter((n) => n === 'Slice')).toHaveLength(0);
      expect(names.filter((n) => n === 'Sum').length).toBeLessThanOrEqual(2);
      x.dispose();
    });
  });

  it('restores the shipped gradient when switched off', () => {
    expect(setFastTileGradient(true)).toBe(true);
    const ours = tf.getGradient('Tile');
    expect(setFastTileGradient(false)).toBe(false);
    expect(tf.getGradient('Tile')).not.toBe(ours);
    expect(tf.getGradient('Tile')?.kernelName).toBe('Tile');
  });
});
