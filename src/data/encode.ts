/**
 * Turns a columnar table and a task into a numeric matrix, column by column according to its profiled kind
 * or the person's choice for it (columnChoice.ts); text columns are handled per distinct value, then spread
 * over rows by their codes:
 * - numeric and boolean: the value (missing → the column mean, plus a 0/1 "was missing" indicator column);
 *   numbers written with signs, separators or units are read in the column's form (numberFormat.ts); a
 *   non-negative column with a long right tail goes in as log1p (see logTransformReason);
 * - categorical: one-hot, with levels seen fewer than RARE_LEVEL_COUNT times pooled into "(other)" and
 *   missing values as their own level; beyond MAX_ONE_HOT_LEVELS levels only the most frequent are one-hot
 *   and a frequency column (each level's share of the fit rows) says how common the cell's level is;
 * - date/time: year, month, day of month, day of week (and hour when times are present), in the column's form;
 * - text: its words hashed into WORD_BUCKETS counts (nothing fitted, so nothing leaks);
 * - identifiers, constants, empty columns and columns the person left out are dropped, with the reason recorded.
 * No target encoding: the encoder is fitted once per training split and cross-validation folds are drawn
 * inside that split, so target statistics here would leak validation targets into features.
 * Everything learned from the data (fill values, levels, pooling, indicators, time parts, log transforms)
 * comes from the fit rows only. Scaling is not done here: it must be fitted on each training split, which the
 * training worker does. Fitting yields a plain-data encoder (tableEncoder.ts) and encoding applies it, so new
 * rows encoded later with the same encoder (predictions) get exactly the features the training rows got.
 *
 * Rows whose target is missing (or unreadable) are left out of the encoded data — they cannot be trained on
 * or scored — and counted (`unlabelledRows`); the table keeps them, so they can still be predicted.
 */
import type { ColumnChoice } from './columnChoice';
import { detectDateReading, DEFAULT_READING, type DateReading } from './dates';
import { DataError } from './errors';
import { detectNumberFormat, type NumberFormat } from './numberFormat';
import { numberValue } from './profile';
import { MISSING_CODE, textView, type ColumnarTable, type ColumnData, type TextView } from './table/columnar';
import {
  applyTableEncoder,
  cellValue,
  columnFeatureNames,
  dateHasTime,
  datePartOf,
  levelValues,
  MISSING_LEVEL,
  OTHER_LEVEL,
  WORD_BUCKETS,
  type ColumnEncoder,
  type DatePart,
  type TableFeatureEncoder,
} from './tableEncoder';
import type { ColumnKind, ColumnProfile, ModelData, Task } from './types';

/** Levels rarer than this share one "(other)" column, so a typo or a one-off code does not get its own input. */
export const RARE_LEVEL_COUNT = 3;

/** At most this many levels of a categorical column get their own one-hot column; more levels add a frequency column. */
export const MAX_ONE_HOT_LEVELS = 20;

/** The frequency column lists at most this many levels (the commonest); rarer ones read as 0, like unseen ones. */
export const MAX_FREQUENCY_LEVELS = 10_000;

/** A log transform needs skewness above this over the fit rows… */
export const LOG_MIN_SKEWNESS = 2;
/** …the largest value at least this many times the median (any positive value when the median is 0)… */
export const LOG_MIN_SPREAD = 10;
/** …and at least this many distinct values (a few-valued count or a pixel scale is left as it is). */
export const LOG_MIN_DISTINCT = 20;

const DROP_REASONS: Partial<Record<ColumnKind, string>> = {
  identifier: 'an identifier (a different value in every row)',
  constant: 'the same value in every row',
  empty: 'no values',
  split: 'marks the designated train/test split',
};

export const LEFT_OUT_BY_CHOICE = 'your choice';

export interface EncodeOptions {
  /** The person's choice per column, in file order (absent or 'auto': the profile decides). */
  readonly choices?: readonly ColumnChoice[];
}

/** Over the fit rows: the mean of the finite values (the fill for missing ones), whether any is missing, and the range. */
function fitValues(values: ArrayLike<number>, fit: ArrayLike<number>, transform?: (v: number) => number): { fill: number; gaps: boolean; range: readonly [number, number] | null } {
  let sum = 0;
  let count = 0;
  let gaps = false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (Number.isFinite(v)) {
      sum += transform ? transform(v) : v;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    } else gaps = true;
  }
  return { fill: count > 0 ? sum / count : 0, gaps, range: count > 0 ? [min, max] : null };
}

const short = (v: number) => String(Number(v.toPrecision(3)));

