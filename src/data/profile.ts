/**
 * Column profiling and task inference: which columns are numbers, how many values are missing or distinct,
 * and whether a chosen target makes a binary, multi-class or regression task. Works on the columnar table:
 * number columns from their values, text columns from their distinct values and counts (never per cell).
 * Text columns are also tried as dates (dates.ts) and as numbers written for people (numberFormat.ts); a
 * number column whose name says "time" may hold epoch times. Each profile says why it got its kind.
 */
import { describeDateReading, detectDateReading, epochReading, parseDate, type DateReading } from './dates';
import { DataError } from './errors';
import { describeNumberFormat, detectNumberFormat, isPlainFormat, parseFormattedNumber, type NumberFormat } from './numberFormat';
import { MISSING_CODE, isMissingTrimmed, textView, type ColumnData, type ColumnarTable, type TextView } from './table/columnar';
import { isSplitColumn } from './splitColumn';
import type { ColumnProfile, ColumnSummary, Task } from './types';

export const isMissing = (cell: string): boolean => isMissingTrimmed(cell.trim());

export function parseNumber(cell: string): number {
  const trimmed = cell.trim();
  if (trimmed === '') return Number.NaN;
  return Number(trimmed);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f']);
export const booleanValue = (cell: string): number => (TRUE_WORDS.has(cell.trim().toLowerCase()) ? 1 : FALSE_WORDS.has(cell.trim().toLowerCase()) ? 0 : Number.NaN);

/** A date cell in ms since 1970 UTC, read as ISO (or in `reading`): see dates.ts. */
export const dateValue = (cell: string, reading?: DateReading): number => parseDate(cell, reading);

/** A numeric cell's value: plain numbers, or in the column's written form when it has one. */
export const numberValue = (cell: string, format?: NumberFormat): number => (format ? parseFormattedNumber(cell, format) : parseNumber(cell));

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

/** A kind with what else the profile records about it. */
type Classified = Pick<ColumnProfile, 'kind' | 'numberFormat' | 'dateReading' | 'reason'> & { readonly unreadable?: number };

function classifyNumbers(name: string, present: Float64Array, distinct: number): Classified {
  if (present.length === 0) return { kind: 'empty', reason: 'no values' };
  if (distinct === 1) return { kind: 'constant', reason: 'the same value in every row' };
  const epoch = epochReading(name, present);
  if (epoch) return { kind: 'datetime', dateReading: epoch, reason: describeDateReading(epoch) };
  // A unique integer per row, named like an id or counting up row by row, identifies rows rather than describing them.
  const allDistinct = distinct === present.length && present.length > 10;
  if (!allDistinct) return { kind: 'numeric', reason: 'numbers' };
  let integers = true;
  let sequential = true;
  for (let i = 0; i < present.length; i++) {
    if (!Number.isInteger(present[i]!)) integers = false;
    if (i > 0 && present[i] !== present[i - 1]! + 1) sequential = false;
  }
  if (integers && ID_NAME.test(name)) return { kind: 'identifier', reason: 'a different whole number in every row, named like an id' };
  if (integers && sequential) return { kind: 'identifier', reason: 'counts up by one from row to row' };
  return { kind: 'numeric', reason: 'numbers' };
}

/** Mean words per cell at which varied text counts as short free text (names, titles) rather than codes. */
const SHORT_TEXT_WORDS = 1.5;

function classifyText(levels: readonly string[], counts: Uint32Array, present: number): Classified {
  const distinct = levels.length;
  if (present === 0) return { kind: 'empty', reason: 'no values' };
  if (distinct === 1) return { kind: 'constant', reason: 'the same value in every row' };
  if (levels.every((c) => !Number.isNaN(booleanValue(c)))) return { kind: 'boolean', reason: 'yes/no values' };
  const dates = detectDateReading(levels, counts);
  if (dates) {
    const { reading, unreadable, ambiguousOrder } = dates;
    return { kind: 'datetime', dateReading: reading, unreadable, reason: describeDateReading(reading, ambiguousOrder) + unreadableNote(unreadable) };
  }
  const format = detectNumberFormat(levels, counts);
  if (format) {
    let unreadable = 0;
    for (let i = 0; i < levels.length; i++) if (!Number.isFinite(parseFormattedNumber(levels[i]!, format))) unreadable += counts[i]!;
    const how = isPlainFormat(format) ? 'numbers' : describeNumberFormat(format, levels);
    return { kind: 'numeric', numberFormat: format, unreadable, reason: how + unreadableNote(unreadable) };
  }
  let length = 0;
  let words = 0;
  levels.forEach((c, i) => {
    length += c.length * counts[i]!;
    words += c.split(/\s+/).length * counts[i]!;
  });
  const meanLength = length / present;
  const meanWords = words / present;
  const varied = distinct > present / 2;
  if (meanWords >= 4 && varied) return { kind: 'text', reason: 'free text: many different values of several words' };
  // Names and titles: mostly different values of a few words each. Single tokens all different are codes.
  if (meanWords >= SHORT_TEXT_WORDS && varied && present > 20) return { kind: 'text', reason: 'short free text: mostly different values of a few words (names, titles)' };
  if (distinct === present && present > 20 && meanLength <= 64) return { kind: 'identifier', reason: 'a different code in every row' };
  return { kind: 'categorical', reason: `${distinct.toLocaleString('en')} different values` };
}

const unreadableNote = (n: number) => (n > 0 ? `; ${n.toLocaleString('en')} cell${n === 1 ? '' : 's'} in another form read as missing` : '');

function profileColumn(name: string, column: ColumnData, numRows: number): ColumnProfile {
  if (column.type === 'number') {
    const { present, distinct: numericDistinct } = presentNumbers(column.values);
    // A number column that kept its own text counts distinct values as written ("1" and "1.0" differ).
    const textCounts = column.text ? levelCounts(textView(column)) : null;
    const distinct = column.text ? column.text.levels.length : numericDistinct;
    const classified = classifyNumbers(name, present, distinct);
    let summary: ColumnSummary | null = null;
    if (present.length > 0 && classified.kind === 'numeric') summary = histogram(present);
    else if (present.length > 0) {
      const view = textView(column);
      summary = topValues(view.levels, (textCounts ?? levelCounts(view)).counts);
    }
    return { name, ...classified, missing: numRows - present.length, distinct, summary };
  }
  const { counts, present } = levelCounts(column);
  const split = isSplitColumn(name, column.levels, numRows - present);
  const { unreadable = 0, ...classified }: Classified = split ? { kind: 'split', reason: 'marks the designated train/test split' } : classifyText(column.levels, counts, present);
  let summary: ColumnSummary | null = present === 0 ? null : topValues(column.levels, counts);
  if (classified.kind === 'numeric' && classified.numberFormat) {
    // Numbers written for people get a histogram of what they say, like any numeric column.
    const values = new Float64Array(present - unreadable);
    let n = 0;
    const byLevel = column.levels.map((level) => parseFormattedNumber(level, classified.numberFormat!));
    for (let r = 0; r < column.codes.length; r++) {
      const code = column.codes[r]!;
      if (code !== MISSING_CODE && Number.isFinite(byLevel[code]!)) values[n++] = byLevel[code]!;
    }
    if (n > 0) summary = histogram(values.subarray(0, n));
  }
  return { name, ...classified, missing: numRows - present + unreadable, distinct: column.levels.length, summary };
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

/**
 * A target must have a value in at least this many rows when some rows have none: those rows are left out of
 * training and testing, and fewer than this cannot give both a training set and a test set worth the name.
 */
export const MIN_LABELLED_ROWS = 10;

/** Per row, a numeric target's value (NaN: missing or unreadable), read in the column's written form. */
export function numericTargetValues(column: ColumnData, profile: ColumnProfile): Float64Array {
  if (column.type === 'number') return column.values;
  const format = profile.numberFormat;
  const view = textView(column);
  const byLevel = Float64Array.from(view.levels, (level) => numberValue(level, format));
  const out = new Float64Array(view.codes.length);
  for (let r = 0; r < out.length; r++) {
    const code = view.codes[r]!;
    out[r] = code === MISSING_CODE ? Number.NaN : byLevel[code]!;
  }
  return out;
}

export function inferTask(table: ColumnarTable, profiles: readonly ColumnProfile[], target: string, choice: TaskChoice = 'auto'): Task {
  const index = table.columns.indexOf(target);
  if (index < 0) throw new DataError('bad-target', `There is no column named "${target}".`);
  const profile = profiles[index]!;
  if (profile.kind === 'split') {
    throw new DataError('bad-target', `The column "${target}" marks which rows are for training and which for testing; pick the column to predict instead.`);
  }
  // Rows without a target value are left out of training and testing (prepareForTarget), unless too few are left.
  const labelled = table.numRows - profile.missing;
  if (profile.missing > 0 && labelled < MIN_LABELLED_ROWS) {
    throw new DataError(
      'bad-target',
      `The target column "${target}" has a value in only ${labelled} of ${table.numRows.toLocaleString('en')} rows; at least ${MIN_LABELLED_ROWS} labelled rows are needed to train and test. Fill in more values or pick another target.`,
    );
  }
  if (profile.distinct < 2) {
    throw new DataError('bad-target', `The target column "${target}" has a single value, so there is nothing to predict.`);
  }
  const column = table.data[index]!;
  // A number column's every present cell reads as a finite number; a text column does only when written in one numeric form.
  const numericTarget = (column.type === 'number' && (profile.kind === 'numeric' || profile.kind === 'identifier')) || (profile.kind === 'numeric' && profile.numberFormat !== undefined);
  const values = numericTarget ? numericTargetValues(column, profile) : null;
  let integerLike = values !== null;
  if (values) for (let r = 0; r < values.length && integerLike; r++) if (Number.isFinite(values[r]!) && !Number.isInteger(values[r]!)) integerLike = false;
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

  const format = profile.numberFormat;
  // Cells of a numeric target that do not read as numbers count as missing (unlabelled), not as a class.
  const classNames = textView(column).levels.filter((level) => !numericTarget || Number.isFinite(numberValue(level, format)));
  classNames.sort(numericTarget ? (a, b) => numberValue(a, format) - numberValue(b, format) : undefined);
  return { kind: classNames.length === 2 ? 'binary' : 'multiclass', target, classNames };
}
