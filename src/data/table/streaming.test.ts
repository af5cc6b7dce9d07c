import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelimitedParser, parseDelimited, type RawTable } from '../csv';
import { DataError } from '../errors';
import { loadTable, loadTableFromFile, prepareForTarget } from '../tableDataset';
import { cellText, tableFromRows } from './columnar';
import { Sha256 } from './sha256';
import { packTable, unpackTable } from './transfer';

/** Parses `text` fed in the given chunk sizes. */
function parseChunked(text: string, sizes: readonly number[]): RawTable {
  let columns: readonly string[] = [];
  const rows: string[][] = [];
  const parser = new DelimitedParser('chunks.csv', { header: (names) => (columns = names), row: (fields) => rows.push([...fields]) });
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    parser.push(text.slice(at, at + size));
    at += size;
  }
  parser.finish();
  return { columns, rows, delimiter: '' };
}

const outcome = (run: () => RawTable) => {
  try {
    const { columns, rows } = run();
    return { columns, rows };
  } catch (error) {
    return { code: (error as DataError).code, message: (error as DataError).message };
  }
};

describe('incremental parsing', () => {
  it('gives the same rows or the same error however the text is cut into chunks', () => {
    const unit = fc.constantFrom('a', '1', ',', '\t', '"', '\n', '\r', ' ', 'é', '\r\n');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), (text, sizes) => {
        expect(outcome(() => parseChunked(text, sizes))).toEqual(outcome(() => parseDelimited(text, 'chunks.csv')));
      }),
      { numRuns: 800, seed: 3 },
    );
  });

  it('counts lines across chunks for an unterminated quote and rows for ragged ones', () => {
    expect(outcome(() => parseChunked('a,b\n1,2\n3,"x\ny\n', [2]))).toMatchObject({ code: 'unterminated-quote', message: expect.stringContaining('line 3') });
    expect(outcome(() => parseChunked('a,b\r\n1,2\r\n\r\n3,4,5\r\n', [3]))).toMatchObject({ code: 'ragged-row', message: expect.stringContaining('Row 3') });
  });

  it('never throws anything but a DataError and finishes on random bytes read as a file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          await loadTableFromFile(new Blob([bytes]), 'random.csv');
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('the columnar table', () => {
  it('keeps numbers as numbers, text as codes, and the text of numbers written unusually', () => {
    const table = tableFromRows(['n', 't', 'z'], [['1', 'red', '007'], [' 2.5 ', 'NA', '7.0'], ['', 'blue', '?'], ['3', 'red', '7.0']], ',');
    expect(table.data[0]).toMatchObject({ type: 'number', text: null });
    expect([...(table.data[0] as { values: Float64Array }).values]).toEqual([1, 2.5, Number.NaN, 3]);
    expect(table.data[1]).toMatchObject({ type: 'text', levels: ['red', 'blue'] });
    expect(table.data[2]).toMatchObject({ type: 'number', text: { levels: ['007', '7.0'] } });
    expect([0, 1, 2, 3].map((r) => cellText(table.data[2]!, r))).toEqual(['007', '7.0', '', '7.0']);
  });

  it('turns a number column into text at its first word, keeping the earlier cells as written', () => {
    const rows = [...Array.from({ length: 300 }, (_, i) => [String(i % 5 === 0 ? `${i}.0` : i)]), ['n/a'], ['many']];
    const column = tableFromRows(['x'], rows, ',').data[0]!;
    expect(column.type).toBe('text');
    expect(cellText(column, 5)).toBe('5'); // past the 255 remembered values the number prints itself
    expect(cellText(column, 300)).toBe('');
    expect(cellText(column, 301)).toBe('many');
  });

  it('survives packing for the worker boundary', async () => {
    const table = await loadTable('a,b,c\n1,x,1.0\n2,y,2\n3,,1.0\n', 't.csv');
    const { packed, transfer } = packTable(table);
    expect(transfer.length).toBeGreaterThan(0);
    const back = unpackTable(structuredClone(packed));
    expect(back.raw.data).toEqual(table.raw.data);
  });
});

describe('reading files', () => {
  const iris = readFileSync(new URL('../../../public/datasets/iris.csv', import.meta.url));

  it('streams a file to the same table and the same fingerprint as the text', async () => {
    const fromText = await loadTable(iris.toString('utf8'), 'iris.csv');
    const progress: number[] = [];
    const fromFile = await loadTableFromFile(new Blob([iris]), 'iris.csv', { onProgress: (p) => progress.push(p.bytesRead) });
    expect(fromFile.fingerprint).toBe('0ba79ae755c686ee02dfe1d2943772a46ded2433c4fde6dd7ad3b01c41ff5d3d');
    expect(fromFile.raw.data).toEqual(fromText.raw.data);
    expect(fromFile.profiles).toEqual(fromText.profiles);
    expect(progress.at(-1)).toBe(iris.length);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadTableFromFile(new Blob([iris]), 'iris.csv', { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('hashes like SHA-256 at every length and chunking', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 255);
      const hash = new Sha256();
      hash.update(bytes.subarray(0, length >> 1));
      hash.update(bytes.subarray(length >> 1));
      expect(hash.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});

describe('fitting the encoding on training rows', () => {
  it('takes fill values and levels from the fit rows only, and encodes every row', async () => {
    const table = await loadTable('x,colour,label\n1,red,a\n3,red,b\n,red,a\n100,blue,b\n100,blue,a\n100,blue,b\n5,green,a\n', 'f.csv');
    const all = prepareForTarget(table, 'label');
    expect(all.data.featureNames).toEqual(['x', 'x=missing', 'colour=blue', 'colour=red', 'colour=(other)']);
    const fitted = prepareForTarget(table, 'label', undefined, 'auto', [0, 1, 2, 6]);
    // Fit rows: x = 1, 3, missing, 5 → mean 3; colour: red ×3 kept, green pooled, blue unseen → (other).
    expect(fitted.data.featureNames).toEqual(['x', 'x=missing', 'colour=red', 'colour=(other)']);
    expect(fitted.data.numRows).toBe(7);
    const row = (r: number) => [...fitted.data.features.slice(r * 4, r * 4 + 4)];
    expect(row(2)).toEqual([3, 1, 1, 0]);
    expect(row(3)).toEqual([100, 0, 0, 1]);
    expect(fitted.task).toEqual(all.task);
  });
});
