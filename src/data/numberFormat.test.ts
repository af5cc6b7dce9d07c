import { describe, expect, it } from 'vitest';
import { describeNumberFormat, detectNumberFormat, parseFormattedNumber, type NumberFormat } from './numberFormat';
import { loadTable } from './tableDataset';

/** Detection over distinct cells, each counted once. */
const detect = (cells: readonly string[]) => detectNumberFormat(cells, cells.map(() => 1));
const read = (cells: readonly string[]) => {
  const format = detect(cells);
  return format ? cells.map((c) => parseFormattedNumber(c, format)) : null;
};

describe('numbers written for people', () => {
  it('reads currency signs and thousands separators', () => {
    expect(detect(['$1,234.50', '$12.00', '$999.99'])).toEqual({ prefix: '$', suffix: '', decimal: '.', group: ',' });
    expect(read(['$1,234.50', '$12.00', '-$5', '$-7.5', 'US$3'])).toBeNull(); // "US$" is another prefix than "$"
    expect(read(['$1,234.50', '$12.00', '-$5', '$-7.5'])).toEqual([1234.5, 12, -5, -7.5]);
    expect(read(['€12', '€1,000', '€0.5'])).toEqual([12, 1000, 0.5]);
    expect(read(['USD 12', 'USD 1,500'])).toEqual([12, 1500]);
  });

  it('reads a decimal comma only when the column uses it consistently', () => {
    expect(read(['1.234,5 €', '12,0 €', '999,99 €'])).toEqual([1234.5, 12, 999.99]);
    expect(read(['1,5', '3,25', '1,234'])).toEqual([1.5, 3.25, 1.234]); // "1,5" decides: a decimal comma
    expect(read(['1,234', '2,500'])).toEqual([1234, 2500]); // nothing decides: thousands, the commoner reading
    expect(read(['1 234,5', '12,5'])).toEqual([1234.5, 12.5]);
    expect(read(["1'234.5", '12.5'])).toEqual([1234.5, 12.5]);
    // Conventions at odds in one column: "1.234,5" and "1,234.5" cannot both be right.
    expect(detect(['1.234,5', '1,234.5', '2.000,0', '3,000.0'])).toBeNull();
  });

  it('reads percentages as written, units shared by the column, and accounting negatives', () => {
    expect(read(['45%', '3.5%', '100%'])).toEqual([45, 3.5, 100]);
    expect(read(['12 kg', '3.5kg', '0 kg'])).toEqual([12, 3.5, 0]);
    expect(read(['3.5 km', '12 km'])).toEqual([3.5, 12]);
    expect(read(['87 m²', '120 m²'])).toEqual([87, 120]);
    expect(read(['(1,234)', '1,234', '(5)'])).toEqual([-1234, 1234, -5]);
  });

  it('refuses mixed units, codes and words', () => {
    expect(detect(['12 kg', '500 g', '3 kg'])).toBeNull();
    expect(detect(['A1', 'A2', 'B3'])).toBeNull();
    expect(detect(['SKU123', 'SKU124'])).toBeNull();
    expect(detect(['red', 'blue'])).toBeNull();
    expect(detect(['Infinity', '-Infinity', '5'])).toBeNull();
    expect(detect(['12/06/1998', '13/06/1998'])).toBeNull();
    expect(detect(['1998-06-12'])).toBeNull();
  });

  it('lets 1 % of the cells be unreadable (read as missing), no more', () => {
    const cells = Array.from({ length: 200 }, (_, i) => `$${i}`);
    expect(detect([...cells, 'unknown'])).not.toBeNull();
    expect(detect([...cells, 'unknown', 'ask', 'tbd'])).toBeNull();
  });

  it('parses new cells in the column form, then as plain numbers (what a number input sends)', () => {
    const format: NumberFormat = { prefix: '$', suffix: '', decimal: '.', group: ',' };
    expect(parseFormattedNumber('$2,500', format)).toBe(2500);
    expect(parseFormattedNumber('2500.5', format)).toBe(2500.5);
    expect(parseFormattedNumber('€2,500', format)).toBeNaN();
    expect(parseFormattedNumber('', format)).toBeNaN();
    const comma: NumberFormat = { prefix: '', suffix: '€', decimal: ',', group: '.' };
    expect(parseFormattedNumber('1.234,5 €', comma)).toBe(1234.5);
    expect(parseFormattedNumber('1.234', comma)).toBe(1234); // the column's own form first
  });

  it('describes the form by one of the column\'s cells', () => {
    expect(describeNumberFormat({ prefix: '$', suffix: '', decimal: '.', group: ',' }, ['$12.00', '$1,234.50'])).toBe('numbers written like "$12.00"');
    expect(describeNumberFormat({ prefix: '', suffix: '%', decimal: '.', group: '' }, ['45%'])).toBe('numbers written like "45%" (read as written: 45% → 45)');
    expect(describeNumberFormat({ prefix: '', suffix: '', decimal: ',', group: '' }, ['1,5'])).toBe('numbers written like "1,5", decimal comma');
  });

  it('profiles such columns as numeric, and IDs, zip codes and years stay plain numbers', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`"$${(1000 + i * 37).toLocaleString('en-US')}.50"`, `${i * 3}%`, `0${2100 + ((i * 7) % 13)}`, 1990 + ((i * 7) % 25), 5000 + i * 13, `A${i % 3}`, i % 2].join(','));
    const table = await loadTable(`price,share,zip,year,order_id,code,label\n${rows.join('\n')}\n`, 'n.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['numeric', 'numeric', 'numeric', 'numeric', 'identifier', 'categorical', 'numeric']);
    expect(table.profiles[0]).toMatchObject({ numberFormat: { prefix: '$', group: ',' }, reason: 'numbers written like "$1,000.50"' });
    expect(table.profiles[0]!.summary).toMatchObject({ kind: 'histogram', min: 1000.5 });
    expect(table.profiles[1]!.numberFormat).toMatchObject({ suffix: '%' });
    expect(table.profiles[2]!.numberFormat).toBeUndefined();
  });
});
