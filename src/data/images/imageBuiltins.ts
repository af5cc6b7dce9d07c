/**
 * The built-in image datasets and their file format, a "Sweeplab image bundle": a small header, the
 * class names, one uint8 label per image and uint8 pixels, gzip-compressed. It is written by
 * scripts/make-image-datasets.ts and read here in the browser with DecompressionStream('gzip').
 *
 * Layout before compression (little-endian):
 *   0  "SLIB"            magic
 *   4  u8  version       1
 *   5  u8  channels      1 or 3
 *   6  u16 height, 8 u16 width
 *  10  u8  pixelMax      a stored value v means v / pixelMax (16 for Digits, 255 for Fashion-MNIST)
 *  11  u8  numClasses
 *  12  u32 numRows
 *  16  u32 numTest       the last numTest rows are the designated test split (0: none)
 *  20  u16 namesLength, then the class names as UTF-8 joined by '\n'
 *      then numRows u8 labels, then numRows × height × width × channels u8 pixels (HWC)
 */
import { DataError } from '../errors';
import type { ModelData } from '../types';

export interface ImageBundle {
  readonly data: ModelData;
  /**
   * Rows set aside as the test split by the dataset's authors (Fashion-MNIST's official test images),
   * ascending; empty when the dataset has none and the app should make its own split.
   */
  readonly testRows: readonly number[];
}

export interface BundleHeader {
  readonly channels: 1 | 3;
  readonly height: number;
  readonly width: number;
  readonly pixelMax: number;
  readonly classNames: readonly string[];
  readonly numRows: number;
  readonly numTest: number;
}

const MAGIC = 'SLIB';
const VERSION = 1;
const FIXED_HEADER = 22;

/** Serialises a bundle (uncompressed); the generator script gzips the result. */
export function encodeImageBundle(header: BundleHeader, labels: Uint8Array, pixels: Uint8Array): Uint8Array {
  const names = new TextEncoder().encode(header.classNames.join('\n'));
  const out = new Uint8Array(FIXED_HEADER + names.length + labels.length + pixels.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint8(4, VERSION);
  view.setUint8(5, header.channels);
  view.setUint16(6, header.height, true);
  view.setUint16(8, header.width, true);
  view.setUint8(10, header.pixelMax);
  view.setUint8(11, header.classNames.length);
  view.setUint32(12, header.numRows, true);
  view.setUint32(16, header.numTest, true);
  view.setUint16(20, names.length, true);
  out.set(names, FIXED_HEADER);
  out.set(labels, FIXED_HEADER + names.length);
  out.set(pixels, FIXED_HEADER + names.length + labels.length);
  return out;
}

function bad(what: string): DataError {
  return new DataError('unsupported-file', `This image bundle ${what}. Reload the page; if it persists, the built-in dataset files on the server are damaged.`);
}

/** Parses an uncompressed bundle into ModelData with an image layout. */
export function parseImageBundle(bytes: Uint8Array): ImageBundle {
  if (bytes.length < FIXED_HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw bad('is not a Sweeplab image bundle');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(4) !== VERSION) throw bad(`has version ${view.getUint8(4)}, which this version of Sweeplab does not read`);
  const channels = view.getUint8(5);
  const height = view.getUint16(6, true);
  const width = view.getUint16(8, true);
  const pixelMax = view.getUint8(10);
  const numClasses = view.getUint8(11);
  const numRows = view.getUint32(12, true);
  const numTest = view.getUint32(16, true);
  const namesLength = view.getUint16(20, true);
  if ((channels !== 1 && channels !== 3) || height === 0 || width === 0 || pixelMax === 0 || numTest > numRows) throw bad('has an invalid header');
  const rowLength = height * width * channels;
  const labelsAt = FIXED_HEADER + namesLength;
  const pixelsAt = labelsAt + numRows;
  if (bytes.length !== pixelsAt + numRows * rowLength) throw bad(`is ${bytes.length} bytes long instead of ${pixelsAt + numRows * rowLength}`);
  const classNames = new TextDecoder().decode(bytes.subarray(FIXED_HEADER, labelsAt)).split('\n');
  if (classNames.length !== numClasses || numClasses < 2) throw bad('lists the wrong number of class names');

  const targets = new Float32Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const label = bytes[labelsAt + r]!;
    if (label >= numClasses) throw bad(`has label ${label} in row ${r}, beyond its ${numClasses} classes`);
    targets[r] = label;
  }
  const features = new Float32Array(numRows * rowLength);
  const scale = 1 / pixelMax;
  for (let i = 0; i < features.length; i++) features[i] = Math.min(1, bytes[pixelsAt + i]! * scale);

  const data: ModelData = {
    numRows,
    numFeatures: rowLength,
    featureNames: Array.from({ length: rowLength }, (_, j) => `pixel_${j}`),
    features,
    targets,
    task: { kind: numClasses === 2 ? 'binary' : 'multiclass', target: 'class', classNames },
    input: { kind: 'image', height, width, channels },
  };
  const testRows = Array.from({ length: numTest }, (_, k) => numRows - numTest + k);
  return { data, testRows };
}

/** Gunzips (unless the server already did, via Content-Encoding) and parses a bundle as fetched. */
export async function loadImageBundle(fetched: Uint8Array | ArrayBuffer): Promise<ImageBundle> {
  const bytes = fetched instanceof Uint8Array ? fetched : new Uint8Array(fetched);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return parseImageBundle(bytes);
  let plain: Uint8Array;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    plain = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw bad('is not valid gzip data');
  }
  return parseImageBundle(plain);
}
