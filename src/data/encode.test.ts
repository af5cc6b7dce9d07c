import { describe, expect, it } from 'vitest';
import { LEFT_OUT_BY_CHOICE, logTransformReason, MAX_ONE_HOT_LEVELS } from './encode';
import { dataRowsOf, tableRowOf, unlabelledRowsNote } from './rows';
import { designatedSplit } from './split';
import { designatedTestRows } from './splitColumn';
import { loadTable, prepareForTarget, withColumnChoice, type LoadedTable } from './tableDataset';
import { encodeRecords, hashWord, wordCounts, WORD_BUCKETS, type ColumnEncoder, type TableFeatureEncoder } from './tableEncoder';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
const csvOf = (header: string, lines: readonly string[]) => `${header}\n${lines.join('\n')}\n`;
const columnOf = (encoder: TableFeatureEncoder, name: string): ColumnEncoder => encoder.columns.find((c) => c.column === name)!;
const tableEncoder = (table: LoadedTable, target: string, fitRows?: readonly number[]) => prepareForTarget(table, target, undefined, 'auto', fitRows).encoder as TableFeatureEncoder;

/** Incomes: a long right tail (a few huge values), 60 distinct. */
const incomes = rows(60).map((i) => (i % 20 === 0 ? 1_000_000 + i * 1000 : 20_000 + i * 500));

describe('the log transform rule', () => {
  it('takes non-negative columns with a long right tail and many values, and says why', () => {
    const reason = logTransformReason(incomes, rows(60));
    expect(reason).toMatch(/^skewed: skewness \d+\.\d, largest 1040000 vs median 35\d00$/);
    // Mostly zeros with rare large values (capital gains): the median is 0, so any spread counts.
    expect(logTransformReason(rows(200).map((i) => (i % 25 === 0 ? 1000 + i * 97 : i % 7 === 0 ? i : 0)), rows(200))).not.toBeNull();
  });

  it('leaves symmetric, negative, few-valued and mildly spread columns alone', () => {
    expect(logTransformReason(rows(60).map((i) => i), rows(60))).toBeNull(); // not skewed
    expect(logTransformReason(incomes.map((v, i) => (i === 3 ? -1 : v)), rows(60))).toBeNull(); // a negative value
    expect(logTransformReason(rows(200).map((i) => (i % 50 === 0 ? 16 : i % 3)), rows(200))).toBeNull(); // few values (a pixel scale)
    expect(logTransformReason(rows(100).map((i) => (i < 95 ? 100 + i : 180 + i)), rows(100))).toBeNull(); // largest < 10 × median
  });

  it('is decided on the fit rows only', () => {
    // The tail lies in rows 55–59: fitted on rows 0–39 the column is not skewed.
    const values = rows(60).map((i) => (i >= 55 ? 1e6 + i : 100 + i));
    expect(logTransformReason(values, rows(60))).not.toBeNull();
    expect(logTransformReason(values, rows(40))).toBeNull();
  });

  it('is recorded in the encoder and applied to training rows and new rows alike; choices overrule it', async () => {
    const table = await loadTable(csvOf('income,label', incomes.map((v, i) => `${v},${i % 2}`)), 'i.csv');
    const prepared = prepareForTarget(table, 'label');
    const encoder = prepared.encoder as TableFeatureEncoder;
    const income = columnOf(encoder, 'income');
    expect(income).toMatchObject({ kind: 'numeric', log: { reason: expect.stringMatching(/^skewed/) } });
    expect(encoder.featureNames).toEqual(['income']); // the name stays the column's
    expect(prepared.data.features[0]).toBeCloseTo(Math.log1p(1_000_000), 4);
    expect(encodeRecords(encoder, [{ income: '20000' }]).features[0]).toBeCloseTo(Math.log1p(20_000), 4);
    const plain = prepareForTarget(withColumnChoice(table, 'income', 'numeric'), 'label');
    expect(columnOf(plain.encoder as TableFeatureEncoder, 'income')).not.toHaveProperty('log');
    expect(plain.data.features[0]).toBe(1_000_000);
    const forced = prepareForTarget(withColumnChoice(table, 'label', 'log'), 'income', undefined, 'regression');
    expect(columnOf(forced.encoder as TableFeatureEncoder, 'label')).toMatchObject({ log: { reason: 'your choice' } });
  });
});

