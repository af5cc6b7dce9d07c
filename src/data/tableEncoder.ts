/**
 * The fitted encoding of a table as plain data: for every feature column, exactly how its cells become model
 * inputs (fill value and "was missing" indicator, one-hot levels with "(other)" and "(missing)", date parts),
 * plus the columns left out. encode.ts fits it on the training rows and applies it to the loaded table; the
 * same cell rules here turn new rows (a "try it" form, a batch CSV) into the very same features, so a
 * prediction sees its input exactly as training did. Structured-clone friendly, so it may sit in the store.
 */
import { booleanValue, dateValue } from './profile';
import { MISSING_CODE, isMissingTrimmed, textView, type ColumnarTable, type TextView } from './table/columnar';

export const MISSING_LEVEL = '(missing)';
export const OTHER_LEVEL = '(other)';

export type DatePart = 'year' | 'month' | 'day' | 'weekday' | 'hour';

/** How one source column becomes features; `column` is its header in the file. */
export type ColumnEncoder =
  | {
      /** A number (numeric) or a yes/no word (boolean); missing or unreadable → `fill`, with an indicator when fitted with gaps. */
      readonly kind: 'numeric' | 'boolean';
      readonly column: string;
      readonly fill: number;
      readonly indicator: boolean;
      /** Smallest and largest value of the fit rows (a hint for forms); null when none was readable. */
      readonly range: readonly [number, number] | null;
      /** The words a boolean column used in the fit rows (e.g. yes/no), for forms; empty for numbers. */
      readonly words: readonly string[];
    }
  | {
      /** One column per level; a level not listed goes to "(other)" when listed, else sets nothing. */
      readonly kind: 'categorical';
      readonly column: string;
      readonly levels: readonly string[];
    }
  | {
      readonly kind: 'datetime';
      readonly column: string;
      readonly parts: readonly DatePart[];
      /** Per part, the mean of the fit rows, used when the date is missing or unreadable. */
      readonly fills: readonly number[];
      readonly indicator: boolean;
    };

export interface TableFeatureEncoder {
  readonly kind: 'table';
  readonly target: string;
  readonly columns: readonly ColumnEncoder[];
  /** Names of the features, in model input order. */
  readonly featureNames: readonly string[];
  readonly dropped: readonly { readonly name: string; readonly reason: string }[];
}

const DATE_READERS: Record<DatePart, (d: Date) => number> = {
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  day: (d) => d.getUTCDate(),
  weekday: (d) => d.getUTCDay(),
  hour: (d) => d.getUTCHours() + d.getUTCMinutes() / 60,
};

/** A date part of a cell's text (NaN when it is not a date), as fitting and encoding both read it. */
export const datePartOf = (part: DatePart, level: string): number => {
  const t = dateValue(level);
  return Number.isFinite(t) ? DATE_READERS[part](new Date(t)) : Number.NaN;
};

/** The value a numeric or boolean column's text means (NaN: missing or unreadable). */
export const cellValue = (kind: 'numeric' | 'boolean', level: string): number => (kind === 'numeric' ? Number(level) : booleanValue(level));

export function columnWidth(encoder: ColumnEncoder): number {
  switch (encoder.kind) {
    case 'numeric':
    case 'boolean':
      return encoder.indicator ? 2 : 1;
    case 'categorical':
      return encoder.levels.length;
    case 'datetime':
      return encoder.parts.length + (encoder.indicator ? 1 : 0);
  }
}

export function columnFeatureNames(encoder: ColumnEncoder): string[] {
  const name = encoder.column;
  switch (encoder.kind) {
    case 'numeric':
    case 'boolean':
      return encoder.indicator ? [name, `${name}=missing`] : [name];
    case 'categorical':
      return encoder.levels.map((level) => `${name}=${level}`);
    case 'datetime':
      return [...encoder.parts.map((part) => `${name}:${part}`), ...(encoder.indicator ? [`${name}=missing`] : [])];
  }
}

/** Position of each level among a categorical column's one-hot columns (-1: none), and of a missing cell. */
function levelPositions(levels: readonly string[], cellLevels: readonly string[]): { byCode: Int32Array; missingAt: number } {
  const position = new Map(levels.map((level, i) => [level, i]));
  // A level the fit rows never saw goes to "(other)" when there is one, else it sets no column at all.
  const at = (level: string) => position.get(level) ?? position.get(OTHER_LEVEL) ?? -1;
  return { byCode: Int32Array.from(cellLevels, at), missingAt: at(MISSING_LEVEL) };
}

/** Writes one value column's features (value or fill, then the indicator) for values per row. */
function writeValues(encoder: { fill: number; indicator: boolean }, values: ArrayLike<number>, out: Float32Array, stride: number, offset: number): void {
  for (let r = 0, at = offset; r < values.length; r++, at += stride) {
    const v = values[r]!;
    const finite = Number.isFinite(v);
    out[at] = finite ? v : encoder.fill;
    if (encoder.indicator) out[at + 1] = finite ? 0 : 1;
  }
}

/** Per row, the value a text column's level maps to (NaN for missing cells); `read` runs once per level. */
export function levelValues(view: TextView, read: (level: string) => number): Float64Array {
  const byLevel = Float64Array.from(view.levels, read);
  const out = new Float64Array(view.codes.length);
  for (let r = 0; r < out.length; r++) {
    const code = view.codes[r]!;
    out[r] = code === MISSING_CODE ? Number.NaN : byLevel[code]!;
  }
  return out;
}

