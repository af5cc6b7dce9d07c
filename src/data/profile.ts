/**
 * Column profiling and task inference: which columns are numbers, how many values are missing or distinct,
 * and whether a chosen target makes a binary, multi-class or regression task.
 */
import { DataError } from './errors';
import type { RawTable } from './csv';
import type { ColumnProfile, Task } from './types';

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export const isMissing = (cell: string): boolean => MISSING_TOKENS.has(cell.trim().toLowerCase());

export function parseNumber(cell: string): number {
  const trimmed = cell.trim();
  if (trimmed === '') return Number.NaN;
  return Number(trimmed);
}

export function profileColumns(table: RawTable): ColumnProfile[] {
  return table.columns.map((name, c) => {
    let missing = 0;
    let numeric = 0;
    const distinct = new Set<string>();
    for (const row of table.rows) {
      const cell = row[c]!;
      if (isMissing(cell)) {
        missing++;
        continue;
      }
      distinct.add(cell.trim());
      if (Number.isFinite(parseNumber(cell))) numeric++;
    }
    const present = table.rows.length - missing;
    return { name, kind: present > 0 && numeric === present ? 'numeric' : 'categorical', missing, distinct: distinct.size };
  });
}

/** Integer-valued numeric targets with at most this many levels are read as classes, not quantities. */
const MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

export function inferTask(table: RawTable, profiles: readonly ColumnProfile[], target: string): Task {
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
  const integerLike = profile.kind === 'numeric' && values.every((v) => Number.isInteger(Number(v)));
  const classification =
    profile.kind === 'categorical' || (integerLike && profile.distinct <= MAX_CLASSES_FOR_NUMERIC_TARGET);
  if (!classification) return { kind: 'regression', target, classNames: [] };

  const classNames = [...new Set(values)];
  classNames.sort(profile.kind === 'numeric' ? (a, b) => Number(a) - Number(b) : undefined);
  return { kind: classNames.length === 2 ? 'binary' : 'multiclass', target, classNames };
}
