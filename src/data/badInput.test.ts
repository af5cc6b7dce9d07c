/**
 * The bad-input corpus (tests/fixtures/bad-input/tables, described in its README): every file goes through the
 * streaming loader the data worker runs and, where the trouble shows only at target selection, through
 * prepareForTarget with the named target. Each must fail with its DataError code and a telling message, or
 * load (with the expected warning). Random bytes and strings never produce another kind of error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from './csv';
import { DataError, type DataErrorCode } from './errors';
import { loadTableFromFile, prepareForTarget, type LoadedTable } from './tableDataset';

const DIR = new URL('../../tests/fixtures/bad-input/tables/', import.meta.url);
const load = (file: string) => loadTableFromFile(new Blob([readFileSync(new URL(file, DIR))]), file);

/** The load fails with this code and a message containing the phrase. */
const fails: [string, DataErrorCode, string][] = [
  ['empty.csv', 'empty-file', 'is empty'],
  ['whitespace-only.csv', 'empty-file', 'is empty'],
  ['header-only.csv', 'header-only', 'no data rows'],
  ['ragged-short.csv', 'ragged-row', 'Row 3 of ragged-short.csv has 2 fields but the header has 3'],
  ['ragged-long.csv', 'ragged-row', 'Row 3 of ragged-long.csv has 3 fields but the header has 2'],
  ['unterminated-quote.csv', 'unterminated-quote', 'starts on line 2 never closes'],
  ['binary-junk.csv', 'binary-content', 'does not look like text'],
  ['image-renamed.csv', 'binary-content', 'it is a PNG image'],
  ['zip-renamed.csv', 'binary-content', 'ZIP archive (or an .xlsx workbook)'],
  ['control-characters.csv', 'binary-content', 'does not look like text'],
  ['utf16le-no-bom.csv', 'bad-encoding', 'UTF-16 without a byte-order mark'],
  ['duplicate-columns.csv', 'duplicate-column', 'two columns named "x"'],
  ['single-column.csv', 'no-features', 'has a single column'],
  ['not-an-array.json', 'not-records', 'must hold an array of objects'],
  ['array-of-numbers.json', 'not-records', 'must hold an array of objects'],
  ['invalid.json', 'invalid-json', 'is not valid JSON'],
  ['empty-array.json', 'header-only', 'empty array'],
];

/** The load succeeds; choosing `target` fails with this code and phrase. */
const failsAtTarget: [string, string, DataErrorCode, string][] = [
  ['one-class-target.csv', 'label', 'bad-target', 'single value'],
  ['thousands-of-classes.csv', 'who', 'bad-target', '3,000 different values — too many classes'],
  ['all-constant.csv', 'label', 'bad-target', 'single value'],
  ['one-data-row.csv', 'label', 'bad-target', 'single value'],
  ['huge-single-line.csv', 'b', 'bad-target', 'single value'],
  ['mostly-missing-target.csv', 'label', 'bad-target', 'a value in only 3 of 12 rows; at least 10 labelled rows are needed'],
  ['identifier-only-features.csv', 'label', 'no-features', '"row_id" — an identifier'],
  ['all-missing-column.csv', 'label', 'no-features', '"empty" — no values'],
];

