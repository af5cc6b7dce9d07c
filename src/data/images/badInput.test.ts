/**
 * Every file in tests/fixtures/bad-input/images goes through the entry point the app would use (zips:
 * loadImageZip; image files: inspectImage) and must fail with the expected DataError code and a message
 * that says what to do. The fixtures are committed; `UPDATE_FIXTURES=1 npx vitest run src/data/images/badInput`
 * rewrites them from the recipes below.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError, type DataErrorCode } from '../errors';
import { decodeImages } from './decodeImages';
import { inspectImage } from './imageHeader';
import { labelImageFolder, loadImageZip } from './imageFolder';
import { bmpHeader, buildZip, gifHeader, jpegHeader, pngChunk, pngHeader, tinyPng, webpVp8Header, webpVp8lHeader, webpVp8xHeader } from './testFiles';

const FOLDER = new URL('../../../tests/fixtures/bad-input/images/', import.meta.url);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const png = (grey: number): Uint8Array => tinyPng(grey, (raw) => new Uint8Array(deflateSync(raw)));
const deflated = (name: string, data: Uint8Array) => ({ name, data, packed: new Uint8Array(deflateRawSync(data, { level: 9 })) });
const twoClasses = [
  { name: 'pets/cats/1.png', data: png(1) },
  { name: 'pets/dogs/2.png', data: png(2) },
];

/** Deterministic junk (a 32-bit LCG), so the corrupt PNG is the same every time it is regenerated. */
function junk(length: number): Uint8Array {
  let state = 12345;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}

interface Fixture {
  readonly make: () => Uint8Array;
  readonly code: DataErrorCode;
  /** What the message must say: the problem and the hint of what to do. */
  readonly says: RegExp;
}

const ZIPS: Record<string, Fixture> = {
  'not-a-zip.zip': { make: () => text('name,label\ncat.png,cat\n'), code: 'invalid-zip', says: /is not a zip file\. Choose a \.zip of class folders, or drop the folder itself/ },
  'truncated.zip': { make: () => buildZip(twoClasses).subarray(0, 150), code: 'invalid-zip', says: /cut short\. Download or copy it again/ },
  'bomb-ratio.zip': { make: () => buildZip([{ ...deflated('pets/cats/1.png', new Uint8Array(8 * 1024 * 1024)), declaredSize: 100 }]), code: 'zip-bomb', says: /expands more than 200-fold.*use a zip you trust/ },
  'bomb-declared.zip': {
    make: () => buildZip([{ ...twoClasses[0]!, declaredSize: 0x7fffffff }, { ...twoClasses[1]!, declaredSize: 0x7fffffff }]),
    code: 'zip-bomb',
    says: /says it unpacks to .* MB.*Zip a smaller subset/,
  },
  'bomb-overlap.zip': { make: () => buildZip([twoClasses[0]!, { name: 'pets/dogs/2.png', data: png(1), reuseLocalOf: 0 }]), code: 'zip-bomb', says: /share the same data.*zip the images again/ },
  'traversal.zip': { make: () => buildZip([...twoClasses, { name: '../evil.png', data: png(3) }]), code: 'unsafe-path', says: /outside the archive.*zip just the dataset folder again/ },
  'traversal-backslash.zip': { make: () => buildZip([...twoClasses, { name: 'pets\\..\\..\\evil.png', data: png(3) }]), code: 'unsafe-path', says: /outside the archive.*zip just the dataset folder again/ },
  'absolute-path.zip': { make: () => buildZip([...twoClasses, { name: '/tmp/evil.png', data: png(3) }]), code: 'unsafe-path', says: /absolute path.*zip just the dataset folder again/ },
  'drive-letter.zip': { make: () => buildZip([...twoClasses, { name: 'C:\\evil.png', data: png(3) }]), code: 'unsafe-path', says: /drive letter.*zip just the dataset folder again/ },
  'encrypted.zip': { make: () => buildZip([twoClasses[0]!, { ...twoClasses[1]!, flags: 1 }]), code: 'invalid-zip', says: /password-protected.*zip the folder again without one/ },
  'unsupported-method.zip': { make: () => buildZip([twoClasses[0]!, { ...twoClasses[1]!, method: 14 }]), code: 'invalid-zip', says: /LZMA, which browsers cannot unpack.*zip -r/ },
  'bad-crc.zip': { make: () => buildZip([twoClasses[0]!, { ...twoClasses[1]!, crc: 0xdeadbeef }]), code: 'invalid-zip', says: /fails its checksum.*Download or copy it again/ },
  'zip64.zip': { make: () => buildZip(twoClasses, { zip64Locator: true }), code: 'invalid-zip', says: /ZIP64.*Zip a smaller part/ },
  'empty.zip': { make: () => buildZip([]), code: 'no-images', says: /is empty\. Put each class in its own folder/ },
  'one-class.zip': { make: () => buildZip([twoClasses[0]!, { name: 'pets/cats/2.png', data: png(2) }]), code: 'one-class', says: /in the folder "pets\/cats".*Put each class in its own folder/ },
  'loose-images.zip': { make: () => buildZip([{ name: '1.png', data: png(1) }, { name: '2.png', data: png(2) }]), code: 'one-class', says: /at the top level.*Put each class in its own folder/ },
  'text-only.zip': {
    make: () => buildZip([{ name: 'notes/readme.txt', data: text('hello') }, { name: 'notes/data.csv', data: text('a,b\n1,2\n') }]),
    code: 'no-images',
    says: /contains no images.*2 other files were skipped.*Put each class in its own folder/,
  },
  'too-many-classes.zip': {
    make: () => buildZip(Array.from({ length: 101 }, (_, i) => ({ name: `items/item${String(i).padStart(3, '0')}/1.png`, data: png(i) }))),
    code: 'too-many-classes',
    says: /101 class folders.*Check that each folder is a class/,
  },
};

