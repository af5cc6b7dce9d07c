/**
 * Test support: writes zip archives and image headers by hand, including broken and hostile ones, for the
 * unit tests and the bad-input fixtures. Every zip header field can be overridden so a test can lie in
 * exactly one place. Compression is the caller's (Node's zlib in tests), which keeps this module
 * dependency-free and out of the app bundle (nothing in the app imports it).
 */
import { crc32 } from './crc32';

export interface TestZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Bytes stored in the archive; default: `data` itself (stored). */
  readonly packed?: Uint8Array;
  /** Default: 8 when `packed` is given, else 0. */
  readonly method?: number;
  readonly flags?: number;
  /** Header lies: declared uncompressed size and CRC (default: the truth). */
  readonly declaredSize?: number;
  readonly crc?: number;
  /** Point this entry's central record at another entry's local header (overlapping-entries bombs). */
  readonly reuseLocalOf?: number;
}

export interface TestZipOptions {
  /** Overrides for the end-of-central-directory record. */
  readonly entryCount?: number;
  readonly zip64Locator?: boolean;
}

class Writer {
  private readonly parts: number[] = [];
  get length(): number {
    return this.parts.length;
  }
  u16(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  bytes(b: Uint8Array): this {
    for (const v of b) this.parts.push(v);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function buildZip(entries: readonly TestZipEntry[], options: TestZipOptions = {}): Uint8Array {
  const out = new Writer();
  const offsets: number[] = [];
  const encoded = entries.map((e) => new TextEncoder().encode(e.name));
  entries.forEach((entry, i) => {
    offsets.push(out.length);
    if (entry.reuseLocalOf !== undefined) return;
    const packed = entry.packed ?? entry.data;
    out
      .u32(0x04034b50)
      .u16(20)
      .u16(entry.flags ?? 0)
      .u16(entry.method ?? (entry.packed ? 8 : 0))
      .u16(0)
      .u16(0x21)
      .u32(entry.crc ?? crc32(entry.data))
      .u32(packed.length)
      .u32(entry.declaredSize ?? entry.data.length)
      .u16(encoded[i]!.length)
      .u16(0)
      .bytes(encoded[i]!)
      .bytes(packed);
  });
  const dirStart = out.length;
  entries.forEach((entry, i) => {
    const source = entry.reuseLocalOf !== undefined ? entries[entry.reuseLocalOf]! : entry;
    const packed = source.packed ?? source.data;
    out
      .u32(0x02014b50)
      .u16(20)
      .u16(20)
      .u16(entry.flags ?? 0)
      .u16(source.method ?? (source.packed ? 8 : 0))
      .u16(0)
      .u16(0x21)
      .u32(entry.crc ?? crc32(source.data))
      .u32(packed.length)
      .u32(entry.declaredSize ?? source.data.length)
      .u16(encoded[i]!.length)
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(offsets[entry.reuseLocalOf ?? i]!)
      .bytes(encoded[i]!);
  });
  const dirSize = out.length - dirStart;
  if (options.zip64Locator) out.u32(0x07064b50).u32(0).u32(0).u32(0).u32(1);
  const count = options.entryCount ?? entries.length;
  out.u32(0x06054b50).u16(0).u16(0).u16(count).u16(count).u32(dirSize).u32(dirStart).u16(0);
  return out.done();
}

/** A PNG chunk with its length and CRC. */
export function pngChunk(type: string, body: Uint8Array): Uint8Array {
  const typed = new Uint8Array([...new TextEncoder().encode(type), ...body]);
  const be = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  return Uint8Array.from([...be(body.length), ...typed, ...be(crc32(typed))]);
}

/** A PNG signature + IHDR declaring width × height (8-bit grey); add IDAT/IEND chunks for a whole file. */
export function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...pngChunk('IHDR', ihdr)]);
}

/**
 * A structurally valid 1×1 grey PNG whose pixel value is `grey`; `deflate` must be zlib (not raw) deflate.
 * The fake decoders in tests read the value back from a tEXt chunk instead of inflating.
 */
export function tinyPng(grey: number, deflate: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const idat = deflate(new Uint8Array([0, grey]));
  return Uint8Array.from([
    ...pngHeader(1, 1),
    ...pngChunk('tEXt', new TextEncoder().encode(`grey\0${grey};`)),
    ...pngChunk('IDAT', idat),
    ...pngChunk('IEND', new Uint8Array(0)),
  ]);
}

const le16 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff];
const le32 = (v: number): number[] => [...le16(v & 0xffff), ...le16((v >>> 16) & 0xffff)];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** A baseline JPEG's first segments: SOI, a JFIF APP0, then a start-of-frame of the given type and size. */
export function jpegHeader(width: number, height: number, sofMarker = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dqt = [0xff, 0xdb, 0x00, 0x04, 0x00, 0x01];
  const sof = [0xff, sofMarker, 0x00, 0x0b, 8, (height >>> 8) & 0xff, height & 0xff, (width >>> 8) & 0xff, width & 0xff, 1, 1, 0x11, 0];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, ...dqt, ...sof, 0xff, 0xda, 0x00, 0x02]);
}

export function gifHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([...ascii('GIF89a'), ...le16(width), ...le16(height), 0, 0, 0]);
}

/** A BMP file header + BITMAPINFOHEADER (40 bytes); a negative height means top-down rows. */
export function bmpHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([...ascii('BM'), ...le32(54), 0, 0, 0, 0, ...le32(54), ...le32(40), ...le32(width), ...le32(height), ...le16(1), ...le16(24), ...new Array<number>(24).fill(0)]);
}

function riff(chunk: string, body: number[]): Uint8Array {
  return Uint8Array.from([...ascii('RIFF'), ...le32(4 + 8 + body.length), ...ascii('WEBP'), ...ascii(chunk), ...le32(body.length), ...body]);
}

/** Lossy WebP: a VP8 key frame header (14-bit sides). */
export function webpVp8Header(width: number, height: number): Uint8Array {
  return riff('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, ...le16(width), ...le16(height), 0, 0]);
}

/** Lossless WebP: signature 0x2f, then width−1 and height−1 in 14 bits each. */
export function webpVp8lHeader(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return riff('VP8L', [0x2f, ...le32(bits), 0]);
}

/** Extended WebP: canvas width−1 and height−1 in 24 bits each. */
export function webpVp8xHeader(width: number, height: number): Uint8Array {
  const w = width - 1;
  const h = height - 1;
  return riff('VP8X', [0, 0, 0, 0, w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]);
}