/**
 * Why a numeric column should go in as log1p, or null: over the fit rows it must be non-negative, have at
 * least LOG_MIN_DISTINCT values, skewness above LOG_MIN_SKEWNESS and a largest value LOG_MIN_SPREAD times the
 * median or more — amounts, incomes, counts of events, whose few huge values would otherwise dominate.
 */
export function logTransformReason(values: ArrayLike<number>, fit: ArrayLike<number>): string | null {
  // Moments first, in two passes without allocating: most columns stop here, and this runs per numeric
  // column on up to 500,000 rows (on the page too, when Start fits the encoding on the training rows).
  let n = 0;
  let sum = 0;
  for (let i = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (!Number.isFinite(v)) continue;
    if (v < 0) return null;
    n++;
    sum += v;
  }
  if (n < LOG_MIN_DISTINCT) return null;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (!Number.isFinite(v)) continue;
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  if (m2 <= 0) return null;
  const skewness = m3 / m2 ** 1.5;
  if (!(skewness > LOG_MIN_SKEWNESS)) return null;
  const sorted = new Float64Array(n);
  for (let i = 0, k = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (Number.isFinite(v)) sorted[k++] = v;
  }
  sorted.sort();
  let distinct = 1;
  for (let i = 1; i < n && distinct < LOG_MIN_DISTINCT; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct < LOG_MIN_DISTINCT) return null;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const max = sorted[n - 1]!;
  if (!(max >= LOG_MIN_SPREAD * median)) return null;
  return `skewed: skewness ${skewness.toFixed(1)}, largest ${short(max)} vs median ${short(median)}`;
}

/** A value column: missing (non-finite) → the mean of the fit rows, with a "was missing" indicator when the fit rows have gaps. */
function valueEncoder(
  kind: 'numeric' | 'boolean',
  name: string,
  values: ArrayLike<number>,
  fit: ArrayLike<number>,
  words: readonly string[],
  extra: { format?: NumberFormat; log?: { reason: string } } = {},
): ColumnEncoder {
  const { fill, gaps, range } = fitValues(values, fit, extra.log ? (v) => (v < 0 ? -Math.log1p(-v) : Math.log1p(v)) : undefined);
  return { kind, column: name, fill, indicator: gaps, range, words, ...(extra.format ? { format: extra.format } : {}), ...(extra.log ? { log: extra.log } : {}) };
}

/** The distinct texts of the fit rows that read as yes/no (what a form offers for a boolean column). */
function booleanWords(view: TextView, fit: ArrayLike<number>): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < fit.length && seen.size < 8; i++) {
    const code = view.codes[fit[i]!]!;
    if (code !== MISSING_CODE && Number.isFinite(cellValue('boolean', view.levels[code]!))) seen.add(view.levels[code]!);
  }
  return [...seen].sort();
}

/** Levels by falling count, ties by the level's text, so the choice is the same everywhere. */
const byCount = ([a, n]: [string, number], [b, m]: [string, number]) => m - n || (a < b ? -1 : a > b ? 1 : 0);

function categoricalEncoder(name: string, view: TextView, fit: ArrayLike<number>): ColumnEncoder {
  const counts = new Map<string, number>();
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    const level = code === MISSING_CODE ? MISSING_LEVEL : view.levels[code]!;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const common = [...counts.entries()].filter(([level, n]) => n >= RARE_LEVEL_COUNT || level === MISSING_LEVEL);
  if (counts.size <= MAX_ONE_HOT_LEVELS) {
    const kept = common.map(([level]) => level).sort();
    const pooled = kept.length < counts.size;
    return { kind: 'categorical', column: name, levels: pooled ? [...kept, OTHER_LEVEL] : kept };
  }
  // Many levels: a one-hot of every level would be wide and mostly noise; the commonest get columns, and
  // the frequency column tells common levels from rare ones for all the others.
  const kept = common.sort(byCount).slice(0, MAX_ONE_HOT_LEVELS).map(([level]) => level).sort();
  const listed = [...counts.entries()].sort(byCount).slice(0, MAX_FREQUENCY_LEVELS);
  const total = Math.max(1, fit.length);
  return {
    kind: 'categorical',
    column: name,
    levels: [...kept, OTHER_LEVEL],
    frequencyLevels: listed.map(([level]) => level),
    frequencies: listed.map(([, n]) => n / total),
    reason: `${counts.size.toLocaleString('en')} levels: the ${kept.length} most frequent one-hot, the rest pooled, plus each level's share of the rows`,
  };
}

const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'day', 'weekday'];

