/**
 * Image format and declared size from a file's first bytes (PNG, JPEG, GIF, BMP, WebP), in plain
 * TypeScript. Decoding a dropped file costs memory in proportion to its declared pixels, so we read the
 * header first and refuse non-images and images too big to decode safely before the browser sees them.
 * A GIF's size is its screen or its first frame, whichever reaches further (a small screen does not bound it).
 */
import { DataError } from '../errors';
import { crc32 } from './crc32';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
}

/** Decoding limits: a 50-megapixel RGBA bitmap is 200 MB already. */
export const MAX_IMAGE_SIDE = 8192;
export const MAX_IMAGE_PIXELS = 50_000_000;

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'jpe', 'gif', 'bmp', 'webp'];

const MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' };
const FORMAT_NAMES = 'PNG, JPEG, GIF, BMP or WebP';

/** Whether a file name has an image extension (the content is checked separately). */
export function hasImageExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.includes(path.slice(dot + 1).toLowerCase());
}

const be16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const le16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const le24 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const le32s = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
const ascii = (b: Uint8Array, at: number, length: number): string => (b.length >= at + length ? String.fromCharCode(...b.subarray(at, at + length)) : '');

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format by its magic bytes alone, or null when it is none we read. */
export function detectFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  return null;
}

function pngSize(b: Uint8Array): [number, number] | null {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return [be32(b, 16), be32(b, 20)];
}

/** Walks the JPEG segments to the first start-of-frame marker (SOF0–SOF15 except DHT, JPG and DAC). */
function jpegSize(b: Uint8Array): [number, number] | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame
    const length = be16(b, at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > b.length) return null;
      return [be16(b, at + 7), be16(b, at + 5)];
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

function bmpSize(b: Uint8Array): [number, number] | null {
  if (b.length < 26) return null;
  const dibSize = le32s(b, 14);
  if (dibSize === 12) return [le16(b, 18), le16(b, 20)];
  // Negative height means rows are stored top-down; the size is its magnitude.
  return [Math.abs(le32s(b, 18)), Math.abs(le32s(b, 22))];
}

function webpSize(b: Uint8Array): [number, number] | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return [le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff];
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    if (b[20] !== 0x2f) return null;
    const bits = le32s(b, 21) >>> 0;
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X' && b.length >= 30) return [le24(b, 24) + 1, le24(b, 27) + 1];
  return null;
}

/**
 * The first image descriptor's far corner (left + width, top + height), skipping the global colour table and
 * any extension blocks before it; null when the bytes end first or reach something else (the trailer).
 */
function gifFirstFrameExtent(b: Uint8Array): [number, number] | null {
  const packed = b[10]!;
  let at = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 0x07) + 1)) : 0);
  while (at < b.length) {
    if (b[at] === 0x2c) return at + 9 <= b.length ? [le16(b, at + 1) + le16(b, at + 5), le16(b, at + 3) + le16(b, at + 7)] : null;
    if (b[at] !== 0x21) return null;
    at += 2; // introducer and label, then data sub-blocks up to a zero-length one
    while (at < b.length && b[at] !== 0) at += 1 + b[at]!;
    at += 1;
  }
  return null;
}

/**
 * The logical screen, grown to the first frame where that frame reaches beyond it: decoders (Chromium's
 * among them) size the canvas by the first frame, so a 1×1 screen holding a 60,000×60,000 frame is a
 * 60,000×60,000 decode and must meet the same cap.
 */
function gifSize(b: Uint8Array): [number, number] | null {
  if (b.length < 13) return b.length >= 10 ? [le16(b, 6), le16(b, 8)] : null;
  const screen: [number, number] = [le16(b, 6), le16(b, 8)];
  const frame = gifFirstFrameExtent(b);
  return frame ? [Math.max(screen[0], frame[0]), Math.max(screen[1], frame[1])] : screen;
}

const SIZE_READERS: Record<ImageFormat, (b: Uint8Array) => [number, number] | null> = { png: pngSize, jpeg: jpegSize, gif: gifSize, bmp: bmpSize, webp: webpSize };

/** Format, MIME type and declared size, or null when the bytes are not a readable image header. */
export function sniffImage(bytes: Uint8Array): ImageHeader | null {
  const format = detectFormat(bytes);
  if (!format) return null;
  const size = SIZE_READERS[format](bytes);
  return size ? { format, mime: MIME[format], width: size[0], height: size[1] } : null;
}

/** PNG chunk walk: lengths in range, CRCs right, IDAT present, IEND reached; catches cut or scrambled files. */
function pngIsIntact(b: Uint8Array): boolean {
  let at = 8;
  let sawData = false;
  while (at + 12 <= b.length) {
    const length = be32(b, at);
    if (at + 12 + length > b.length) return false;
    const type = ascii(b, at + 4, 4);
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== be32(b, at + 8 + length)) return false;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData;
    at += 12 + length;
  }
  return false;
}

function describeStart(b: Uint8Array): string {
  if (b.length === 0) return 'it is empty';
  const head = b.subarray(0, 64);
  const printable = head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 128);
  return printable ? 'it contains text' : 'its first bytes match no image format';
}

/**
 * Checks a file is an image we may decode: a known format, a readable header, sides and pixel count within
 * the limits and, for PNG, an intact chunk structure. Throws a DataError naming the file and the fix.
 */
export function inspectImage(bytes: Uint8Array, path: string): ImageHeader {
  const format = detectFormat(bytes);
  if (!format) {
    throw new DataError('unsupported-file', `"${path}" is not a ${FORMAT_NAMES} image (${describeStart(bytes)}). Remove it from the dataset or convert it to PNG or JPEG.`);
  }
  const header = sniffImage(bytes);
  const name = format.toUpperCase();
  if (!header) {
    throw new DataError('image-decode-failed', `"${path}" looks like a ${name} file but its header is damaged or cut short. Re-export or re-download it, or remove it.`);
  }
  const { width, height } = header;
  if (width === 0 || height === 0) {
    throw new DataError('image-decode-failed', `"${path}" declares a size of ${width}×${height} pixels, which no image has; the file is damaged. Re-export it or remove it.`);
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new DataError(
      'image-too-large',
      `"${path}" declares ${width.toLocaleString('en-US')}×${height.toLocaleString('en-US')} pixels; Sweeplab decodes images up to ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1e6} megapixels. Shrink it (models here train on small thumbnails anyway) or remove it.`,
    );
  }
  if (format === 'png' && !pngIsIntact(bytes)) {
    throw new DataError('image-decode-failed', `"${path}" is a damaged PNG (its data is cut short or fails its checksums). Re-export or re-download it, or remove it.`);
  }
  return header;
}
