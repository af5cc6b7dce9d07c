/**
 * Reads a JSON array of records (objects) into the same columnar table the CSV parser produces. Columns are
 * the keys in order of first appearance; missing keys and nulls become empty cells; nested values are kept as
 * their JSON text. JSON is parsed as one text (records files are rarely large; CSV is the format for that).
 * Keys are read as own properties only: a row without a "constructor" or "__proto__" column has an empty
 * cell there, not Object.prototype's. A nested cell deeper than MAX_CELL_DEPTH is refused with a DataError
 * naming row and column: JSON.parse copes with any depth, but turning such a cell back into text would
 * overflow the stack with a raw RangeError.
 */
import { DataError } from './errors';
import { tableFromRows, type ColumnarTable } from './table/columnar';

/** Deepest nesting of arrays and objects a cell may hold; real records nest a few levels. */
export const MAX_CELL_DEPTH = 64;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `value` nests arrays or objects more than `limit` levels deep, walked without recursion. */
function deeperThan(value: object, limit: number): boolean {
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child as object, depth + 1]);
  }
  return false;
}

function cellText(value: unknown, where: () => string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && deeperThan(value, MAX_CELL_DEPTH)) {
    throw new DataError('too-deep', `${where()} nests arrays or objects more than ${MAX_CELL_DEPTH} levels deep; flatten it or remove that column.`);
  }
  return JSON.stringify(value);
}

export function looksLikeJson(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  return start === '[' || start === '{';
}

export function parseJsonRecords(input: string, fileName = 'the file'): ColumnarTable {
  const text = input.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new DataError('empty-file', `${fileName} is empty. Choose a JSON file holding an array of records.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataError('invalid-json', `${fileName} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  // Accept a bare array, or an object whose only array property holds the records ({"data": [...]}).
  if (isRecord(parsed)) {
    const arrays = Object.values(parsed).filter(Array.isArray);
    if (arrays.length === 1) parsed = arrays[0];
  }
  if (!Array.isArray(parsed) || !parsed.every(isRecord)) {
    throw new DataError('not-records', `${fileName} must hold an array of objects, one per row, like [{"x": 1, "label": "a"}, …].`);
  }
  if (parsed.length === 0) throw new DataError('header-only', `${fileName} holds an empty array: there are no rows.`);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of parsed) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const records = parsed;
  // Rows are made one at a time as the table takes them, so the records never exist twice as text.
  function* rows() {
    for (const [r, record] of records.entries()) {
      yield columns.map((c) => cellText(Object.hasOwn(record, c) ? record[c] : undefined, () => `Row ${r + 1}, column "${c}" of ${fileName}`));
    }
  }
  return tableFromRows(columns, rows(), 'json');
}