function dateEncoder(name: string, view: TextView, fit: ArrayLike<number>, reading: DateReading): ColumnEncoder {
  const seen = new Uint8Array(view.levels.length);
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    if (code !== MISSING_CODE) seen[code] = 1;
  }
  const hasTime = view.levels.some((level, code) => seen[code] === 1 && dateHasTime(level, reading));
  const parts: readonly DatePart[] = hasTime ? [...DATE_PARTS, 'hour'] : DATE_PARTS;
  // Parts are worked out once per distinct value, then spread over the rows.
  const fills = parts.map((part) => fitValues(levelValues(view, (level) => datePartOf(part, level, reading)), fit).fill);
  const { gaps } = fitValues(levelValues(view, (level) => datePartOf('year', level, reading)), fit);
  return { kind: 'datetime', column: name, parts, fills, indicator: gaps, reading };
}

/** Distinct values of a view and their counts over the fit rows. */
function fitCounts(view: TextView, fit: ArrayLike<number>): Uint32Array {
  const counts = new Uint32Array(view.levels.length);
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    if (code !== MISSING_CODE) counts[code]!++;
  }
  return counts;
}

/** The number form of a text column the person wants read as numbers: the profile's, else the best the cells allow. */
function numberFormatFor(profile: ColumnProfile, column: ColumnData, fit: ArrayLike<number>): NumberFormat | undefined {
  if (profile.numberFormat || column.type === 'number') return profile.numberFormat;
  const view = textView(column);
  return detectNumberFormat(view.levels, fitCounts(view, fit), Number.POSITIVE_INFINITY) ?? undefined;
}

/** The date reading of a column the person wants read as dates: the profile's, else the best the cells allow. */
function dateReadingFor(profile: ColumnProfile, column: ColumnData, fit: ArrayLike<number>): DateReading {
  if (profile.dateReading) return profile.dateReading;
  if (column.type === 'number') {
    // Chosen as dates without a telling name: seconds or milliseconds by size (ms from 1973 on exceed 1e11).
    const values = fitValues(column.values, fit).range;
    return { kind: 'epoch', unit: values && values[1] >= 1e11 ? 'ms' : 's' };
  }
  const view = textView(column);
  return detectDateReading(view.levels, fitCounts(view, fit), Number.POSITIVE_INFINITY)?.reading ?? DEFAULT_READING;
}

export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

/**
 * Fits the encoding: imputation values, one-hot levels, rare-level pooling, frequencies, log transforms,
 * missing indicators and date parts from `fitRows` (table rows; default: all rows), so held-out rows never
 * shape their own encoding. The person's choices (options.choices) overrule the profiled kinds.
 */
export function fitTableEncoder(table: ColumnarTable, profiles: readonly ColumnProfile[], task: Task, fitRows?: ArrayLike<number>, options: EncodeOptions = {}): TableFeatureEncoder {
  const fit: ArrayLike<number> = fitRows ?? allRows(table.numRows);
  const targetIndex = table.columns.indexOf(task.target);
  const dropped: DroppedColumn[] = [];
  const columns: ColumnEncoder[] = [];
  profiles.forEach((profile, index) => {
    if (index === targetIndex) return;
    const choice = profile.kind === 'split' ? 'auto' : (options.choices?.[index] ?? 'auto');
    if (choice === 'omit') {
      dropped.push({ name: profile.name, reason: LEFT_OUT_BY_CHOICE });
      return;
    }
    const kind: ColumnKind = choice === 'auto' ? profile.kind : choice === 'log' ? 'numeric' : choice;
    const reason = DROP_REASONS[kind];
    if (reason) {
      dropped.push({ name: profile.name, reason });
      return;
    }
    const encoder = columnEncoder(kind, choice, profile, table.data[index]!, fit);
    columns.push(encoder);
  });
  if (columns.length === 0) {
    const why = dropped.length > 0 ? ` (left out: ${dropped.map((d) => `"${d.name}" — ${d.reason}`).join('; ')})` : '';
    throw new DataError('no-features', `Besides the target "${task.target}" the table has no usable feature columns${why}.`);
  }
  const featureNames = columns.flatMap(columnFeatureNames);
  return { kind: 'table', target: task.target, columns, featureNames, dropped };
}

