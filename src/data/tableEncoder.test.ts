import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from './csv';
import { loadTable, prepareForTarget } from './tableDataset';
import { encodeRecords, type TableFeatureEncoder } from './tableEncoder';
import { encodeTexts, type TextFeatureEncoder } from './text/textEncoder';

/** Numbers with gaps, a category with a rare level and gaps, yes/no words, dates with times and a gap, an identifier. */
function mixedCsv(): string {
  const lines = Array.from({ length: 40 }, (_, i) =>
    [
      `K${100 + i * 3}`,
      i % 7 === 3 ? '' : (i * 1.25 - 10).toFixed(2),
      i === 5 ? 'teal' : i % 9 === 4 ? 'NA' : ['red', 'blue', 'green'][i % 3],
      i % 4 === 0 ? 'yes' : 'no',
      i === 11 ? '' : `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:15`,
      ['a', 'b'][i % 2],
    ].join(','),
  );
  return `id,amount,colour,member,when,label\n${lines.join('\n')}\n`;
}

const records = (csv: string) => {
  const raw = parseDelimited(csv);
  return raw.rows.map((row) => Object.fromEntries(raw.columns.map((c, i) => [c, row[i]!])));
};

describe('the table encoder', () => {
  it('encodes the training table\'s own rows, given as text, to exactly the features training used', async () => {
    const csv = mixedCsv();
    const table = await loadTable(csv, 'mixed.csv');
    const fitRows = Array.from({ length: 30 }, (_, i) => i + 10);
    const prepared = prepareForTarget(table, 'label', undefined, 'auto', fitRows);
    const encoder = prepared.encoder as TableFeatureEncoder;
    expect(encoder.kind).toBe('table');
    expect(encoder.featureNames).toEqual(prepared.data.featureNames);
    expect(encoder.dropped.map((d) => d.name)).toEqual(['id']);
    expect(encoder.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'boolean', 'datetime']);
    const encoded = encodeRecords(encoder, records(csv));
    expect(encoded.errors.every((e) => e === null)).toBe(true);
    expect([...encoded.features]).toEqual([...prepared.data.features]);
    // The encoder is plain data: it survives a structured clone unchanged.
    expect(structuredClone(encoder)).toEqual(encoder);
  });

  it('treats unreadable numbers and dates as missing, sends unseen levels to "(other)" and names absent columns', async () => {
    const table = await loadTable(mixedCsv(), 'mixed.csv');
    const encoder = prepareForTarget(table, 'label').encoder as TableFeatureEncoder;
    const names = encoder.featureNames;
    const base = { amount: '3', colour: 'red', member: 'yes', when: '2023-04-05 10:30' };
    const { features, errors } = encodeRecords(encoder, [
      { ...base, amount: 'about five', colour: 'purple', when: 'soon' },
      { colour: 'red', member: 'no' },
      { ...base, extra: 'ignored' },
    ]);
    expect(errors[0]).toBeNull();
    expect(errors[1]).toBe('Row 2 has no "amount", "when" columns, which the model needs.');
    expect(errors[2]).toBeNull();
    const row = (r: number) => Object.fromEntries(names.map((n, i) => [n, features[r * names.length + i]]));
    const amount = encoder.columns[0]!;
    expect(amount.kind === 'numeric' && amount.indicator).toBe(true);
    expect(row(0)['amount']).toBeCloseTo(amount.kind === 'numeric' ? amount.fill : Number.NaN, 4);
    expect(row(0)['amount=missing']).toBe(1);
    expect(row(0)['colour=(other)']).toBe(1);
    expect(row(0)['when=missing']).toBe(1);
    // A time without a zone is read as UTC wall-clock time: the same parts in every time zone.
    expect(row(2)).toMatchObject({ amount: 3, 'amount=missing': 0, 'colour=red': 1, member: 1, 'when:year': 2023, 'when:month': 4, 'when:day': 5, 'when:hour': 10.5 });
    expect(Object.values(row(1)).every((v) => v === 0)).toBe(true);
  });

  it('encodes written numbers, log transforms, dates in words, many levels and hashed words of new rows as training did', async () => {
    const csv = readFileSync(new URL('../../tests/fixtures/bad-input/tables/real-world-listings.csv', import.meta.url), 'utf8');
    const table = await loadTable(csv, 'listings.csv');
    const fitRows = Array.from({ length: 100 }, (_, i) => i + 20);
    const prepared = prepareForTarget(table, 'rating', undefined, 'auto', fitRows);
    const encoder = prepared.encoder as TableFeatureEncoder;
    expect(encoder.columns.map((c) => c.kind)).toEqual(['words', 'categorical', 'datetime', 'numeric', 'numeric', 'numeric']);
    expect(encoder.columns[3]).toMatchObject({ column: 'price', format: { prefix: '$', group: ',' }, log: { reason: expect.stringMatching(/^skewed/) } });
    expect(encoder.columns[2]).toMatchObject({ reading: { kind: 'text', form: 'mon-d-y' } });
    expect(encoder.featureNames).toContain('neighbourhood:frequency');
    // Every table row, the 16 without a rating too, encodes; the labelled ones exactly as in training.
    const all = records(csv);
    const encoded = encodeRecords(encoder, all);
    expect(encoded.errors.every((e) => e === null)).toBe(true);
    const width = encoder.featureNames.length;
    const labelled = prepared.data.tableRows!;
    expect(labelled).toHaveLength(144);
    labelled.forEach((tableRow, row) => expect([...encoded.features.subarray(tableRow * width, (tableRow + 1) * width)]).toEqual([...prepared.data.features.subarray(row * width, (row + 1) * width)]));
    expect(structuredClone(encoder)).toEqual(encoder);
  });

  it('reads epoch times in a column named like a time', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${1_600_000_000 + i * 90_000},${i % 2}`);
    const table = await loadTable(`event_time,label\n${lines.join('\n')}\n`, 'e.csv');
    const encoder = prepareForTarget(table, 'label', undefined, 'classification').encoder as TableFeatureEncoder;
    expect(encoder.columns[0]).toMatchObject({ kind: 'datetime', reading: { kind: 'epoch', unit: 's' }, parts: ['year', 'month', 'day', 'weekday', 'hour'] });
    const { features } = encodeRecords(encoder, [{ event_time: '1600000000' }, { event_time: '2020-09-13' }]);
    expect([...features.subarray(0, 5)]).toEqual([2020, 9, 13, 0, Math.fround(12 + 26 / 60)]); // 2020-09-13T12:26:40Z
    expect([...features.subarray(5, 9)]).toEqual([2020, 9, 13, 0]);
  });

  it('encodes new text with the vocabulary and sequence length fitted on the training rows', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `"${i % 2 ? 'cheap pills buy now' : 'meeting notes for monday'} number ${i}",${i % 2 ? 'spam' : 'ham'}`);
    const table = await loadTable(`message,label\n${lines.join('\n')}\n`, 'spam.csv');
    const prepared = prepareForTarget(table, 'label');
    const encoder = prepared.encoder as TextFeatureEncoder;
    expect(encoder).toMatchObject({ kind: 'text', column: 'message', target: 'label', sequenceLength: prepared.data.numFeatures });
    const width = encoder.sequenceLength;
    expect([...encodeTexts(encoder, ['cheap pills buy now number 3'])]).toEqual([...prepared.data.features.subarray(3 * width, 4 * width)]);
  });
});
