/**
 * The fitted encoding of a table as plain data: for every feature column, exactly how its cells become model
 * inputs (fill value and "was missing" indicator, the written number form and a log transform, one-hot
 * levels with "(other)" and "(missing)" and a frequency column for many levels, date parts in the column's
 * date form, hashed words), plus the columns left out. encode.ts fits it on the training rows and applies it
 * to the loaded table; the same cell rules here turn new rows (a "try it" form, a batch CSV) into the very
 * same features, so a prediction sees its input exactly as training did. Structured-clone friendly, so it
 * may sit in the store. Fields added later are optional, so an encoder made before them still reads.
 */
import { DEFAULT_READING, hasWrittenTime, type DateReading } from './dates';
import type { NumberFormat } from './numberFormat';
import { booleanValue, dateValue, numberValue } from './profile';
import { MISSING_CODE, isMissingTrimmed, textView, type ColumnarTable, type TextView } from './table/columnar';
import { tokenize } from './text/tokenize';

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
      /** Numeric: how the file writes its numbers ("$1,234.50", "45%"), when not plainly. */
      readonly format?: NumberFormat;
      /**
       * Numeric: the value goes in as sign(x)·log(1 + |x|) (log1p for the non-negative columns it is chosen
       * for), with why; `fill` is on that scale, `range` is not.
       */
      readonly log?: { readonly reason: string };
    }
  | {
      /** One column per level; a level not listed goes to "(other)" when listed, else sets nothing. */
      readonly kind: 'categorical';
      readonly column: string;
      readonly levels: readonly string[];
      /**
       * Many levels: one more column, the share of fit rows with the cell's level (`frequencyLevels[i]` has
       * `frequencies[i]`; a level not listed, unseen or too rare to list, gives 0).
       */
      readonly frequencyLevels?: readonly string[];
      readonly frequencies?: readonly number[];
      /** Why it is encoded so, when it is not a plain one-hot. */
      readonly reason?: string;
    }
  | {
      readonly kind: 'datetime';
      readonly column: string;
      readonly parts: readonly DatePart[];
      /** Per part, the mean of the fit rows, used when the date is missing or unreadable. */
      readonly fills: readonly number[];
      readonly indicator: boolean;
      /** How the column writes its dates (absent: ISO, as before readings were recorded). */
      readonly reading?: DateReading;
    }
  | {
      /**
       * Short free text: the cell's words (tokenize) hashed into `buckets` counts, so nothing is fitted and
       * nothing can leak; a missing cell is all zeros.
       */
      readonly kind: 'words';
      readonly column: string;
      readonly buckets: number;
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
export const datePartOf = (part: DatePart, level: string, reading: DateReading = DEFAULT_READING): number => {
  const t = dateValue(level, reading);
  return Number.isFinite(t) ? DATE_READERS[part](new Date(t)) : Number.NaN;
};

/** Whether a date/time column's cells carry a time of day: written ("14:30"), or an epoch value off midnight. */
export const dateHasTime = (level: string, reading: DateReading = DEFAULT_READING): boolean =>
  reading.kind === 'epoch' ? dateValue(level, reading) % 86_400_000 !== 0 : hasWrittenTime(level);

/** The value a numeric or boolean column's text means (NaN: missing or unreadable), numbers in their written form. */
export const cellValue = (kind: 'numeric' | 'boolean', level: string, format?: NumberFormat): number => (kind === 'numeric' ? numberValue(level, format) : booleanValue(level));

/** The log transform: log1p on non-negative values, mirrored for a stray negative one in new rows. */
export const signedLog1p = (v: number): number => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));

/** Hashed word columns a text column gets: few enough for small tables, enough to keep common words apart. */
export const WORD_BUCKETS = 32;

/** FNV-1a, 32 bits: the same bucket for a word on every machine and in every session. */
export function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A text's word counts per bucket. */
export function wordCounts(text: string, buckets: number): Float32Array {
  const out = new Float32Array(buckets);
  for (const word of tokenize(text)) out[hashWord(word) % buckets]!++;
  return out;
}

export function columnWidth(encoder: ColumnEncoder): number {
  switch (encoder.kind) {
    case 'numeric':
    case 'boolean':
      return encoder.indicator ? 2 : 1;
    case 'categorical':
      return encoder.levels.length + (encoder.frequencyLevels ? 1 : 0);
    case 'datetime':
      return encoder.parts.length + (encoder.indicator ? 1 : 0);
    case 'words':
      return encoder.buckets;
  }
}

export function columnFeatureNames(encoder: ColumnEncoder): string[] {
  const name = encoder.column;
  switch (encoder.kind) {
    case 'numeric':
    case 'boolean':
      return encoder.indicator ? [name, `${name}=missing`] : [name];
    case 'categorical':
      return [...encoder.levels.map((level) => `${name}=${level}`), ...(encoder.frequencyLevels ? [`${name}:frequency`] : [])];
    case 'datetime':
      return [...encoder.parts.map((part) => `${name}:${part}`), ...(encoder.indicator ? [`${name}=missing`] : [])];
    case 'words':
      return Array.from({ length: encoder.buckets }, (_, i) => `${name}:words#${i}`);
  }
}