const TOO_LARGE = /up to 8192 pixels a side and 50 megapixels\. Shrink it/;
const IMAGES: Record<string, Fixture> = {
  'huge-100000x100000.png': { make: () => pngHeader(100_000, 100_000), code: 'image-too-large', says: TOO_LARGE },
  'huge.jpg': { make: () => jpegHeader(65_535, 65_535), code: 'image-too-large', says: TOO_LARGE },
  'huge.gif': { make: () => gifHeader(65_535, 65_535), code: 'image-too-large', says: TOO_LARGE },
  'huge.bmp': { make: () => bmpHeader(100_000, -100_000), code: 'image-too-large', says: TOO_LARGE },
  'huge-vp8.webp': { make: () => webpVp8Header(16_383, 16_383), code: 'image-too-large', says: TOO_LARGE },
  'huge-vp8l.webp': { make: () => webpVp8lHeader(16_384, 16_384), code: 'image-too-large', says: TOO_LARGE },
  'huge-vp8x.webp': { make: () => webpVp8xHeader(100_000, 100_000), code: 'image-too-large', says: TOO_LARGE },
  'corrupt.png': { make: () => Uint8Array.from([...pngHeader(32, 32), ...junk(300)]), code: 'image-decode-failed', says: /damaged PNG.*Re-export or re-download it, or remove it/ },
  'bad-chunk-crc.png': {
    make: () => Uint8Array.from([...pngHeader(1, 1), ...pngChunk('IDAT', junk(20)).map((v, i, a) => (i === a.length - 1 ? v ^ 1 : v)), ...pngChunk('IEND', new Uint8Array(0))]),
    code: 'image-decode-failed',
    says: /damaged PNG.*Re-export or re-download it, or remove it/,
  },
  'text-named.png': { make: () => text('This is a text file with an image extension.\n'), code: 'unsupported-file', says: /contains text.*Remove it from the dataset or convert it to PNG or JPEG/ },
  'empty.png': { make: () => new Uint8Array(0), code: 'unsupported-file', says: /it is empty.*Remove it from the dataset/ },
  'truncated.jpg': { make: () => jpegHeader(64, 64).subarray(0, 12), code: 'image-decode-failed', says: /looks like a JPEG file but its header is damaged or cut short\. Re-export or re-download it/ },
  'zero-size.gif': { make: () => gifHeader(0, 0), code: 'image-decode-failed', says: /0×0 pixels.*Re-export it or remove it/ },
};

const ALL: Record<string, Fixture> = { ...ZIPS, ...IMAGES };
const NOT_FIXTURES = new Set(['README.md']);

async function failureOf(file: string, bytes: Uint8Array): Promise<DataError> {
  try {
    if (file.endsWith('.zip')) await loadImageZip(bytes, file);
    else inspectImage(bytes, file);
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

beforeAll(() => {
  if (!process.env.UPDATE_FIXTURES) return;
  mkdirSync(FOLDER, { recursive: true });
  for (const [file, fixture] of Object.entries(ALL)) writeFileSync(new URL(file, FOLDER), fixture.make());
});

describe('bad image inputs', () => {
  const onDisk = readdirSync(FOLDER).filter((f) => !NOT_FIXTURES.has(f));

  it('has a recipe for every fixture file and a file for every recipe, all listed in the README', () => {
    expect([...onDisk].sort()).toEqual(Object.keys(ALL).sort());
    const readme = readFileSync(new URL('README.md', FOLDER), 'utf8');
    for (const file of onDisk) expect(readme, `${file} missing from README.md`).toContain(`\`${file}\``);
    for (const file of onDisk) expect(readFileSync(new URL(file, FOLDER)).length, file).toBeLessThan(64 * 1024);
  });

  it.each(onDisk.map((f) => [f]))('%s fails with its DataError code and a message that says what to do', async (file) => {
    const fixture = ALL[file];
    expect(fixture, `no expectation for ${file}`).toBeDefined();
    const error = await failureOf(file, new Uint8Array(readFileSync(new URL(file, FOLDER))));
    expect(error.code).toBe(fixture!.code);
    expect(error.message).toMatch(fixture!.says);
    expect(error.message).toContain(file);
  });

  it('a folder made only of the bad images is refused as a whole, naming some of them', async () => {
    const entries = Object.keys(IMAGES).map((file, i) => ({ path: `set/${i % 2 ? 'a' : 'b'}/${file}`, bytes: new Uint8Array(readFileSync(new URL(file, FOLDER))) }));
    const set = labelImageFolder(entries, 'bad-images');
    const error = await decodeImages(set, { size: 8, channels: 1 }, () => Promise.reject(new Error('must not be reached'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'image-decode-failed', message: expect.stringMatching(/could not be used, e\.g\. "set\/.*Convert the images/) });
  });
});
