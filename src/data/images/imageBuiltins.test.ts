import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { BUILTIN_DATASETS } from '../builtins';
import { encodeImageBundle, loadImageBundle, parseImageBundle } from './imageBuiltins';

const datasets = new URL('../../../public/datasets/', import.meta.url);
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(file, datasets)));

describe('the built-in image bundles', () => {
  it('Digits holds the 1,797 rows of digits.csv as 8×8 grey images scaled from 0–16 to [0, 1]', async () => {
    const { data, testRows } = await loadImageBundle(read('digits-images.bin.gz'));
    expect(data).toMatchObject({ numRows: 1797, numFeatures: 64, input: { kind: 'image', height: 8, width: 8, channels: 1 } });
    expect(data.task).toEqual({ kind: 'multiclass', target: 'class', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    expect(testRows).toEqual([]);
    const csv = readFileSync(new URL('digits.csv', datasets), 'utf8').trim().split('\n').slice(1);
    for (const r of [0, 1, 500, 1796]) {
      const values = csv[r]!.split(',').map(Number);
      expect([...data.features.subarray(r * 64, r * 64 + 64)]).toEqual(values.slice(0, 64).map((v) => Math.fround(v / 16)));
      expect(data.targets[r]).toBe(values[64]);
    }
    expect(Math.max(...data.features)).toBe(1);
  });

  it('Fashion-MNIST holds 800 training and 100 test images per class, the test rows last', async () => {
    const bytes = read('fashion-mnist-9k.bin.gz');
    expect(bytes.length).toBeLessThan(4 * 1024 * 1024);
    const { data, testRows } = await loadImageBundle(bytes);
    expect(data).toMatchObject({ numRows: 9000, numFeatures: 784, input: { kind: 'image', height: 28, width: 28, channels: 1 } });
    expect(data.task.classNames).toHaveLength(10);
    expect(data.task.classNames[9]).toBe('Ankle boot');
    expect(testRows).toHaveLength(1000);
    expect(testRows[0]).toBe(8000);
    expect(testRows[999]).toBe(8999);
    const counts = (from: number, to: number): number[] => {
      const c = new Array<number>(10).fill(0);
      for (let r = from; r < to; r++) c[data.targets[r]!]!++;
      return c;
    };
    expect(counts(0, 8000)).toEqual(new Array(10).fill(800));
    expect(counts(8000, 9000)).toEqual(new Array(10).fill(100));
    expect(Math.min(...data.features.subarray(0, 784 * 10))).toBe(0);
    expect(Math.max(...data.features.subarray(0, 784 * 10))).toBe(1);
  });

  it('lists both files and every listed file exists', () => {
    for (const builtin of BUILTIN_DATASETS.filter((d) => d.kind === 'images')) expect(read(builtin.file).length).toBeGreaterThan(1000);
  });

  it('reads a bundle the server already decompressed (Content-Encoding: gzip)', async () => {
    const plain = new Uint8Array(gunzipSync(read('digits-images.bin.gz')));
    expect((await loadImageBundle(plain)).data.numRows).toBe(1797);
  });
});

describe('parseImageBundle', () => {
  const header = { channels: 3 as const, height: 1, width: 2, pixelMax: 255, classNames: ['no', 'yes'], numRows: 2, numTest: 1 };
  const labels = Uint8Array.from([1, 0]);
  const pixels = Uint8Array.from([0, 51, 255, 0, 0, 0, 1, 2, 3, 4, 5, 6]);

  it('round-trips what encodeImageBundle writes', () => {
    const { data, testRows } = parseImageBundle(encodeImageBundle(header, labels, pixels));
    expect(data).toMatchObject({ numRows: 2, numFeatures: 6, task: { kind: 'binary', classNames: ['no', 'yes'] }, input: { kind: 'image', height: 1, width: 2, channels: 3 } });
    expect([...data.targets]).toEqual([1, 0]);
    expect(data.features[1]).toBeCloseTo(0.2);
    expect(data.features[2]).toBe(1);
    expect(testRows).toEqual([1]);
  });

  it('refuses damaged bundles with a DataError', async () => {
    const good = encodeImageBundle(header, labels, pixels);
    const cases = [good.subarray(0, good.length - 1), new TextEncoder().encode('<!doctype html>'), encodeImageBundle(header, Uint8Array.from([1, 7]), pixels)];
    for (const bytes of cases) expect(() => parseImageBundle(bytes)).toThrow(DataError);
    await expect(loadImageBundle(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]))).rejects.toThrow(/not valid gzip/);
  });
});
