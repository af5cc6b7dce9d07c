/**
 * Turns a columnar table and a task into a numeric matrix, column by column according to its profiled kind
 * (text columns are handled per distinct value, then spread over rows by their codes):
 * - numeric and boolean: the value (missing → the column mean, plus a 0/1 "was missing" indicator column);
 * - categorical: one-hot, with levels seen fewer than RARE_LEVEL_COUNT times pooled into "(other)" and
 *   missing values as their own level;
 * - date/time: year, month, day of month, day of week (and hour when times are present);
 * - identifiers, constants, empty columns and free text are left out, with the reason recorded.
 * Everything learned from the data (fill values, levels, pooling, indicators, time parts) comes from the fit rows
 * only. Scaling is not done here: it must be fitted on each training split, which the training worker does.
 * Fitting yields a plain-data encoder (tableEncoder.ts) and encoding applies it, so new rows encoded later
 * with the same encoder (predictions) get exactly the features the training rows got.
 */
import { DataError } from './errors';
import { dateValue } from './profile';
import { MISSING_CODE, textView, type ColumnarTable, type TextView } from './table/columnar';
import { applyTableEncoder, cellValue, columnFeatureNames, datePartOf, levelValues, MISSING_LEVEL, OTHER_LEVEL, type ColumnEncoder, type DatePart, type TableFeatureEncoder } from './tableEncoder';
import type { ColumnKind, ColumnProfile, ModelData, Task } from './types';

/** Levels rarer than this share one "(other)" column, so a typo or a one-off code does not get its own input. */
export const RARE_LEVEL_COUNT = 3;

const DROP_REASONS: Partial<Record<ColumnKind, string>> = {
  identifier: 'an identifier (a different value in every row)',
  constant: 'the same value in every row',
  empty: 'no values',
  text: 'free text (table models do not read text yet)',
  split: 'marks the designated train/test split',
};

/** Over the fit rows: the mean of the finite values (the fill for missing ones), whether any is missing, and the range. */
function fitValues(values: ArrayLike<number>, fit: ArrayLike<number>): { fill: number; gaps: boolean; range: readonly [number, number] | null } {
  let sum = 0;
  let count = 0;
  let gaps = false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    } else gaps = true;
  }
  return { fill: count > 0 ? sum / count : 0, gaps, range: count > 0 ? [min, max] : null };
}

/** A value column: missing (non-finite) → the mean of the fit rows, with a "was missing" indicator when the fit rows have gaps. */
function valueEncoder(kind: 'numeric' | 'boolean', name: string, values: ArrayLike<number>, fit: ArrayLike<number>, withIndicator: boolean, words: readonly string[]): ColumnEncoder {
  const { fill, gaps, range } = fitValues(values, fit);
  return { kind, column: name, fill, indicator: withIndicator && gaps, range, words };
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

function categoricalEncoder(name: string, view: TextView, fit: ArrayLike<number>): ColumnEncoder {
  const counts = new Map<string, number>();
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    const level = code === MISSING_CODE ? MISSING_LEVEL : view.levels[code]!;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const kept = [...counts.entries()].filter(([level, n]) => n >= RARE_LEVEL_COUNT || level === MISSING_LEVEL).map(([level]) => level).sort();
  const pooled = kept.length < counts.size;
  return { kind: 'categorical', column: name, levels: pooled ? [...kept, OTHER_LEVEL] : kept };
}

const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'day', 'weekday'];

function dateEncoder(name: string, view: TextView, fit: ArrayLike<number>, withIndicator: boolean): ColumnEncoder {
  const seen = new Uint8Array(view.levels.length);
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    if (code !== MISSING_CODE) seen[code] = 1;
  }
  const hasTime = view.levels.some((level, code) => seen[code] === 1 && /\d{1,2}:\d{2}/.test(level));
  const parts: readonly DatePart[] = hasTime ? [...DATE_PARTS, 'hour'] : DATE_PARTS;
  // Parts are worked out once per distinct value, then spread over the rows.
  const fills = parts.map((part) => fitValues(levelValues(view, (level) => datePartOf(part, level)), fit).fill);
  const { gaps } = fitValues(levelValues(view, dateValue), fit);
  return { kind: 'datetime', column: name, parts, fills, indicator: withIndicator && gaps };
}

export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

/**
 * Fits the encoding: imputation values, one-hot levels, rare-level pooling, missing indicators and date parts
 * from `fitRows` only (default: all rows), so held-out rows never shape their own encoding.
 */
export function fitTableEncoder(table: ColumnarTable, profiles: readonly ColumnProfile[], task: Task, fitRows?: readonly number[]): TableFeatureEncoder {
  const fit: ArrayLike<number> = fitRows ?? allRows(table.numRows);
  const targetIndex = table.columns.indexOf(task.target);
  const dropped: DroppedColumn[] = [];
  const columns: ColumnEncoder[] = [];
  profiles.forEach((profile, index) => {
    if (index === targetIndex) return;
    const reason = DROP_REASONS[profile.kind];
    if (reason) {
      dropped.push({ name: profile.name, reason });
      return;
    }
    const column = table.data[index]!;
    const withIndicator = profile.missing > 0;
    if (profile.kind === 'numeric' && column.type === 'number') columns.push(valueEncoder('numeric', profile.name, column.values, fit, withIndicator, []));
    else if (profile.kind === 'numeric' || profile.kind === 'boolean') {
      const view = textView(column);
      const values = levelValues(view, (level) => cellValue(profile.kind as 'numeric' | 'boolean', level));
      columns.push(valueEncoder(profile.kind, profile.name, values, fit, withIndicator, profile.kind === 'boolean' ? booleanWords(view, fit) : []));
    } else if (profile.kind === 'datetime') columns.push(dateEncoder(profile.name, textView(column), fit, withIndicator));
    else columns.push(categoricalEncoder(profile.name, textView(column), fit));
  });
  if (columns.length === 0) {
    const why = dropped.length > 0 ? ` (left out: ${dropped.map((d) => `"${d.name}" — ${d.reason}`).join('; ')})` : '';
    throw new DataError('no-features', `Besides the target "${task.target}" the table has no usable feature columns${why}.`);
  }
  const featureNames = columns.flatMap(columnFeatureNames);
  return { kind: 'table', target: task.target, columns, featureNames, dropped };
}

/**
 * Encodes every row with the encoding fitted on `fitRows` (see fitTableEncoder), which comes back too so new
 * rows can be encoded the same way later (tableEncoder.ts: encodeRecords).
 */
export function encodeTable(
  table: ColumnarTable,
  profiles: readonly ColumnProfile[],
  task: Task,
  fitRows?: readonly number[],
): ModelData & { readonly dropped: readonly DroppedColumn[]; readonly encoder: TableFeatureEncoder } {
  const encoder = fitTableEncoder(table, profiles, task, fitRows);
  const features = applyTableEncoder(encoder, table);
  const targets = encodeTargets(table, table.columns.indexOf(task.target), task);
  const { featureNames, dropped } = encoder;
  return { numRows: table.numRows, numFeatures: featureNames.length, featureNames, features, targets, task, dropped, encoder };
}

function allRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function encodeTargets(table: ColumnarTable, targetIndex: number, task: Task): Float32Array {
  const column = table.data[targetIndex]!;
  if (task.kind === 'regression') {
    if (column.type === 'number') return Float32Array.from(column.values);
    const view = textView(column);
    return Float32Array.from(levelValues(view, Number));
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
