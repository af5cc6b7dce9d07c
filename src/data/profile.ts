/**
 * Column profiling and task inference: which columns are numbers, how many values are missing or distinct,
 * and whether a chosen target makes a binary, multi-class or regression task. Works on the columnar table:
 * number columns from their values, text columns from their distinct values and counts (never per cell).
 */
import { DataError } from './errors';
import { MISSING_CODE, isMissingTrimmed, textView, type ColumnData, type ColumnarTable, type TextView } from './table/columnar';
import { isSplitColumn } from './splitColumn';
import type { ColumnKind, ColumnProfile, ColumnSummary, Task } from './types';

export const isMissing = (cell: string): boolean => isMissingTrimmed(cell.trim());

export function parseNumber(cell: string): number {
  const trimmed = cell.trim();
  if (trimmed === '') return Number.NaN;
  return Number(trimmed);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f']);
export const booleanValue = (cell: string): number => (TRUE_WORDS.has(cell.trim().toLowerCase()) ? 1 : FALSE_WORDS.has(cell.trim().toLowerCase()) ? 0 : Number.NaN);

/** ISO-like dates (2024-05-01, 2024-05-01T10:00, 2024/05/01 10:00) — not bare numbers, which Date.parse also accepts. */
const DATE_PATTERN = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const dateValue = (cell: string): number => {
  const text = cell.trim();
  if (!DATE_PATTERN.test(text)) return Number.NaN;
  const [date, time] = text.split(/[ T]/);
  const [y, m, d] = date!.split(/[-/]/).map(Number);
  return Date.parse(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${time ? `T${time}` : ''}`);
};

const ID_NAME = /(^|[_\s-])(id|uuid|guid|key)$|^id[_\s-]/i;
const HISTOGRAM_BINS = 10;
const TOP_VALUES = 5;

function histogram(values: Float64Array): ColumnSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS || 1;
  for (let i = 0; i < values.length; i++) bins[Math.min(HISTOGRAM_BINS - 1, Math.floor((values[i]! - min) / width))]!++;
  return { kind: 'histogram', min, max, mean: sum / values.length, bins };
}

const collator = new Intl.Collator();

/** The most frequent values, ties by collation: a running top five rather than sorting every distinct value. */
function topValues(levels: readonly string[], counts: ArrayLike<number>): ColumnSummary {
  const before = (a: number, b: number) => counts[a]! - counts[b]! > 0 || (counts[a] === counts[b] && collator.compare(levels[a]!, levels[b]!) < 0);
  const top: number[] = [];
  for (let i = 0; i < levels.length; i++) {
    if (counts[i]! === 0) continue;
    if (top.length === TOP_VALUES && !before(i, top[TOP_VALUES - 1]!)) continue;
    let at = top.length === TOP_VALUES ? TOP_VALUES - 1 : top.length;
    while (at > 0 && before(i, top[at - 1]!)) at--;
    top.splice(at, 0, i);
    if (top.length > TOP_VALUES) top.pop();
  }
  return { kind: 'top', values: top.map((i) => ({ value: levels[i]!, count: counts[i]! })) };
}

/** Distinct values of a text view and how often each occurs (missing cells not counted). */
function levelCounts(view: TextView): { counts: Uint32Array; present: number } {
  const counts = new Uint32Array(view.levels.length);
  let present = 0;
  for (let r = 0; r < view.codes.length; r++) {
    const code = view.codes[r]!;
    if (code === MISSING_CODE) continue;
    counts[code]!++;
    present++;
  }
  return { counts, present };
}

/** The present values of a number column in row order, and how many distinct ones there are. */
function presentNumbers(values: Float64Array): { present: Float64Array; distinct: number } {
  // Indexed loops: these run once per column over every row, too few calls for iterators to get optimised.
  let n = 0;
  for (let r = 0; r < values.length; r++) if (values[r] === values[r]) n++;
  const present = new Float64Array(n);
  n = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v === v) present[n++] = v;
  }
  const sorted = present.slice().sort();
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return { present, distinct };
}

function classifyNumbers(name: string, present: Float64Array, distinct: number): ColumnKind {
  if (present.length === 0) return 'empty';
  if (distinct === 1) return 'constant';
  // A unique integer per row, named like an id or counting up row by row, identifies rows rather than describing them.
  const allDistinct = distinct === present.length && present.length > 10;
  if (!allDistinct) return 'numeric';
  let integers = true;
  let sequential = true;
  for (let i = 0; i < present.length; i++) {
    if (!Number.isInteger(present[i]!)) integers = false;
    if (i > 0 && present[i] !== present[i - 1]! + 1) sequential = false;
  }
  return integers && (ID_NAME.test(name) || sequential) ? 'identifier' : 'numeric';
}

function classifyText(levels: readonly string[], counts: Uint32Array, present: number): ColumnKind {
  const distinct = levels.length;
  if (present === 0) return 'empty';
  if (distinct === 1) return 'constant';
  if (levels.every((c) => !Number.isNaN(booleanValue(c)))) return 'boolean';
  if (levels.every((c) => Number.isFinite(dateValue(c)))) return 'datetime';
  let length = 0;
  let words = 0;
  levels.forEach((c, i) => {
    length += c.length * counts[i]!;
    words += c.split(/\s+/).length * counts[i]!;
  });
  const meanLength = length / present;
  const meanWords = words / present;
  if (meanWords >= 4 && distinct > present / 2) return 'text';
  if (distinct === present && present > 20 && meanLength <= 64) return 'identifier';
  return 'categorical';
}

function profileColumn(name: string, column: ColumnData, numRows: number): ColumnProfile {
  if (column.type === 'number') {
    const { present, distinct: numericDistinct } = presentNumbers(column.values);
    // A number column that kept its own text counts distinct values as written ("1" and "1.0" differ).
    const textCounts = column.text ? levelCounts(textView(column)) : null;
    const distinct = column.text ? column.text.levels.length : numericDistinct;
    const kind = classifyNumbers(name, present, distinct);
    let summary: ColumnSummary | null = null;
    if (present.length > 0 && kind === 'numeric') summary = histogram(present);
    else if (present.length > 0) {
      const view = textView(column);
      summary = topValues(view.levels, (textCounts ?? levelCounts(view)).counts);
    }
    return { name, kind, missing: numRows - present.length, distinct, summary };
  }
  const { counts, present } = levelCounts(column);
  const kind = isSplitColumn(name, column.levels, numRows - present) ? 'split' : classifyText(column.levels, counts, present);
  return { name, kind, missing: numRows - present, distinct: column.levels.length, summary: present === 0 ? null : topValues(column.levels, counts) };
}

export function profileColumns(table: ColumnarTable): ColumnProfile[] {
  return table.columns.map((name, c) => profileColumn(name, table.data[c]!, table.numRows));
}

/** A classification target with more classes than this is almost certainly the wrong column. */
const MAX_CLASSES = 200;

/** Integer-valued numeric targets with at most this many levels are read as classes, not quantities. */
const MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

/** 'auto' infers the task; the others overrule the inference where the target allows it. */
export type TaskChoice = 'auto' | 'classification' | 'regression';

export function inferTask(table: ColumnarTable, profiles: readonly ColumnProfile[], target: string, choice: TaskChoice = 'auto'): Task {
  const index = table.columns.indexOf(target);
  if (index < 0) throw new DataError('bad-target', `There is no column named "${target}".`);
  const profile = profiles[index]!;
  if (profile.kind === 'split') {
    throw new DataError('bad-target', `The column "${target}" marks which rows are for training and which for testing; pick the column to predict instead.`);
  }
  if (profile.missing > 0) {
    throw new DataError(
      'bad-target',
      `The target column "${target}" has ${profile.missing} empty value(s). Remove those rows or pick another target.`,
    );
  }
  if (profile.distinct < 2) {
    throw new DataError('bad-target', `The target column "${target}" has a single value, so there is nothing to predict.`);
  }
  const column = table.data[index]!;
  // Every cell of a number column reads as a finite number; text columns hold at least one that does not.
  const numericTarget = column.type === 'number' && (profile.kind === 'numeric' || profile.kind === 'identifier');
  const integerLike = numericTarget && column.values.every(Number.isInteger);
  if (choice === 'regression' && !numericTarget) {
    throw new DataError('bad-target', `"${target}" holds text, not numbers, so it cannot be a regression target. Choose classification or another column.`);
  }
  const inferred = !numericTarget || (integerLike && profile.distinct <= MAX_CLASSES_FOR_NUMERIC_TARGET);
  const classification = choice === 'auto' ? inferred : choice === 'classification';
  if (classification && profile.distinct > MAX_CLASSES) {
    throw new DataError(
      'bad-target',
      `The target column "${target}" has ${profile.distinct.toLocaleString('en')} different values — too many classes to learn (at most ${MAX_CLASSES}). ` +
        'Pick a column with fewer categories, or a numeric column to predict a quantity.',
    );
  }
  if (!classification) return { kind: 'regression', target, classNames: [] };

  const classNames = [...textView(column).levels];
  classNames.sort(numericTarget ? (a, b) => Number(a) - Number(b) : undefined);
  return { kind: classNames.length === 2 ? 'binary' : 'multiclass', target, classNames };
}