/** The load succeeds with these column kinds, the target prepares, and a warning appears when named. */
const loads: [string, string, string, string | null][] = [
  ['latin1-accents.csv', 'label', 'categorical,numeric,categorical', 'read as Windows-1252'],
  ['mixed-encodings.csv', 'label', 'categorical,numeric,categorical', '1 character is not valid UTF-8'],
  ['utf16le-bom.csv', 'label', 'categorical,numeric,categorical', 'UTF-16 (little-endian)'],
  ['bom-crlf.csv', 'label', 'numeric,numeric,categorical', null],
  ['blank-column-name.csv', 'label', 'numeric,numeric,categorical', null],
  ['nan-infinity.csv', 'label', 'numeric,categorical,categorical', null],
  ['thousand-separators.csv', 'label', 'numeric,numeric,categorical', null],
  ['semicolon-decimal-comma.csv', 'label', 'numeric,numeric,categorical', null],
  ['nested-objects.json', 'label', 'numeric,categorical,categorical,categorical', null],
  ['tsv.tsv', 'label', 'numeric,numeric,categorical', null],
  ['quoted-newlines.csv', 'label', 'categorical,numeric,categorical', null],
  ['blank-lines.csv', 'label', 'numeric,categorical', null],
  ['no-trailing-newline.csv', 'label', 'numeric,categorical', null],
  ['cr-only-line-ends.csv', 'label', 'numeric,categorical', null],
  ['numbers-with-spaces.csv', 'label', 'numeric,numeric,categorical', null],
  ['excel-formula-text.csv', 'label', 'numeric,categorical,categorical', null],
  ['text-regression-target.csv', 'animal', 'numeric,categorical', null],
  ['missing-target-values.csv', 'label', 'identifier,categorical,categorical', null],
  ['dates-in-words.csv', 'label', 'datetime,datetime,datetime,datetime,datetime,identifier,numeric,numeric,boolean', null],
  ['currency-percent.csv', 'label', 'numeric,numeric,numeric,numeric,numeric,categorical,boolean', null],
  ['high-cardinality.csv', 'label', 'categorical,numeric,categorical', null],
  ['real-world-listings.csv', 'rating', 'identifier,text,categorical,datetime,numeric,numeric,numeric,categorical', null],
];

/** Rows the target has no value in (left out of the prepared rows); files not named have none. */
const unlabelled: Readonly<Record<string, number>> = { 'missing-target-values.csv': 3, 'real-world-listings.csv': 16 };

