/**
 * Decodes labelled images into ModelData: every image becomes size × size × channels values in [0, 1]
 * (HWC), one row per image. The pixel work is delegated to a decoder (the browser's in the app, a fake in
 * tests) so this module stays pure; it checks each header first, keeps going past a few bad files, and
 * stops with a clear error when most are bad.
 */
import { DataError } from '../errors';
import type { ModelData } from '../types';
import { inspectImage } from './imageHeader';
import type { LabelledImages } from './imageFolder';

export interface DecodeOptions {
  /** Side of the square the images are resized to, e.g. 28, 32 or 64. */
  readonly size: number;
  readonly channels: 1 | 3;
}

/** Returns size × size × channels values in [0, 1], row-major HWC; throws if the image cannot be decoded. */
export type ImageDecoder = (bytes: Uint8Array, mime: string, size: number, channels: 1 | 3) => Promise<Float32Array>;

export interface FailedImage {
  readonly path: string;
  readonly reason: string;
}

export interface DecodedImages {
  readonly data: ModelData;
  /** Images left out because they could not be decoded (fewer than MAX_FAILED_FRACTION of them). */
  readonly failed: readonly FailedImage[];
}

/** Up to this share of images (rounded down) may fail and be left out; more means something is wrong with the set. */
export const MAX_FAILED_FRACTION = 0.05;
/** Float32 values we allow in one dataset (400 MB), so a large folder fails early instead of crashing the tab. */
export const MAX_IMAGE_VALUES = 100_000_000;
export const IMAGE_SIZES: readonly number[] = [16, 28, 32, 48, 64, 96, 128];

function check(options: DecodeOptions, count: number): void {
  if (!Number.isInteger(options.size) || options.size < 1 || options.size > 256) {
    throw new RangeError(`Image size must be an integer from 1 to 256, got ${options.size}`);
  }
  const values = count * options.size * options.size * options.channels;
  if (values > MAX_IMAGE_VALUES) {
    const mb = Math.round((values * 4) / 1024 ** 2);
    throw new DataError(
      'too-large',
      `${count.toLocaleString('en-US')} images at ${options.size}×${options.size}×${options.channels} would need ${mb.toLocaleString('en-US')} MB of memory, more than a browser tab can spare. Choose a smaller image size, greyscale, or fewer images.`,
    );
  }
}

/** The DataError to throw when too many images failed: its code follows the failures' main cause. */
function tooManyFailed(set: LabelledImages, failed: readonly FailedImage[], codes: ReadonlySet<string>, stoppedEarly: boolean): DataError {
  const examples = failed
    .slice(0, 3)
    .map((f) => `"${f.path}" (${f.reason})`)
    .join('; ');
  const code = codes.size === 1 && codes.has('image-too-large') ? 'image-too-large' : 'image-decode-failed';
  return new DataError(
    code,
    `${stoppedEarly ? 'At least ' : ''}${failed.length.toLocaleString('en-US')} of ${set.images.length.toLocaleString('en-US')} images in ${set.source} could not be used, e.g. ${examples}. Convert the images to PNG or JPEG of ordinary size and try again.`,
  );
}

function plainReason(error: unknown): string {
  if (error instanceof DataError) {
    // The DataError message starts with the quoted path; keep only what follows it.
    return error.message.replace(/^"[^"]*" /, '').replace(/\. .*$/, '');
  }
  return error instanceof Error && error.message ? `the browser could not decode it: ${error.message}` : 'the browser could not decode it';
}

/**
 * Decodes every image in `set`. Progress is reported after each image and `signal` is checked between
 * images (abort → DataError 'cancelled').
 */
export async function decodeImages(
  set: LabelledImages,
  options: DecodeOptions,
  decoder: ImageDecoder,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<DecodedImages> {
  const total = set.images.length;
  check(options, total);
  const rowLength = options.size * options.size * options.channels;
  const features = new Float32Array(total * rowLength);
  const targets = new Float32Array(total);
  const failed: FailedImage[] = [];
  const failureCodes = new Set<string>();
  const allowed = Math.floor(total * MAX_FAILED_FRACTION);
  let rows = 0;

  for (let i = 0; i < total; i++) {
    if (signal?.aborted) throw new DataError('cancelled', 'Loading the images was cancelled.');
    const image = set.images[i]!;
    try {
      const header = inspectImage(image.bytes, image.path);
      const pixels = await decoder(image.bytes, header.mime, options.size, options.channels);
      if (pixels.length !== rowLength) throw new Error(`the decoder returned ${pixels.length} values instead of ${rowLength}`);
      for (let j = 0; j < rowLength; j++) {
        const v = pixels[j]!;
        if (!(v >= 0 && v <= 1)) throw new Error(`the decoder returned the value ${v} outside [0, 1]`);
      }
      features.set(pixels, rows * rowLength);
      targets[rows] = image.label;
      rows++;
    } catch (error) {
      failureCodes.add(error instanceof DataError ? error.code : 'decode');
      failed.push({ path: image.path, reason: plainReason(error) });
      // Past the allowance the set is rejected whatever the rest holds, so stop decoding now.
      if (failed.length > allowed) throw tooManyFailed(set, failed, failureCodes, i + 1 < total);
    }
    onProgress?.(i + 1, total);
  }
  const counts = new Array<number>(set.classNames.length).fill(0);
  for (let r = 0; r < rows; r++) counts[targets[r]!]!++;
  const empty = set.classNames.filter((_, c) => counts[c] === 0);
  if (empty.length > 0) {
    throw new DataError('image-decode-failed', `No image of the class "${empty[0]}" in ${set.source} could be decoded (${failed.map((f) => `"${f.path}"`).join(', ')}). Replace those images or remove the folder.`);
  }

  const featureNames = Array.from({ length: rowLength }, (_, j) => `pixel_${j}`);
  const classNames = set.classNames;
  const data: ModelData = {
    numRows: rows,
    numFeatures: rowLength,
    featureNames,
    features: rows === total ? features : features.slice(0, rows * rowLength),
    targets: rows === total ? targets : targets.slice(0, rows),
    task: { kind: classNames.length === 2 ? 'binary' : 'multiclass', target: 'class', classNames },
    input: { kind: 'image', height: options.size, width: options.size, channels: options.channels },
  };
  return { data, failed };
}
