/**
 * A faster gradient for Tile, for every backend. tfjs-core 4.22's own adds one slice of dy per repetition
 * (a Slice and an Add kernel per repeat), and Keras-style LayerNormalization tiles its mean, variance, gain
 * and offset over the batch: a 19→58→462 MLP with layer normalisation trained at 43 ms per step of 64 rows
 * on WASM (no normalisation: 5 ms), Slice and Add taking 49 of its 60 profiled milliseconds.
 *
 * Tiling repeats the whole tensor along each axis, so dy viewed as [r0, s0, r1, s1, …] (r = repetitions,
 * s = x's shape) holds every copy of x[j0, j1, …] at [·, j0, ·, j1, …]; summing the repetition axes gives dx
 * in one reduction. Same sums, other order: results agree with tfjs's to float32 rounding (tileGradient.test.ts).
 */
import * as tf from '@tensorflow/tfjs';

type GradConfig = NonNullable<ReturnType<typeof tf.getGradient>>;

let shipped: GradConfig | null = null;

const fastTileGradient: GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as tf.Tensor[];
    const reps = (attrs as unknown as { reps: number[] }).reps;
    const shape = x!.shape;
    return {
      x: () => {
        const split = shape.flatMap((size, axis) => [reps[axis]!, size]);
        const repetitionAxes = shape.map((_, axis) => 2 * axis);
        return tf.sum(tf.reshape(dy as tf.Tensor, split), repetitionAxes);
      },
    };
  },
};

/** Installs (or, with `false`, restores tfjs's own) Tile gradient; returns whether ours is installed. */
export function setFastTileGradient(enabled: boolean): boolean {
  const current = tf.getGradient('Tile');
  if (enabled) {
    if (current !== fastTileGradient) {
      shipped = current ?? null;
      tf.registerGradient(fastTileGradient);
    }
    return true;
  }
  if (current === fastTileGradient && shipped) tf.registerGradient(shipped);
  return false;
}
