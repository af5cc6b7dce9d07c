import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { decodeImages, type ImageDecoder } from './decodeImages';
import { labelImageFolder, loadImageZip, type FileEntry, type LabelledImages } from './imageFolder';
import { pngHeader, tinyPng, buildZip } from './testFiles';

const deflate = (raw: Uint8Array): Uint8Array => new Uint8Array(deflateSync(raw));
const png = (grey = 100): Uint8Array => tinyPng(grey, deflate);
const file = (path: string, bytes: Uint8Array = png()): FileEntry => ({ path, bytes });
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Stands in for the browser: fills the output with the grey value the test PNG carries in a tEXt chunk. */
const fakeDecoder: ImageDecoder = (bytes, _mime, size, channels) => {
  const marker = new TextDecoder('latin1').decode(bytes).match(/grey\0(\d+);/);
  if (!marker) return Promise.reject(new Error('no pixels'));
  return Promise.resolve(new Float32Array(size * size * channels).fill(Number(marker[1]) / 255));
};

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('labelImageFolder', () => {
  it('labels by the folder holding each image, under a common root, with sorted class names and rows', () => {
    const set = labelImageFolder([file('pets/dogs/2.png'), file('pets/cats/1.png'), file('pets/cats/0.jpg'), file('pets/notes.txt', text('hi')), file('pets/.DS_Store', text('x'))], 'pets');
    expect(set.root).toBe('pets');
    expect(set.classNames).toEqual(['cats', 'dogs']);
    expect(set.images.map((i) => [i.path, i.label])).toEqual([
      ['pets/cats/0.jpg', 0],
      ['pets/cats/1.png', 0],
      ['pets/dogs/2.png', 1],
    ]);
    expect(set.skippedFiles).toBe(1);
    expect(set.skippedExamples).toEqual(['pets/notes.txt']);
  });

  it('accepts class folders at the top level and leaves out images lying in the root', () => {
    const top = labelImageFolder([file('cats/1.png'), file('dogs/2.png'), file('birds/3.png')], 'drop');
    expect(top).toMatchObject({ root: '', classNames: ['birds', 'cats', 'dogs'] });
    const mixed = labelImageFolder([file('data/cover.png'), file('data/a/1.png'), file('data/b/2.png')], 'data');
    expect(mixed.classNames).toEqual(['a', 'b']);
    expect(mixed.unlabelled).toEqual(['data/cover.png']);
    // Deeper folders: the class is the folder directly holding the image.
    const deep = labelImageFolder([file('ds/train/cat/1.png'), file('ds/train/dog/2.png'), file('ds/test/cat/3.png')], 'ds');
    expect(deep.classNames).toEqual(['cat', 'dog']);
    expect(deep.images.filter((i) => i.label === 0)).toHaveLength(2);
  });

  it('explains an empty drop, a drop without images, one class, and too many classes', () => {
    expect(errorOf(() => labelImageFolder([], 'empty.zip'))).toMatchObject({ code: 'no-images', message: expect.stringContaining('is empty') });
    const noImages = errorOf(() => labelImageFolder([file('a/readme.md', text('x')), file('a/data.csv', text('x'))], 'docs'));
    expect(noImages.code).toBe('no-images');
    expect(noImages.message).toContain('2 other files were skipped');
    expect(noImages.message).toContain('its own folder');
    const one = errorOf(() => labelImageFolder([file('pets/cats/1.png'), file('pets/cats/2.png')], 'pets'));
    expect(one).toMatchObject({ code: 'one-class', message: expect.stringContaining('pets/dogs/2.png') });
    expect(one.message).toContain('"pets/cats"');
    const loose = errorOf(() => labelImageFolder([file('1.png'), file('2.png')], 'flat.zip'));
    expect(loose).toMatchObject({ code: 'one-class', message: expect.stringContaining('the top level') });
    const many = Array.from({ length: 101 }, (_, i) => file(`c${i}/x.png`));
    expect(errorOf(() => labelImageFolder(many, 'many'))).toMatchObject({ code: 'too-many-classes', message: expect.stringContaining('at most 100') });
  });

  it('reads a zip, unpacking only the images', async () => {
    const zip = buildZip([
      { name: 'shapes/round/a.png', data: png(10), packed: deflateRawSync(png(10)) },
      { name: 'shapes/square/b.png', data: png(20) },
      { name: 'shapes/LICENSE', data: text('CC0') },
      { name: '__MACOSX/shapes/round/._a.png', data: text('x') },
    ]);
    const set = await loadImageZip(zip, 'shapes.zip');
    expect(set).toMatchObject({ root: 'shapes', classNames: ['round', 'square'], skippedFiles: 1, skippedExamples: ['shapes/LICENSE'] });
  });
});

