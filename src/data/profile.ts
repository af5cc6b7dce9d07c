/**
 * Column profiling and task inference: which columns are numbers, how many values are missing or distinct,
 * and whether a chosen target makes a binary, multi-class or regression task.
 */
import { DataError } from './errors';
import type { RawTable } from './csv';
import type { ColumnKind, ColumnProfile, ColumnSummary, Task } from './types';

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export const isMissing = (cell: string): boolean => MISSING_TOKENS.has(cell.trim().toLowerCase());

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

function histogram(values: readonly number[]): ColumnSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS || 1;
  for (const v of values) bins[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width))]!++;
  return { kind: 'histogram', min, max, mean: sum / values.length, bins };
}

function topValues(counts: ReadonlyMap<string, number>): ColumnSummary {
  const values = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value, count }));
  return { kind: 'top', values };
}

function classify(name: string, present: readonly string[], counts: ReadonlyMap<string, number>): ColumnKind {
  if (present.length === 0) return 'empty';
  if (counts.size === 1) return 'constant';
  const numbers = present.map(parseNumber);
  if (numbers.every(Number.isFinite)) {
    // A unique integer per row, named like an id or counting up row by row, identifies rows rather than describing them.
    const allDistinct = counts.size === present.length && present.length > 10;
    const sequential = numbers.every((v, i) => i === 0 || v === numbers[i - 1]! + 1);
    return allDistinct && numbers.every(Number.isInteger) && (ID_NAME.test(name) || sequential) ? 'identifier' : 'numeric';
  }
  if (present.every((c) => !Number.isNaN(booleanValue(c)))) return 'boolean';
  if (present.every((c) => Number.isFinite(dateValue(c)))) return 'datetime';
  const meanLength = present.reduce((sum, c) => sum + c.length, 0) / present.length;
  const meanWords = present.reduce((sum, c) => sum + c.split(/\s+/).length, 0) / present.length;
  if (meanWords >= 4 && counts.size > present.length / 2) return 'text';
  if (counts.size === present.length && present.length > 20 && meanLength <= 64) return 'identifier';
  return 'categorical';
}

export function profileColumns(table: RawTable): ColumnProfile[] {
  return table.columns.map((name, c) => {
    const present: string[] = [];
    const counts = new Map<string, number>();
    for (const row of table.rows) {
      const cell = row[c]!;
      if (isMissing(cell)) continue;
      const value = cell.trim();
      present.push(value);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const kind = classify(name, present, counts);
    const summary = present.length === 0 ? null : kind === 'numeric' ? histogram(present.map(parseNumber)) : topValues(counts);
    return { name, kind, missing: table.rows.length - present.length, distinct: counts.size, summary };
  });
}

/** A classification target with more classes than this is almost certainly the wrong column. */
const MAX_CLASSES = 200;

/** Integer-valued numeric targets with at most this many levels are read as classes, not quantities. */
const MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

/** 'auto' infers the task; the others overrule the inference where the target allows it. */
export type TaskChoice = 'auto' | 'classification' | 'regression';

export function inferTask(table: RawTable, profiles: readonly ColumnProfile[], target: string, choice: TaskChoice = 'auto'): Task {
  const index = table.columns.indexOf(target);
  if (index < 0) throw new DataError('bad-target', `There is no column named "${target}".`);
  const profile = profiles[index]!;
  if (profile.missing > 0) {
    throw new DataError(
      'bad-target',
      `The target column "${target}" has ${profile.missing} empty value(s). Remove those rows or pick another target.`,
    );
  }
  if (profile.distinct < 2) {
    throw new DataError('bad-target', `The target column "${target}" has a single value, so there is nothing to predict.`);
  }
  const values = table.rows.map((row) => row[index]!.trim());
  const numericTarget = profile.kind === 'numeric' || (profile.kind === 'identifier' && values.every((v) => Number.isFinite(Number(v))));
  const integerLike = numericTarget && values.every((v) => Number.isInteger(Number(v)));
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

  const classNames = [...new Set(values)];
  classNames.sort(numericTarget ? (a, b) => Number(a) - Number(b) : undefined);
  return { kind: classNames.length === 2 ? 'binary' : 'multiclass', target, classNames };
}
