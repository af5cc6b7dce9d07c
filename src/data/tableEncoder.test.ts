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
    expect(row(2)).toMatchObject({ amount: 3, 'amount=missing': 0, 'colour=red': 1, member: 1, 'when:year': 2023, 'when:month': 4 }); // day and hour depend on the time zone (the date has none)
    expect(Object.values(row(1)).every((v) => v === 0)).toBe(true);
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
