import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { detectFormat, hasImageExtension, inspectImage, sniffImage } from './imageHeader';
import { bmpHeader, gifHeader, jpegHeader, pngChunk, pngHeader, tinyPng, webpVp8Header, webpVp8lHeader, webpVp8xHeader } from './testFiles';

const deflate = (raw: Uint8Array): Uint8Array => new Uint8Array(deflateSync(raw));

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('sniffImage', () => {
  it.each([
    ['PNG', pngHeader(640, 480), 'png', 'image/png'],
    ['baseline JPEG', jpegHeader(1024, 768), 'jpeg', 'image/jpeg'],
    ['progressive JPEG', jpegHeader(300, 200, 0xc2), 'jpeg', 'image/jpeg'],
    ['GIF', gifHeader(320, 240), 'gif', 'image/gif'],
    ['BMP', bmpHeader(100, 50), 'bmp', 'image/bmp'],
    ['top-down BMP', bmpHeader(100, -50), 'bmp', 'image/bmp'],
    ['lossy WebP', webpVp8Header(550, 368), 'webp', 'image/webp'],
    ['lossless WebP', webpVp8lHeader(16384, 3), 'webp', 'image/webp'],
    ['extended WebP', webpVp8xHeader(20000, 1), 'webp', 'image/webp'],
  ])('reads a %s header', (_label, bytes, format, mime) => {
    const header = sniffImage(bytes);
    expect(header).toMatchObject({ format, mime });
    expect(header!.width).toBeGreaterThan(0);
  });

  it('returns the declared sizes exactly', () => {
    expect(sniffImage(pngHeader(640, 480))).toMatchObject({ width: 640, height: 480 });
    expect(sniffImage(jpegHeader(1024, 768))).toMatchObject({ width: 1024, height: 768 });
    expect(sniffImage(bmpHeader(100, -50))).toMatchObject({ width: 100, height: 50 });
    expect(sniffImage(webpVp8Header(550, 368))).toMatchObject({ width: 550, height: 368 });
    expect(sniffImage(webpVp8lHeader(16384, 3))).toMatchObject({ width: 16384, height: 3 });
    expect(sniffImage(webpVp8xHeader(20000, 1))).toMatchObject({ width: 20000, height: 1 });
  });

  it('skips JPEG fill bytes, restart markers and unrelated segments, and ignores DHT (0xC4) as a frame', () => {
    const dht = [0xff, 0xc4, 0x00, 0x03, 0x00];
    const jpeg = jpegHeader(12, 34);
    const withExtras = Uint8Array.from([0xff, 0xd8, 0xff, 0xff, ...dht, 0xff, 0xd0, ...jpeg.subarray(2)]);
    expect(sniffImage(withExtras)).toMatchObject({ width: 12, height: 34 });
  });

  it('returns null for non-images and for images cut before their size', () => {
    expect(sniffImage(new TextEncoder().encode('hello, world'))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
    expect(detectFormat(jpegHeader(5, 5).subarray(0, 10))).toBe('jpeg');
    expect(sniffImage(jpegHeader(5, 5).subarray(0, 10))).toBeNull();
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull(); // scan before any frame
    expect(sniffImage(pngHeader(5, 5).subarray(0, 20))).toBeNull();
  });

  it('knows image extensions regardless of case', () => {
    expect(hasImageExtension('a/b/Cat.JPG')).toBe(true);
    expect(hasImageExtension('a/b/x.webp')).toBe(true);
    expect(hasImageExtension('a/b/notes.txt')).toBe(false);
    expect(hasImageExtension('a.png/readme')).toBe(false);
  });
});

describe('inspectImage', () => {
  it('accepts a whole small PNG', () => {
    expect(inspectImage(tinyPng(128, deflate), 'a.png')).toMatchObject({ format: 'png', width: 1, height: 1 });
  });

  it('refuses images declaring too many pixels before decoding, saying the limit', () => {
    for (const bytes of [pngHeader(100_000, 100_000), pngHeader(8193, 10), pngHeader(8000, 7000), gifHeader(65535, 65535), webpVp8xHeader(9000, 9000)]) {
      const error = errorOf(() => inspectImage(bytes, 'huge.img'));
      expect(error.code).toBe('image-too-large');
      expect(error.message).toMatch(/up to 8192 pixels a side and 50 megapixels\. Shrink it/);
    }
    expect(inspectImage(Uint8Array.from([...pngHeader(8192, 6000), ...pngChunk('IDAT', new Uint8Array(1)), ...pngChunk('IEND', new Uint8Array(0))]), 'ok.png')).toMatchObject({ width: 8192 });
  });

  it('refuses a GIF whose first frame is over the cap though its screen is small', () => {
    const le16 = (v: number) => [v & 0xff, v >> 8];
    /** GIF89a, a 16×16 screen with a 2-colour global table, a graphic control extension, then one frame. */
    const gif = (frameWidth: number, frameHeight: number, left = 0, top = 0) =>
      Uint8Array.from([
        ...'GIF89a'.split('').map((c) => c.charCodeAt(0)),
        ...le16(16), ...le16(16), 0x80, 0, 0, // screen, global table of 2 colours
        0, 0, 0, 255, 255, 255, // the table
        0x21, 0xf9, 4, 0, 0, 0, 0, 0, // graphic control extension
        0x21, 0xfe, 3, 0x61, 0x62, 0x63, 2, 0x64, 0x65, 0, // a comment in two sub-blocks
        0x2c, ...le16(left), ...le16(top), ...le16(frameWidth), ...le16(frameHeight), 0, // image descriptor
        2, 2, 0x4c, 0x01, 0, 0x3b, // a little LZW data and the trailer
      ]);
    expect(inspectImage(gif(16, 16), 'small.gif')).toMatchObject({ format: 'gif', width: 16, height: 16 });
    expect(inspectImage(gif(8, 8, 4, 4), 'inside.gif')).toMatchObject({ width: 16, height: 16 });
    expect(sniffImage(gif(40, 30, 10, 0))).toMatchObject({ width: 50, height: 30 });
    for (const [bytes, declared] of [[gif(60_000, 60_000), '60,000×60,000'], [gif(10, 10, 8190, 0), '8,200×16'], [gif(8000, 7000), '8,000×7,000']] as const) {
      const error = errorOf(() => inspectImage(bytes, 'bomb.gif'));
      expect(error.code).toBe('image-too-large');
      expect(error.message).toContain(`declares ${declared} pixels`);
    }
    // Cut before the frame: the screen size is all there is to read.
    expect(sniffImage(gif(60_000, 60_000).subarray(0, 30))).toMatchObject({ width: 16, height: 16 });
  });

  it('tells text, damaged headers, zero sizes and scrambled PNGs apart', () => {
    expect(errorOf(() => inspectImage(new TextEncoder().encode('not an image'), 'a.png'))).toMatchObject({ code: 'unsupported-file', message: expect.stringContaining('contains text') });
    expect(errorOf(() => inspectImage(new Uint8Array(0), 'a.png'))).toMatchObject({ code: 'unsupported-file', message: expect.stringContaining('empty') });
    expect(errorOf(() => inspectImage(jpegHeader(5, 5).subarray(0, 10), 'a.jpg'))).toMatchObject({ code: 'image-decode-failed', message: expect.stringContaining('JPEG') });
    expect(errorOf(() => inspectImage(gifHeader(0, 10), 'a.gif'))).toMatchObject({ code: 'image-decode-failed', message: expect.stringContaining('0×10') });
    const png = tinyPng(1, deflate);
    const scrambled = png.slice();
    scrambled[png.length - 20] = scrambled[png.length - 20]! ^ 0xff;
    expect(errorOf(() => inspectImage(scrambled, 'a.png'))).toMatchObject({ code: 'image-decode-failed', message: expect.stringContaining('damaged PNG') });
    expect(errorOf(() => inspectImage(png.subarray(0, png.length - 12), 'a.png')).code).toBe('image-decode-failed'); // no IEND
  });
});
