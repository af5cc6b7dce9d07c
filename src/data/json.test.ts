import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { MAX_CELL_DEPTH, parseJsonRecords } from './json';
import { cellText } from './table/columnar';

const column = (text: string, name: string) => {
  const table = parseJsonRecords(text, 'rows.json');
  const data = table.data[table.columns.indexOf(name)]!;
  return Array.from({ length: table.numRows }, (_, r) => cellText(data, r));
};

describe('JSON records', () => {
  it('reads a key a row lacks as an empty cell, never through the prototype', () => {
    const text = '[{"x": 1, "constructor": "a", "__proto__": "b", "toString": "c"}, {"x": 2}]';
    expect(column(text, 'constructor')).toEqual(['a', '']);
    expect(column(text, '__proto__')).toEqual(['b', '']);
    expect(column(text, 'toString')).toEqual(['c', '']);
  });

  it('keeps moderately nested cells as their JSON text', () => {
    const nested = '['.repeat(MAX_CELL_DEPTH) + ']'.repeat(MAX_CELL_DEPTH);
    expect(column(`[{"x": 1, "n": ${nested}}]`, 'n')).toEqual([nested]);
  });

  it('refuses an over-deep cell with a DataError naming row and column, not a RangeError', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const text = `[{"x": 1, "n": 1}, {"x": 2, "n": ${deep}}]`;
    expect(() => parseJsonRecords(text, 'rows.json')).toThrow(DataError);
    expect(() => parseJsonRecords(text, 'rows.json')).toThrow(`Row 2, column "n" of rows.json nests arrays or objects more than ${MAX_CELL_DEPTH} levels deep`);
    try {
      parseJsonRecords(`[{"n": ${'{"a":'.repeat(MAX_CELL_DEPTH + 1)}1${'}'.repeat(MAX_CELL_DEPTH + 1)}}]`, 'o.json');
      expect.unreachable();
    } catch (error) {
      expect((error as DataError).code).toBe('too-deep');
    }
  });
});
