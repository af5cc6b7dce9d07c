import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimited } from './csv';
import { DataError } from './errors';

describe('parseDelimited', () => {
  it('reads quoted fields, doubled quotes, embedded newlines and CRLF', () => {
    const table = parseDelimited('name,note\r\n"Smith, J","said ""hi""\nthen left"\r\nLee,ok\r\n');
    expect(table.columns).toEqual(['name', 'note']);
    expect(table.rows).toEqual([
      ['Smith, J', 'said "hi"\nthen left'],
      ['Lee', 'ok'],
    ]);
  });

  it('strips a UTF-8 byte-order mark and detects tabs and semicolons', () => {
    expect(parseDelimited('\uFEFFa\tb\n1\t2\n').columns).toEqual(['a', 'b']);
    expect(parseDelimited('a;b\n1,5;2\n').rows).toEqual([['1,5', '2']]);
    expect(detectDelimiter('x|y|z\n1|2|3')).toBe('|');
  });

  it('skips blank lines and names unnamed columns', () => {
    const table = parseDelimited('a,\n1,2\n\n3,4\n\n');
    expect(table.columns).toEqual(['a', 'column_2']);
    expect(table.rows).toHaveLength(2);
  });

  const failures: [string, string, string][] = [
    ['empty-file', '', 'empty'],
    ['empty-file', '  \n\n', 'empty'],
    ['header-only', 'a,b,c\n', 'no data rows'],
    ['ragged-row', 'a,b\n1,2\n3\n', 'Row 3'],
    ['unterminated-quote', 'a,b\n"1,2\n', 'line 2'],
    ['binary-content', 'PK\u0003\u0004\u0000\u0000junk', 'does not look like text'],
    ['duplicate-column', 'a,a\n1,2\n', 'two columns named "a"'],
  ];
  it.each(failures)('rejects %s with a specific message', (code, text, phrase) => {
    try {
      parseDelimited(text, 'data.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe(code);
      expect((error as DataError).message).toContain(phrase);
    }
  });

  it('never throws anything but a DataError, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ',', '\t', ';', '"', '\n', '\r', ' ', '\u0000', 'é') }), (text) => {
        try {
          const table = parseDelimited(text);
          for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('round-trips tables written with quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (width, rows) => {
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const body = rows.map((r) => r.slice(0, width));
        // Rows of a single empty field are blank lines, which the parser skips by design.
        fc.pre(body.every((r) => !(r.length === 1 && r[0]!.trim() === '')));
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const text = [header, ...body].map((r) => r.map(quote).join(',')).join('\n');
        const table = parseDelimited(text);
        expect(table.rows).toEqual(body);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