/** One kept column's encoder: `kind` is the profiled one or the person's; `choice` says which. */
function columnEncoder(kind: ColumnKind, choice: ColumnChoice, profile: ColumnProfile, column: ColumnData, fit: ArrayLike<number>): ColumnEncoder {
  const name = profile.name;
  switch (kind) {
    case 'numeric': {
      const format = numberFormatFor(profile, column, fit);
      const values = column.type === 'number' ? column.values : levelValues(textView(column), (level) => numberValue(level, format));
      const auto = choice === 'auto' ? logTransformReason(values, fit) : null;
      const log = choice === 'log' ? { reason: 'your choice' } : auto ? { reason: auto } : undefined;
      return valueEncoder('numeric', name, values, fit, [], { ...(format ? { format } : {}), ...(log ? { log } : {}) });
    }
    case 'boolean': {
      const view = textView(column);
      return valueEncoder('boolean', name, levelValues(view, (level) => cellValue('boolean', level)), fit, booleanWords(view, fit));
    }
    case 'datetime':
      return dateEncoder(name, textView(column), fit, dateReadingFor(profile, column, fit));
    case 'text':
      return { kind: 'words', column: name, buckets: WORD_BUCKETS };
    default:
      return categoricalEncoder(name, textView(column), fit);
  }
}

/** Prepared rows: every labelled row of the table, encoded, with what was left out. */
export type EncodedTable = ModelData & {
  readonly dropped: readonly DroppedColumn[];
  readonly encoder: TableFeatureEncoder;
  /** Table rows (0-based) without a target value, left out of the rows here; empty when every row has one. */
  readonly unlabelledRows: readonly number[];
};

/**
 * Encodes every labelled row with the encoding fitted on `fitRows`, which index those labelled rows (as the
 * study's splits do; default: all of them). The encoder comes back too, so new rows can be encoded the same
 * way later (tableEncoder.ts: encodeRecords).
 */
export function encodeTable(table: ColumnarTable, profiles: readonly ColumnProfile[], task: Task, fitRows?: readonly number[], options: EncodeOptions = {}): EncodedTable {
  const targetIndex = table.columns.indexOf(task.target);
  const allTargets = encodeTargets(table, targetIndex, task, profiles[targetIndex]!);
  const { labelled, unlabelled } = splitLabelled(allTargets);
  const complete = unlabelled.length === 0;
  const fitTableRows = fitRows ? Uint32Array.from(fitRows, (r) => labelled[r]!) : labelled;
  const encoder = fitTableEncoder(table, profiles, task, fitTableRows, options);
  const { featureNames, dropped } = encoder;
  const width = featureNames.length;
  const all = applyTableEncoder(encoder, table);
  const features = complete ? all : gatherRows(all, width, labelled);
  const targets = complete ? allTargets : Float32Array.from(labelled, (r) => allTargets[r]!);
  return {
    numRows: labelled.length,
    numFeatures: width,
    featureNames,
    features,
    targets,
    task,
    dropped,
    encoder,
    unlabelledRows: unlabelled,
    ...(complete ? {} : { tableRows: labelled }),
  };
}

/** Rows whose target is known (finite) and those whose is not, in table order. */
export function splitLabelled(targets: ArrayLike<number>): { labelled: Uint32Array; unlabelled: number[] } {
  const unlabelled: number[] = [];
  for (let r = 0; r < targets.length; r++) if (!Number.isFinite(targets[r]!)) unlabelled.push(r);
  if (unlabelled.length === 0) return { labelled: allRows(targets.length), unlabelled };
  const labelled = new Uint32Array(targets.length - unlabelled.length);
  let n = 0;
  for (let r = 0; r < targets.length; r++) if (Number.isFinite(targets[r]!)) labelled[n++] = r;
  return { labelled, unlabelled };
}

/** `rows` of a row-major matrix of `width` columns, packed. */
export function gatherRows(matrix: Float32Array, width: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(matrix.subarray(rows[i]! * width, (rows[i]! + 1) * width), i * width);
  return out;
}

function allRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Per table row, the target as a class index or a value; NaN where the row has none (or one that does not read). */
export function encodeTargets(table: ColumnarTable, targetIndex: number, task: Task, profile: ColumnProfile): Float32Array {
  const column = table.data[targetIndex]!;
  if (task.kind === 'regression') {
    if (column.type === 'number') return Float32Array.from(column.values);
    const format = profile.numberFormat;
    return Float32Array.from(levelValues(textView(column), (level) => numberValue(level, format)));
  }
  const view = textView(column);
  const classIndex = new Map(task.classNames.map((name, i) => [name, i]));
  const byCode = view.levels.map((level) => classIndex.get(level) ?? Number.NaN);
  const targets = new Float32Array(view.codes.length);
  for (let r = 0; r < targets.length; r++) {
    const code = view.codes[r]!;
    targets[r] = code === MISSING_CODE ? Number.NaN : byCode[code]!;
  }
  return targets;
}
