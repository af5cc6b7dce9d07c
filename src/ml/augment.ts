/**
 * Image augmentation of training batches: random left–right flips, shifts and rotations, and Gaussian noise.
 * The training loop applies it to each batch it gathers, never to evaluation rows, and every random number
 * comes from the run's seeded Rng, so a seed replays the same augmented batches.
 *
 * Flips, shifts and rotations are one affine map per image applied by tf.image.transform (the Transform
 * kernel, which tfjs 4.22 registers on cpu, wasm, webgl and webgpu alike; see transformEach for a cpu bug).
 * tf.image.rotateWithOffset would turn a whole batch by one angle, and pad + slice shifts need a slice per
 * image; a per-image transform does both at once on the backend. The per-image parameters are drawn on the host from the Rng (n × 4 numbers per
 * batch); the noise is drawn on the backend by tf.randomNormal with a seed taken from the same Rng.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/study/rng';
import type { Augmentation } from '../protocol/training';

/** Turns a batch of images [n, h, w, c] into an augmented batch of the same shape (call inside a tidy). */
export type Augmenter = (images: tf.Tensor4D) => tf.Tensor4D;

export function isAugmenting(augmentation: Augmentation): boolean {
  return augmentation.flip || augmentation.shift > 0 || augmentation.rotation > 0 || augmentation.noise > 0;
}

/**
 * tf.image.transform's 8 numbers for one image: the output pixel (x, y) reads the input at
 * (a0·x + a1·y + a2, b0·x + b1·y + b2). About the image centre (cx, cy) that is a rotation by θ, mirrored
 * when `mirror` is −1, then a shift by (tx, ty) pixels.
 */
export function affineTransform(mirror: 1 | -1, theta: number, tx: number, ty: number, height: number, width: number): number[] {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const a0 = mirror * cos;
  const a1 = -mirror * sin;
  const b0 = sin;
  const b1 = cos;
  return [a0, a1, cx - a0 * cx - a1 * cy + tx, b0, b1, cy - b0 * cx - b1 * cy + ty, 0, 0];
}

/**
 * Applies transform i (8 numbers at i·8 of `transforms`) to image i. Reflecting at the borders (Keras'
 * default fill) avoids black wedges a model could learn from.
 */
function transformEach(images: tf.Tensor4D, transforms: Float32Array): tf.Tensor4D {
  const apply = (batch: tf.Tensor4D, values: Float32Array) => tf.image.transform(batch, tf.tensor2d(values, [values.length / 8, 8]), 'bilinear', 'reflect');
  if (tf.getBackend() !== 'cpu') return apply(images, transforms);
  // tfjs-backend-cpu 4.22's Transform returns from inside its batch loop, so every image after the first
  // comes back as the fill value (wasm, webgl and webgpu are right). On cpu, one call per image.
  const single = images.shape.slice(1) as [number, number, number];
  return tf.concat(tf.unstack(images).map((image, i) => apply(tf.reshape(image, [1, ...single]), transforms.subarray(i * 8, i * 8 + 8))), 0);
}

/** An augmenter for the settings, or null when they change nothing. */
export function createAugmenter(augmentation: Augmentation, rng: Rng): Augmenter | null {
  if (!isAugmenting(augmentation)) return null;
  const { flip, shift, rotation, noise } = augmentation;
  const geometric = flip || shift > 0 || rotation > 0;
  const symmetric = () => 2 * rng.next() - 1; // uniform in [−1, 1)
  return (images) =>
    tf.tidy(() => {
      const [n, height, width] = images.shape;
      let out: tf.Tensor4D = images;
      if (geometric) {
        const transforms = new Float32Array(n * 8);
        for (let i = 0; i < n; i++) {
          const mirror = flip && rng.next() < 0.5 ? -1 : 1;
          const theta = rotation > 0 ? (symmetric() * rotation * Math.PI) / 180 : 0;
          const tx = shift > 0 ? symmetric() * shift * width : 0;
          const ty = shift > 0 ? symmetric() * shift * height : 0;
          transforms.set(affineTransform(mirror, theta, tx, ty, height, width), i * 8);
        }
        out = transformEach(out, transforms);
      }
      if (noise > 0) out = tf.clipByValue(tf.add(out, tf.randomNormal(out.shape, 0, noise, 'float32', rng.uint32())), 0, 1);
      return out;
    });
}