/** Writes one column's features for every row of `cells` (a text view, or numbers when the column is stored as numbers). */
function writeColumn(encoder: ColumnEncoder, cells: TextView | Float64Array, out: Float32Array, stride: number, offset: number): void {
  switch (encoder.kind) {
    case 'numeric':
    case 'boolean': {
      // Numbers stored as numbers are read as they are; the same numbers as text go through cellValue.
      const values = cells instanceof Float64Array && encoder.kind === 'numeric' ? cells : levelValues(asView(cells), (l) => cellValue(encoder.kind, l));
      writeValues(encoder, values, out, stride, offset);
      return;
    }
    case 'categorical': {
      const { codes, levels } = asView(cells);
      const { byCode, missingAt } = levelPositions(encoder.levels, levels);
      for (let r = 0, base = offset; r < codes.length; r++, base += stride) {
        const code = codes[r]!;
        const p = code === MISSING_CODE ? missingAt : byCode[code]!;
        if (p >= 0) out[base + p] = 1;
      }
      return;
    }
    case 'datetime': {
      const v = asView(cells);
      encoder.parts.forEach((part, i) => writeValues({ fill: encoder.fills[i]!, indicator: false }, levelValues(v, (l) => datePartOf(part, l)), out, stride, offset + i));
      if (!encoder.indicator) return;
      const stamps = levelValues(v, dateValue);
      for (let r = 0, at = offset + encoder.parts.length; r < stamps.length; r++, at += stride) out[at] = Number.isFinite(stamps[r]!) ? 0 : 1;
      return;
    }
  }
}

/** A Float64Array of numbers as a text view (categorical or boolean encoders given numeric cells). */
function asView(cells: TextView | Float64Array): TextView {
  if (!(cells instanceof Float64Array)) return cells;
  return textView({ type: 'number', values: cells, text: null });
}

/** The encoder applied to every row of the table it was fitted on (or one with the same columns). */
export function applyTableEncoder(encoder: TableFeatureEncoder, table: ColumnarTable): Float32Array {
  const numFeatures = encoder.featureNames.length;
  const out = new Float32Array(table.numRows * numFeatures);
  let offset = 0;
  for (const column of encoder.columns) {
    const data = table.data[table.columns.indexOf(column.column)]!;
    const cells = data.type === 'number' && column.kind === 'numeric' ? data.values : textView(data);
    writeColumn(column, cells, out, numFeatures, offset);
    offset += columnWidth(column);
  }
  return out;
}

/** New rows encoded; rows with a problem (a needed column absent) have zero features and an error. */
export interface EncodedRecords {
  readonly numRows: number;
  readonly numFeatures: number;
  readonly features: Float32Array;
  /** Per row, why it cannot be predicted, or null when it can. */
  readonly errors: readonly (string | null)[];
}

/**
 * A record's cell as the table reader would store it: trimmed, the missing tokens (empty, NA, null, ?…) as
 * missing. A number the model knew as text ("1" for a categorical column) is also looked up in its
 * canonical form, since number columns kept their levels as String(number) when the file's text was dropped.
 */
function recordLevel(encoder: ColumnEncoder, raw: string): string | null {
  const value = raw.trim();
  if (isMissingTrimmed(value)) return null;
  if (encoder.kind !== 'categorical' || encoder.levels.includes(value)) return value;
  const n = Number(value);
  return Number.isFinite(n) && encoder.levels.includes(String(n)) ? String(n) : value;
}

/**
 * New rows (a form, a batch CSV's records) to the model's features, with the fitted encoding. A column the
 * model needs that a record lacks is that row's error (naming the column); an unreadable number or date is
 * treated as missing, exactly as in training. Columns the model does not read are ignored.
 */
export function encodeRecords(encoder: TableFeatureEncoder, records: readonly Readonly<Record<string, string | undefined>>[]): EncodedRecords {
  const numFeatures = encoder.featureNames.length;
  const errors = records.map((record, r) => {
    const absent = encoder.columns.filter((c) => record[c.column] === undefined).map((c) => `"${c.column}"`);
    return absent.length > 0 ? `Row ${r + 1} has no ${absent.join(', ')} column${absent.length > 1 ? 's' : ''}, which the model needs.` : null;
  });
  const valid = records.filter((_, r) => errors[r] === null);
  // Column by column over the valid rows, through the same writer the training table went through.
  const compact = new Float32Array(valid.length * numFeatures);
  let offset = 0;
  for (const column of encoder.columns) {
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = Uint32Array.from(valid, (record) => {
      const level = recordLevel(column, record[column.column]!);
      if (level === null) return MISSING_CODE;
      let code = index.get(level);
      if (code === undefined) {
        code = levels.push(level) - 1;
        index.set(level, code);
      }
      return code;
    });
    writeColumn(column, { codes, levels }, compact, numFeatures, offset);
    offset += columnWidth(column);
  }
  const features = new Float32Array(records.length * numFeatures);
  let next = 0;
  errors.forEach((error, r) => {
    if (error === null) features.set(compact.subarray(next * numFeatures, ++next * numFeatures), r * numFeatures);
  });
  return { numRows: records.length, numFeatures, features, errors };
}

/** The columns a record must hold, in file order (for forms and batch CSV checks). */
export const requiredColumns = (encoder: TableFeatureEncoder): string[] => encoder.columns.map((c) => c.column);