/** What the encoder does with a column, in words, for the column list (one place, so the UI cannot drift). */
export function describeColumnEncoder(encoder: ColumnEncoder): string {
  switch (encoder.kind) {
    case 'numeric':
      return encoder.log ? `numeric, log transform (${encoder.log.reason})` : 'numeric';
    case 'boolean':
      return 'yes/no as 1/0';
    case 'categorical': {
      const levels = encoder.levels.filter((l) => l !== OTHER_LEVEL && l !== MISSING_LEVEL).length;
      return encoder.reason ?? `one-hot, ${levels} level${levels === 1 ? '' : 's'}${encoder.levels.includes(OTHER_LEVEL) ? ' + rare ones pooled' : ''}`;
    }
    case 'datetime':
      return `date parts: ${encoder.parts.join(', ')}`;
    case 'words':
      return `words hashed into ${encoder.buckets} counts`;
  }
}

/** Position of each level among a categorical column's one-hot columns (-1: none), and of a missing cell. */
function levelPositions(levels: readonly string[], cellLevels: readonly string[]): { byCode: Int32Array; missingAt: number } {
  const position = new Map(levels.map((level, i) => [level, i]));
  // A level the fit rows never saw goes to "(other)" when there is one, else it sets no column at all.
  const at = (level: string) => position.get(level) ?? position.get(OTHER_LEVEL) ?? -1;
  return { byCode: Int32Array.from(cellLevels, at), missingAt: at(MISSING_LEVEL) };
}

/** Writes one value column's features (value or fill, then the indicator) for values per row, log-transformed when asked. */
function writeValues(encoder: { fill: number; indicator: boolean; log?: unknown }, values: ArrayLike<number>, out: Float32Array, stride: number, offset: number): void {
  const log = encoder.log !== undefined;
  for (let r = 0, at = offset; r < values.length; r++, at += stride) {
    const raw = values[r]!;
    const v = log ? signedLog1p(raw) : raw;
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
      const values = cells instanceof Float64Array && encoder.kind === 'numeric' ? cells : levelValues(asView(cells), (l) => cellValue(encoder.kind, l, encoder.format));
      writeValues(encoder, values, out, stride, offset);
      return;
    }
    case 'categorical': {
      const { codes, levels } = asView(cells);
      const { byCode, missingAt } = levelPositions(encoder.levels, levels);
      const frequencyAt = encoder.levels.length;
      const share = encoder.frequencyLevels ? levelShares(encoder.frequencyLevels, encoder.frequencies ?? [], levels) : null;
      for (let r = 0, base = offset; r < codes.length; r++, base += stride) {
        const code = codes[r]!;
        const p = code === MISSING_CODE ? missingAt : byCode[code]!;
        if (p >= 0) out[base + p] = 1;
        if (share) out[base + frequencyAt] = code === MISSING_CODE ? share.missing : share.byCode[code]!;
      }
      return;
    }
    case 'datetime': {
      const v = asView(cells);
      const reading = encoder.reading ?? DEFAULT_READING;
      encoder.parts.forEach((part, i) => writeValues({ fill: encoder.fills[i]!, indicator: false }, levelValues(v, (l) => datePartOf(part, l, reading)), out, stride, offset + i));
      if (!encoder.indicator) return;
      const stamps = levelValues(v, (l) => dateValue(l, reading));
      for (let r = 0, at = offset + encoder.parts.length; r < stamps.length; r++, at += stride) out[at] = Number.isFinite(stamps[r]!) ? 0 : 1;
      return;
    }
    case 'words': {
      const { codes, levels } = asView(cells);
      // Words are counted once per distinct text, then spread over the rows.
      const byLevel = levels.map((level) => wordCounts(level, encoder.buckets));
      for (let r = 0, base = offset; r < codes.length; r++, base += stride) {
        const code = codes[r]!;
        if (code !== MISSING_CODE) out.set(byLevel[code]!, base);
      }
      return;
    }
  }
}

/** Per cell level, its share of the fit rows (0 when not listed), and the share of missing cells. */
function levelShares(listed: readonly string[], shares: readonly number[], cellLevels: readonly string[]): { byCode: Float32Array; missing: number } {
  const share = new Map(listed.map((level, i) => [level, shares[i] ?? 0]));
  return { byCode: Float32Array.from(cellLevels, (level) => share.get(level) ?? 0), missing: share.get(MISSING_LEVEL) ?? 0 };
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
function recordLevel(known: ReadonlySet<string> | null, raw: string): string | null {
  const value = raw.trim();
  if (isMissingTrimmed(value)) return null;
  if (known === null || known.has(value)) return value;
  const n = Number(value);
  return Number.isFinite(n) && known.has(String(n)) ? String(n) : value;
}

/** The levels a categorical column knows (one-hot and frequency ones), looked up once per column. */
const knownLevels = (encoder: ColumnEncoder): ReadonlySet<string> | null =>
  encoder.kind === 'categorical' ? new Set([...encoder.levels, ...(encoder.frequencyLevels ?? [])]) : null;

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
    const known = knownLevels(column);
    const codes = Uint32Array.from(valid, (record) => {
      const level = recordLevel(known, record[column.column]!);
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