async function dataError(run: () => unknown): Promise<DataError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('the bad-input corpus', () => {
  it('covers every file in the folder', () => {
    const named = new Set([...fails, ...failsAtTarget, ...loads].map(([file]) => file));
    const files = readdirSync(DIR).filter((f) => f !== 'README.md');
    expect(files.length).toBeGreaterThanOrEqual(35);
    expect(files.filter((f) => !named.has(f))).toEqual([]);
    const readme = readFileSync(new URL('README.md', DIR), 'utf8');
    expect(files.filter((f) => !readme.includes(`\`${f}\``))).toEqual([]);
  });

  it.each(fails)('%s fails to load: %s', async (file, code, phrase) => {
    const error = await dataError(() => load(file));
    expect(error.code).toBe(code);
    expect(error.message).toContain(phrase);
    expect(error.message).toContain(file.startsWith('unterminated') ? 'line' : file.replace(/\.\w+$/, ''));
  });

  it.each(failsAtTarget)('%s loads, then target "%s" fails: %s', async (file, target, code, phrase) => {
    const table = await load(file);
    const error = await dataError(() => prepareForTarget(table, target));
    expect(error.code).toBe(code);
    expect(error.message).toContain(phrase);
  });

  it.each(loads)('%s loads and target "%s" prepares', async (file, target, kinds, warning) => {
    const table: LoadedTable = await load(file);
    expect(table.profiles.map((p) => p.kind).join(',')).toBe(kinds);
    if (warning) expect(table.warnings.join(' ')).toContain(warning);
    else expect(table.warnings).toEqual([]);
    const prepared = prepareForTarget(table, target);
    expect(prepared.data.numRows).toBe(table.raw.numRows - (unlabelled[file] ?? 0));
    expect(prepared.unlabelledRows).toHaveLength(unlabelled[file] ?? 0);
  });

  it('leaves rows without a target value out, naming them (missing-target-values.csv)', async () => {
    const prepared = prepareForTarget(await load('missing-target-values.csv'), 'label');
    expect(prepared.unlabelledRows).toEqual([3, 8, 12]); // blank, NA and ?
    expect(prepared.task.classNames).toEqual(['a', 'b']);
    expect(prepared.data.tableRows).toHaveLength(11);
  });

  it('reads dates in words and numbers in one form per column (dates-in-words.csv)', async () => {
    const table = await load('dates-in-words.csv');
    const byName = Object.fromEntries(table.profiles.map((p) => [p.name, p]));
    expect(byName['spoken']!.dateReading).toEqual({ kind: 'text', form: 'mon-d-y' });
    expect(byName['short']!.dateReading).toEqual({ kind: 'text', form: 'd-mon-y' });
    expect(byName['day_first']!.dateReading).toEqual({ kind: 'text', form: 'dmy' });
    expect(byName['ambiguous']!).toMatchObject({ dateReading: { kind: 'text', form: 'mdy' }, reason: expect.stringContaining('month first') });
    expect(byName['mixed']!.kind).not.toBe('datetime'); // ISO and day-first mixed: not one form
    const features = prepareForTarget(table, 'label').data;
    const at = (name: string) => features.featureNames.indexOf(name);
    // Row 3: "November 15, 1992", "15/11/1992", time 02:30 in the stamp.
    const row = (r: number, name: string) => features.features[r * features.numFeatures + at(name)];
    expect([row(2, 'spoken:year'), row(2, 'spoken:month'), row(2, 'spoken:day')]).toEqual([1992, 11, 15]);
    expect([row(2, 'day_first:month'), row(2, 'day_first:day')]).toEqual([11, 15]);
    expect(row(2, 'stamp:hour')).toBe(2.5);
  });

  it('reads money, percentages and units as numbers (currency-percent.csv)', async () => {
    const table = await load('currency-percent.csv');
    const data = prepareForTarget(table, 'label').data;
    expect(data.featureNames.slice(0, 5)).toEqual(['price_usd', 'price_eur', 'share', 'weight', 'balance']);
    const row = (r: number) => [...data.features.subarray(r * data.numFeatures, r * data.numFeatures + 5)];
    expect(row(0)).toEqual([50, 46, 0, 1, -50]);
    expect(row(2)).toEqual([2044.5, Math.fround(1880.9), 74, 4, 2044]);
  });

  it('decodes accents in Latin-1 and UTF-16 files', async () => {
    for (const file of ['latin1-accents.csv', 'utf16le-bom.csv']) {
      const table = await load(file);
      expect(table.raw.rows.slice(0, 2).map((row) => row[0])).toEqual(['Zürich', 'São Paulo']);
    }
  });

  it('keeps text that only looks like numbers as categories and missing tokens as missing', async () => {
    const nan = await load('nan-infinity.csv');
    expect(nan.profiles[1]).toMatchObject({ kind: 'categorical', missing: 2 }); // "NaN"/"nan" are missing; "Infinity" is text
    const blank = await load('blank-column-name.csv');
    expect(blank.raw.columns).toEqual(['x', 'column_2', 'label']);
  });
});

describe('random input', () => {
  it('random strings either parse or throw a DataError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '\t', '"', '\n', '\r', ' ', '\u0000', 'é', '\uFEFF', '[', '{', '}') }), (text) => {
        try {
          const table = parseDelimited(text);
          for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('random bytes through the file loader either load or throw a DataError', async () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(44, 34, 10, 13, 97, 49, 0xc3, 0xa9, 0xff, 0xfe));
    await fc.assert(
      fc.asyncProperty(fc.array(byte, { maxLength: 400 }), fc.constantFrom('r.csv', 'r.json', 'r.tsv'), async (bytes, name) => {
        try {
          const table = await loadTableFromFile(new Blob([Uint8Array.from(bytes)]), name);
          expect(table.raw.data.every((column) => (column.type === 'number' ? column.values.length : column.codes.length) === table.raw.numRows)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 400, seed: 9 },
    );
  });
});
