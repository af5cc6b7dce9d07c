import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { crc32 } from './crc32';
import { buildZip } from './testFiles';
import { normaliseZipPath, readZip } from './zip';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const deflated = (name: string, data: Uint8Array): { name: string; data: Uint8Array; packed: Uint8Array } => ({ name, data, packed: deflateRawSync(data) });

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('crc32', () => {
  it('matches the standard check value and can continue from a previous result', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(text('6789'), crc32(text('12345')))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('readZip', () => {
  it('reads stored and deflated entries, skips directories and OS junk, and applies the include filter', async () => {
    const big = text('pixels '.repeat(5000));
    const zip = buildZip([
      { name: 'pets/', data: new Uint8Array(0) },
      { name: 'pets/cats/a.png', data: text('stored bytes') },
      deflated('pets/dogs/b.png', big),
      { name: '__MACOSX/pets/cats/._a.png', data: text('resource fork') },
      { name: 'pets/.DS_Store', data: text('x') },
      { name: 'pets/Thumbs.db', data: text('x') },
      { name: 'pets/readme.txt', data: text('hello') },
    ]);
    const progress: string[] = [];
    const { entries, skipped } = await readZip(zip, 'pets.zip', { include: (p) => p.endsWith('.png'), onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(progress).toEqual(['1/2', '2/2']);
    expect(entries.map((e) => e.path)).toEqual(['pets/cats/a.png', 'pets/dogs/b.png']);
    expect(new TextDecoder().decode(entries[0]!.bytes)).toBe('stored bytes');
    expect(entries[1]!.bytes).toEqual(big);
    expect(skipped).toEqual(['pets/readme.txt']);
    // An ArrayBuffer works as well as a Uint8Array.
    const again = await readZip(zip.slice().buffer, 'pets.zip');
    expect(again.entries).toHaveLength(3);
  });

  it('finds the end record behind a comment and reads UTF-8 and backslash names', async () => {
    const zip = buildZip([{ name: 'chats\\été.png', data: text('x') }]);
    const comment = text('a zip comment');
    const withComment = new Uint8Array(zip.length + comment.length);
    withComment.set(zip);
    withComment.set(comment, zip.length);
    withComment[zip.length - 2] = comment.length; // the comment length field of the end record
    const { entries } = await readZip(withComment, 'c.zip');
    expect(entries.map((e) => e.path)).toEqual(['chats/été.png']);
  });

  it('refuses files that are not zips, and cut-short zips', async () => {
    expect(await codeOf(readZip(text('name,value\n1,2\n'), 'data.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('not a zip') });
    const zip = buildZip([deflated('a/1.png', text('x'.repeat(1000)))]);
    const cut = await codeOf(readZip(zip.subarray(0, zip.length - 10), 'cut.zip'));
    expect(cut).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('again') });
  });

  it('checks CRC-32 and declared sizes of what it unpacks', async () => {
    expect(await codeOf(readZip(buildZip([{ name: 'a.png', data: text('abc'), crc: 1234 }]), 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('checksum') });
    const liar = buildZip([{ ...deflated('a.png', text('abcdef')), declaredSize: 5 }]);
    expect(await codeOf(readZip(liar, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('header says 5') });
    const corrupt = buildZip([{ name: 'a.png', data: text('abc'), packed: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }]);
    expect(await codeOf(readZip(corrupt, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('does not unpack') });
  });

  it('refuses encrypted entries and compression methods browsers lack, but only for files it would unpack', async () => {
    const encrypted = buildZip([{ name: 'a/1.png', data: text('x'), flags: 1 }]);
    expect(await codeOf(readZip(encrypted, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('password') });
    const lzma = buildZip([{ name: 'a/1.png', data: text('x'), method: 14 }]);
    expect(await codeOf(readZip(lzma, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('LZMA') });
    const { skipped } = await readZip(encrypted, 'z.zip', { include: () => false });
    expect(skipped).toEqual(['a/1.png']);
  });

  it('refuses ZIP64 and split archives', async () => {
    const zip64 = buildZip([{ name: 'a.png', data: text('x') }], { zip64Locator: true });
    expect(await codeOf(readZip(zip64, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('ZIP64') });
    const split = buildZip([{ name: 'a.png', data: text('x') }]);
    split[split.length - 18] = 1; // "number of this disk"
    expect(await codeOf(readZip(split, 'z.zip'))).toMatchObject({ code: 'invalid-zip', message: expect.stringContaining('split') });
  });

  it.each([
    ['../evil.png', 'outside'],
    ['cats/../../evil.png', 'outside'],
    ['..\\evil.png', 'outside'],
    ['/etc/evil.png', 'absolute'],
    ['\\\\server\\share\\evil.png', 'absolute'],
    ['C:/evil.png', 'drive letter'],
    ['a\0b.png', 'NUL'],
  ])('refuses the unsafe path %j', async (name, why) => {
    const result = await codeOf(readZip(buildZip([{ name, data: text('x') }]), 'z.zip'));
    expect(result.code).toBe('unsafe-path');
    expect(result.message).toContain(why);
    expect(result.message).toContain('zip just the dataset folder again');
  });

  it('normalises harmless path quirks', () => {
    expect(normaliseZipPath('./a//b/./c.png', 'z')).toBe('a/b/c.png');
    expect(normaliseZipPath('a\\b.png', 'z')).toBe('a/b.png');
    expect(normaliseZipPath('a..b/c..png', 'z')).toBe('a..b/c..png');
  });

  it('stops inflating an entry that expands far beyond its packed size, whatever its header claims', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = buildZip([{ ...deflated('a/1.png', zeros), declaredSize: 100 }]);
    const result = await codeOf(readZip(bomb, 'bomb.zip'));
    expect(result).toMatchObject({ code: 'zip-bomb', message: expect.stringContaining('200-fold') });
  });

  it('lets small entries compress well (blank images do) but enforces the total while inflating', async () => {
    const blank = new Uint8Array(200_000);
    const zip = buildZip([deflated('a/1.bmp', blank), deflated('a/2.bmp', blank)]);
    expect((await readZip(zip, 'z.zip')).entries).toHaveLength(2);
    // Declared sizes are truthful here, so only the running total can stop it.
    const result = await codeOf(readZip(zip, 'z.zip', { limits: { maxTotalBytes: 300_000 } }));
    expect(result).toMatchObject({ code: 'zip-bomb', message: expect.stringContaining('more than') });
    // A lying declared size does not get past the running total either: inflation stops at the limit.
    const liar = buildZip([{ ...deflated('a/1.bmp', new Uint8Array(400_000)), declaredSize: 10 }]);
    expect((await codeOf(readZip(liar, 'z.zip', { limits: { maxTotalBytes: 300_000 } }))).code).toBe('zip-bomb');
  });

  it('refuses archives whose declared total is too large before unpacking anything', async () => {
    const zip = buildZip([
      { name: 'a/1.png', data: text('x'), declaredSize: 0x7fffffff },
      { name: 'a/2.png', data: text('y'), declaredSize: 0x7fffffff },
    ]);
    expect(await codeOf(readZip(zip, 'z.zip'))).toMatchObject({ code: 'zip-bomb', message: expect.stringContaining('says it unpacks to') });
  });

  it('refuses entries that share their data (overlapping-file bombs) and too many entries', async () => {
    const shared = buildZip([deflated('a/1.png', text('x'.repeat(100))), { name: 'a/2.png', data: text('x'.repeat(100)), reuseLocalOf: 0 }]);
    expect(await codeOf(readZip(shared, 'z.zip'))).toMatchObject({ code: 'zip-bomb', message: expect.stringContaining('share the same data') });
    const many = buildZip([{ name: 'a.png', data: text('x') }, { name: 'b.png', data: text('x') }]);
    expect(await codeOf(readZip(many, 'z.zip', { limits: { maxEntries: 1 } }))).toMatchObject({ code: 'too-large', message: expect.stringContaining('smaller subset') });
  });

  it('stops between entries when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const zip = buildZip([{ name: 'a.png', data: text('x') }]);
    expect((await codeOf(readZip(zip, 'z.zip', { signal: controller.signal }))).code).toBe('cancelled');
  });
});
