/**
 * The whole path from dropped images to ModelData, as the image worker runs it: unpack a zip or take a
 * folder's files, label them by class folder, fingerprint the set, and decode every image to the chosen
 * size. "Auto" colour decodes in colour and keeps one grey channel when every image turns out to be grey,
 * so a folder of scans does not cost three times the memory and compute.
 */
import { sha256Hex } from '../fingerprint';
import type { ModelData } from '../types';
import { crc32 } from './crc32';
import { decodeImages, type FailedImage, type ImageDecoder } from './decodeImages';
import { labelImageFolder, loadImageZip, type FileEntry, type LabelledImages } from './imageFolder';

export type ImageSource = { readonly kind: 'zip'; readonly name: string; readonly bytes: Uint8Array } | { readonly kind: 'files'; readonly name: string; readonly entries: readonly FileEntry[] };

export type ColourChoice = 1 | 3 | 'auto';

export interface ImageLoadOptions {
  readonly size: number;
  readonly channels: ColourChoice;
}

export interface ImageLoadProgress {
  readonly stage: 'unpacking' | 'decoding';
  readonly done: number;
  readonly total: number;
}

/** A loaded image dataset with what the person should know about files left out. */
export interface LoadedImages {
  readonly name: string;
  readonly data: ModelData;
  /** SHA-256 over every image's path, size and CRC-32: the same folder or zip always gets the same one. */
  readonly fingerprint: string;
  readonly size: number;
  readonly channels: 1 | 3;
  readonly classCounts: readonly number[];
  readonly failed: readonly FailedImage[];
  readonly skippedFiles: number;
  readonly skippedExamples: readonly string[];
  readonly unlabelled: readonly string[];
  /** Rows the dataset designates as its test split (built-ins with an official test set); null: none. */
  readonly testRows: readonly number[] | null;
}

/** Images per class, in label order. */
export function countClasses(targets: Float32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of targets) counts[label]!++;
  return counts;
}

async function fingerprintOf(set: LabelledImages): Promise<string> {
  const manifest = set.images.map((image) => `${image.path}\t${image.bytes.length}\t${crc32(image.bytes).toString(16)}`).join('\n');
  return sha256Hex(manifest);
}

/** True when every pixel of every image has equal red, green and blue (to 1/255). */
function allGrey(features: Float32Array): boolean {
  for (let i = 0; i < features.length; i += 3) {
    if (Math.abs(features[i]! - features[i + 1]!) > 0.004 || Math.abs(features[i]! - features[i + 2]!) > 0.004) return false;
  }
  return true;
}

function toGrey(data: ModelData): ModelData {
  const pixels = data.features.length / 3;
  const grey = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) grey[p] = data.features[p * 3]!;
  const layout = data.input!.kind === 'image' ? data.input! : null;
  return { ...data, features: grey, numFeatures: data.numFeatures / 3, featureNames: data.featureNames.filter((_, i) => i % 3 === 0), ...(layout ? { input: { ...layout, channels: 1 } } : {}) };
}

export async function loadImageSet(
  source: ImageSource,
  options: ImageLoadOptions,
  decoder: ImageDecoder,
  onProgress?: (progress: ImageLoadProgress) => void,
  signal?: AbortSignal,
): Promise<LoadedImages> {
  const set =
    source.kind === 'zip'
      ? await loadImageZip(source.bytes, source.name, { ...(signal ? { signal } : {}), onProgress: (done, total) => onProgress?.({ stage: 'unpacking', done, total }) })
      : labelImageFolder(source.entries, source.name);
  const fingerprint = await fingerprintOf(set);
  const decodeChannels = options.channels === 'auto' ? 3 : options.channels;
  const decoded = await decodeImages(set, { size: options.size, channels: decodeChannels }, decoder, (done, total) => onProgress?.({ stage: 'decoding', done, total }), signal);
  const data = options.channels === 'auto' && allGrey(decoded.data.features) ? toGrey(decoded.data) : decoded.data;
  const classCounts = countClasses(data.targets, data.task.classNames.length);
  return {
    name: source.name,
    data,
    fingerprint,
    size: options.size,
    channels: data.input?.kind === 'image' ? data.input.channels : decodeChannels,
    classCounts,
    failed: decoded.failed,
    skippedFiles: set.skippedFiles,
    skippedExamples: set.skippedExamples,
    unlabelled: set.unlabelled,
    testRows: null,
  };
}