describe('many levels and short free text', () => {
  /** 300 rows: 5 common cities, 45 rare towns. */
  const cityCsv = () =>
    csvOf(
      'city,x,label',
      rows(300).map((i) => `${i % 2 === 0 ? `City ${i % 5}` : `Town ${i % 45}`},${i % 7},${i % 3 === 0 ? 'a' : 'b'}`),
    );

  it('one-hots the most frequent levels of a many-levelled column and adds its frequency', async () => {
    const table = await loadTable(cityCsv(), 'c.csv');
    expect(table.profiles[0]!.kind).toBe('categorical');
    const encoder = tableEncoder(table, 'label');
    const city = columnOf(encoder, 'city');
    if (city.kind !== 'categorical') throw new Error('categorical expected');
    expect(city.levels.length).toBeLessThanOrEqual(MAX_ONE_HOT_LEVELS + 1);
    expect(city.levels).toContain('City 0');
    expect(city.levels.at(-1)).toBe('(other)');
    expect(city.reason).toMatch(/^50 levels: the 20 most frequent one-hot/);
    expect(encoder.featureNames).toContain('city:frequency');
    const at = encoder.featureNames.indexOf('city:frequency');
    const { features } = encodeRecords(encoder, [{ city: 'City 0', x: '1' }, { city: 'Town 1', x: '1' }, { city: 'Atlantis', x: '1' }, { city: '', x: '1' }]);
    const width = encoder.featureNames.length;
    expect(features[at]).toBeCloseTo(30 / 300, 6); // City 0: every tenth row
    expect(features[width + at]).toBeCloseTo(150 / 45 / 300, 2); // a town: about 3 rows
    expect(features[2 * width + at]).toBe(0); // unseen
    expect(features[2 * width + encoder.featureNames.indexOf('city=(other)')]).toBe(1);
    expect(features[3 * width + at]).toBe(0); // missing, never seen missing
  });

  it('keeps a plain one-hot for a handful of levels (no frequency column)', async () => {
    const table = await loadTable(csvOf('colour,label', rows(30).map((i) => `${['red', 'blue', 'green'][i % 3]},${i % 2}`)), 'p.csv');
    expect(tableEncoder(table, 'label').featureNames).toEqual(['colour=blue', 'colour=green', 'colour=red']);
  });

  it('hashes the words of short free text into a fixed number of columns, fitted on nothing', async () => {
    const titles = ['Bright studio near the park', 'Cosy loft by the river', 'Quiet flat near the station', 'Sunny attic with a view'];
    const table = await loadTable(csvOf('title,size,label', rows(40).map((i) => `${titles[i % 4]} ${i},${i % 9},${i % 2}`)), 't.csv');
    expect(table.profiles[0]).toMatchObject({ kind: 'text', reason: expect.stringContaining('free text') });
    const encoder = tableEncoder(table, 'label', rows(10));
    expect(columnOf(encoder, 'title')).toEqual({ kind: 'words', column: 'title', buckets: WORD_BUCKETS });
    expect(encoder.featureNames.filter((n) => n.startsWith('title:words#'))).toHaveLength(WORD_BUCKETS);
    // The same as fitted on other rows: hashing learns nothing from the data.
    expect(tableEncoder(table, 'label', rows(30).map((r) => r + 10)).columns[0]).toEqual(columnOf(encoder, 'title'));
    const counts = wordCounts('Near the park, near', WORD_BUCKETS);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(counts[hashWord('near') % WORD_BUCKETS]).toBeGreaterThanOrEqual(2);
    expect(hashWord('park')).toBe(hashWord('park'));
    expect(hashWord('')).toBe(0x811c9dc5); // FNV-1a's offset basis: the same on every machine
    const { features } = encodeRecords(encoder, [{ title: 'Near the park, near', size: '1' }]);
    expect([...features.subarray(0, WORD_BUCKETS)]).toEqual([...counts]);
  });

  it('still makes a text task of a table whose only content is text', async () => {
    const table = await loadTable(csvOf('message,label', rows(30).map((i) => `"${i % 2 ? 'cheap pills buy now' : 'meeting notes for monday'} number ${i}",${i % 2}`)), 'm.csv');
    expect(prepareForTarget(table, 'label').encoder?.kind).toBe('text');
  });
});