function twoClassSet(count: number, bad: ReadonlySet<number> = new Set(), badBytes: Uint8Array = text('oops')): LabelledImages {
  const entries = Array.from({ length: count }, (_, i) => file(`set/${i % 2 ? 'b' : 'a'}/${String(i).padStart(3, '0')}.png`, bad.has(i) ? badBytes : png(i)));
  return labelImageFolder(entries, 'set.zip');
}

describe('decodeImages', () => {
  it('builds image ModelData in path order with one row per image', async () => {
    const progress: number[] = [];
    const { data, failed } = await decodeImages(twoClassSet(4), { size: 4, channels: 3 }, fakeDecoder, (done, total) => progress.push(done / total));
    expect(failed).toEqual([]);
    expect(data).toMatchObject({ numRows: 4, numFeatures: 48, input: { kind: 'image', height: 4, width: 4, channels: 3 } });
    expect(data.task).toEqual({ kind: 'binary', target: 'class', classNames: ['a', 'b'] });
    expect(data.featureNames[0]).toBe('pixel_0');
    expect(data.featureNames).toHaveLength(48);
    expect([...data.targets]).toEqual([0, 0, 1, 1]); // a/000, a/002, b/001, b/003
    expect(data.features[0]).toBeCloseTo(0);
    expect(data.features[48]).toBeCloseTo(2 / 255);
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('is multiclass with three classes and greyscale with one channel', async () => {
    const set = labelImageFolder([file('x/1.png'), file('y/2.png'), file('z/3.png')], 'xyz');
    const { data } = await decodeImages(set, { size: 8, channels: 1 }, fakeDecoder);
    expect(data).toMatchObject({ numFeatures: 64, task: { kind: 'multiclass' }, input: { channels: 1 } });
  });

  it('leaves out a few bad images and names them', async () => {
    const { data, failed } = await decodeImages(twoClassSet(40, new Set([5, 6])), { size: 2, channels: 1 }, fakeDecoder);
    expect(data.numRows).toBe(38);
    expect(data.features).toHaveLength(38 * 4);
    expect(failed.map((f) => f.path)).toEqual(['set/a/006.png', 'set/b/005.png']);
    expect(failed[0]!.reason).toContain('is not a PNG');
  });

  it('stops with a clear error when many images fail, and picks the code from the cause', async () => {
    const error = await rejectionOf(decodeImages(twoClassSet(20, new Set([0, 1, 2, 3])), { size: 2, channels: 1 }, fakeDecoder));
    expect(error.code).toBe('image-decode-failed');
    expect(error.message).toMatch(/^At least 2 of 20 images in set\.zip could not be used, e\.g\. "set\/a\/000\.png"/);
    expect(error.message).toContain('Convert the images');
    const huge = await rejectionOf(decodeImages(twoClassSet(4, new Set([0, 1, 2, 3]), pngHeader(99999, 99999)), { size: 2, channels: 1 }, fakeDecoder));
    expect(huge.code).toBe('image-too-large');
    const decoderFails = await rejectionOf(decodeImages(twoClassSet(4), { size: 2, channels: 1 }, () => Promise.reject(new Error('EncodingError'))));
    expect(decoderFails).toMatchObject({ code: 'image-decode-failed', message: expect.stringContaining('EncodingError') });
  });

  it('refuses decoders that return the wrong shape or values outside [0, 1]', async () => {
    const wrong: ImageDecoder = () => Promise.resolve(new Float32Array(3));
    expect((await rejectionOf(decodeImages(twoClassSet(2), { size: 2, channels: 1 }, wrong))).message).toContain('instead of 4');
    const bright: ImageDecoder = (_b, _m, size) => Promise.resolve(new Float32Array(size * size).fill(255));
    expect((await rejectionOf(decodeImages(twoClassSet(2), { size: 2, channels: 1 }, bright))).message).toContain('outside [0, 1]');
  });

  it('refuses sets too large for memory before decoding anything', async () => {
    let calls = 0;
    const counting: ImageDecoder = (...args) => {
      calls++;
      return fakeDecoder(...args);
    };
    const set = twoClassSet(2);
    const big: LabelledImages = { ...set, images: Array.from({ length: 3000 }, (_, i) => ({ ...set.images[i % 2]!, path: `p${i}` })) };
    const error = await rejectionOf(decodeImages(big, { size: 128, channels: 3 }, counting));
    expect(error).toMatchObject({ code: 'too-large', message: expect.stringContaining('smaller image size') });
    expect(calls).toBe(0);
  });

  it('stops between images when cancelled', async () => {
    const controller = new AbortController();
    const slow: ImageDecoder = (...args) => {
      controller.abort(); // the person cancels while the first image decodes
      return fakeDecoder(...args);
    };
    const error = await rejectionOf(decodeImages(twoClassSet(6), { size: 2, channels: 1 }, slow, undefined, controller.signal));
    expect(error).toMatchObject({ code: 'cancelled' });
  });
});