describe('the person\'s column choices', () => {
  const csv = csvOf(
    'code,amount,when,note,label',
    rows(30).map((i) => `${i % 4},${(i * 13) % 17},2024-0${1 + (i % 9)}-1${i % 10},${['red car', 'blue bike', 'old bus'][i % 3]},${i % 2 ? 'yes' : 'no'}`),
  );

  it('turn a column into another kind or leave it out, and flow into the encoding', async () => {
    const table = await loadTable(csv, 'c.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['numeric', 'numeric', 'datetime', 'categorical', 'boolean']);
    let chosen = withColumnChoice(table, 'code', 'categorical');
    chosen = withColumnChoice(chosen, 'amount', 'omit');
    chosen = withColumnChoice(chosen, 'when', 'text');
    chosen = withColumnChoice(chosen, 'note', 'text');
    expect(chosen.columnChoices).toEqual(['categorical', 'omit', 'text', 'text', 'auto']);
    const prepared = prepareForTarget(chosen, 'label');
    const encoder = prepared.encoder as TableFeatureEncoder;
    expect(encoder.columns.map((c) => [c.column, c.kind])).toEqual([
      ['code', 'categorical'],
      ['when', 'words'],
      ['note', 'words'],
    ]);
    expect(prepared.dropped).toEqual([{ name: 'amount', reason: LEFT_OUT_BY_CHOICE }]);
    expect(prepared.data.featureNames.slice(0, 4)).toEqual(['code=0', 'code=1', 'code=2', 'code=3']);
    // The table itself is untouched; back to auto gives the automatic encoding.
    expect(table.columnChoices).toBeUndefined();
    expect(prepareForTarget(withColumnChoice(chosen, 'amount', 'auto'), 'label').data.featureNames).toContain('amount');
  });

  it('read a text column as dates or numbers on request, the odd cells as missing', async () => {
    const lines = rows(30).map((i) => `${i % 5 === 0 ? 'n/a-ish' : `${1 + (i % 28)}/0${1 + (i % 9)}/2020`},${i % 5 === 1 ? 'about 5' : `$${i}`},${i % 2}`);
    const table = await loadTable(csvOf('day,price,label', lines), 'd.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['categorical', 'categorical', 'numeric']);
    const chosen = withColumnChoice(withColumnChoice(table, 'day', 'datetime'), 'price', 'numeric');
    const encoder = prepareForTarget(chosen, 'label', undefined, 'classification').encoder as TableFeatureEncoder;
    expect(columnOf(encoder, 'day')).toMatchObject({ kind: 'datetime', reading: { kind: 'text', form: 'dmy' }, indicator: true });
    expect(columnOf(encoder, 'price')).toMatchObject({ kind: 'numeric', format: { prefix: '$' }, indicator: true });
    const { features } = encodeRecords(encoder, [{ day: '25/12/2021', price: '$7' }]);
    expect([...features.slice(0, 2)]).toEqual([2021, 12]);
    expect(features[encoder.featureNames.indexOf('price')]).toBe(7);
  });
});

describe('rows without a target value', () => {
  const lines = rows(30).map((i) => `${2 * i},${i % 3 === 0 ? 'red' : 'blue'},${i % 7 === 3 ? '' : i % 2 ? 'yes' : 'no'}`);

  it('are left out of the prepared data, counted and named, while the table keeps them', async () => {
    const table = await loadTable(csvOf('x,colour,label', lines), 'm.csv');
    expect(table.profiles[2]!.missing).toBe(4);
    const prepared = prepareForTarget(table, 'label');
    expect(prepared.unlabelledRows).toEqual([3, 10, 17, 24]);
    expect(prepared.data.numRows).toBe(26);
    expect(prepared.data.targets).toHaveLength(26);
    expect(prepared.data.features).toHaveLength(26 * prepared.data.numFeatures);
    expect([...prepared.data.targets].every(Number.isFinite)).toBe(true);
    expect(tableRowOf(prepared.data, 3)).toBe(4);
    expect(prepared.data.features[3 * prepared.data.numFeatures]).toBe(8); // x of table row 4
    expect(table.raw.numRows).toBe(30);
    expect(unlabelledRowsNote(prepared.unlabelledRows!, 'label')).toBe('4 rows have no value for “label” (rows 4, 11, 18, 25): left out of training and testing; you can still predict them.');
    expect(unlabelledRowsNote(rows(10), 'y')).toContain('(rows 1, 2, 3, 4, 5, 6, 7, 8, …)');
  });

  it('are not in the fit rows, which index the labelled rows as splits do', async () => {
    const table = await loadTable(csvOf('x,colour,label', lines), 'm.csv');
    const encoder = tableEncoder(table, 'label', [0, 1, 2]); // table rows 0, 1, 2
    expect(columnOf(encoder, 'x')).toMatchObject({ kind: 'numeric', fill: 2, range: [0, 4] });
    const later = tableEncoder(table, 'label', [3]); // prepared row 3 is table row 4
    expect(columnOf(later, 'x')).toMatchObject({ range: [8, 8] });
  });

  it('can still be predicted: the encoder never needs the target', async () => {
    const table = await loadTable(csvOf('x,colour,label', lines), 'm.csv');
    const encoder = tableEncoder(table, 'label');
    const unlabelled = [{ x: '3', colour: 'red', label: '' }, { x: '10', colour: 'blue' }];
    const { errors, features } = encodeRecords(encoder, unlabelled);
    expect(errors).toEqual([null, null]);
    expect(features[0]).toBe(3);
  });

  it('are left out of a designated test set too', async () => {
    const split = lines.map((line, i) => `${line},${i >= 24 ? 'test' : 'train'}`);
    const table = await loadTable(csvOf('x,colour,label,split', split), 's.csv');
    const prepared = prepareForTarget(table, 'label');
    const designated = designatedTestRows(table.raw, table.profiles)!;
    expect(designated).toEqual([24, 25, 26, 27, 28, 29]);
    const rowsHere = dataRowsOf(prepared.data, designated);
    expect(rowsHere.map((r) => tableRowOf(prepared.data, r))).toEqual([25, 26, 27, 28, 29]); // row 24 has no label
    expect(designatedSplit(prepared.data.numRows, rowsHere).train).toHaveLength(21);
  });

  it('work for regression targets written with currency signs, and for text tasks', async () => {
    const priced = await loadTable(csvOf('x,price', rows(30).map((i) => `${i % 7},${i % 6 === 0 ? '' : `"$${(1000 + i * 10).toLocaleString('en-US')}"`}`)), 'p.csv');
    const prepared = prepareForTarget(priced, 'price');
    expect(prepared.task.kind).toBe('regression');
    expect(prepared.unlabelledRows).toHaveLength(5);
    expect([...prepared.data.targets].slice(0, 2)).toEqual([1010, 1020]);
    const texts = await loadTable(csvOf('message,label', rows(30).map((i) => `"${i % 2 ? 'cheap pills buy now' : 'meeting notes for monday'} number ${i}",${i % 5 === 0 ? '' : i % 2 ? 'spam' : 'ham'}`)), 't.csv');
    const text = prepareForTarget(texts, 'label');
    expect(text.encoder?.kind).toBe('text');
    expect(text.unlabelledRows).toEqual([0, 5, 10, 15, 20, 25]);
    expect(text.data.numRows).toBe(24);
    expect(tableRowOf(text.data, 0)).toBe(1);
  });

  it('are refused when almost every row lacks a target, or the labelled rows hold one class', async () => {
    const sparse = await loadTable(csvOf('x,label', rows(40).map((i) => `${i},${i % 5 === 0 ? 'a' : ''}`)), 's.csv');
    expect(() => prepareForTarget(sparse, 'label')).toThrow('The target column "label" has a value in only 8 of 40 rows; at least 10 labelled rows are needed');
    const oneClass = await loadTable(csvOf('x,label', rows(40).map((i) => `${i},${i % 2 ? 'a' : ''}`)), 'o.csv');
    expect(() => prepareForTarget(oneClass, 'label')).toThrow(/single value/);
  });
});
