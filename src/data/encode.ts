/**
 * Turns a raw table and a task into a numeric matrix, column by column according to its profiled kind:
 * - numeric and boolean: the value (missing → the column mean, plus a 0/1 "was missing" indicator column);
 * - categorical: one-hot, with levels seen fewer than RARE_LEVEL_COUNT times pooled into "(other)" and
 *   missing values as their own level;
 * - date/time: year, month, day of month, day of week (and hour when times are present);
 * - identifiers, constants, empty columns and free text are left out, with the reason recorded.
 * Scaling is not done here: it must be fitted on each training split, which the training worker does.
 */
import { DataError } from './errors';
import type { RawTable } from './csv';
import { booleanValue, dateValue, isMissing, parseNumber } from './profile';
import type { ColumnKind, ColumnProfile, ModelData, Task } from './types';

const MISSING_LEVEL = '(missing)';
const OTHER_LEVEL = '(other)';
/** Levels rarer than this share one "(other)" column, so a typo or a one-off code does not get its own input. */
export const RARE_LEVEL_COUNT = 3;

const DROP_REASONS: Partial<Record<ColumnKind, string>> = {
  identifier: 'an identifier (a different value in every row)',
  constant: 'the same value in every row',
  empty: 'no values',
  text: 'free text (table models do not read text yet)',
};

interface Plan {
  readonly names: readonly string[];
  /** Writes this column's features for `cell` at `out[offset…]`. */
  write(cell: string, out: Float32Array, offset: number): void;
}

function valuePlan(name: string, parse: (cell: string) => number, rows: readonly (readonly string[])[], index: number, missing: number): Plan {
  let sum = 0;
  let count = 0;
  for (const row of rows) {
    const v = parse(row[index]!);
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  const fill = count > 0 ? sum / count : 0;
  const indicator = missing > 0;
  return {
    names: indicator ? [name, `${name}=missing`] : [name],
    write(cell, out, offset) {
      const v = parse(cell);
      out[offset] = Number.isFinite(v) ? v : fill;
      if (indicator) out[offset + 1] = Number.isFinite(v) ? 0 : 1;
    },
  };
}

function categoricalPlan(name: string, rows: readonly (readonly string[])[], index: number): Plan {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const cell = row[index]!;
    const level = isMissing(cell) ? MISSING_LEVEL : cell.trim();
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const kept = [...counts.entries()].filter(([level, n]) => n >= RARE_LEVEL_COUNT || level === MISSING_LEVEL).map(([level]) => level).sort();
  const pooled = kept.length < counts.size;
  const levels = pooled ? [...kept, OTHER_LEVEL] : kept;
  const position = new Map(levels.map((level, i) => [level, i]));
  return {
    names: levels.map((level) => `${name}=${level}`),
    write(cell, out, offset) {
      const level = isMissing(cell) ? MISSING_LEVEL : cell.trim();
      out[offset + (position.get(level) ?? position.get(OTHER_LEVEL)!)] = 1;
    },
  };
}

function datePlan(name: string, rows: readonly (readonly string[])[], index: number, missing: number): Plan {
  const hasTime = rows.some((row) => /\d{1,2}:\d{2}/.test(row[index]!));
  const parts: [string, (d: Date) => number][] = [
    ['year', (d) => d.getUTCFullYear()],
    ['month', (d) => d.getUTCMonth() + 1],
    ['day', (d) => d.getUTCDate()],
    ['weekday', (d) => d.getUTCDay()],
    ...(hasTime ? ([['hour', (d: Date) => d.getUTCHours() + d.getUTCMinutes() / 60]] as [string, (d: Date) => number][]) : []),
  ];
  const planned = parts.map(([part, read]) => valuePlan(`${name}:${part}`, (cell) => { const t = dateValue(cell); return Number.isFinite(t) ? read(new Date(t)) : Number.NaN; }, rows, index, 0));
  const indicator = missing > 0;
  return {
    names: [...planned.flatMap((p) => p.names), ...(indicator ? [`${name}=missing`] : [])],
    write(cell, out, offset) {
      planned.forEach((p, i) => p.write(cell, out, offset + i));
      if (indicator) out[offset + planned.length] = Number.isFinite(dateValue(cell)) ? 0 : 1;
    },
  };
}

export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

export function encodeTable(table: RawTable, profiles: readonly ColumnProfile[], task: Task): ModelData & { readonly dropped: readonly DroppedColumn[] } {
  const targetIndex = table.columns.indexOf(task.target);
  const dropped: DroppedColumn[] = [];
  const plans: { plan: Plan; index: number }[] = [];
  profiles.forEach((profile, index) => {
    if (index === targetIndex) return;
    const reason = DROP_REASONS[profile.kind];
    if (reason) {
      dropped.push({ name: profile.name, reason });
      return;
    }
    const plan =
      profile.kind === 'numeric'
        ? valuePlan(profile.name, parseNumber, table.rows, index, profile.missing)
        : profile.kind === 'boolean'
          ? valuePlan(profile.name, booleanValue, table.rows, index, profile.missing)
          : profile.kind === 'datetime'
            ? datePlan(profile.name, table.rows, index, profile.missing)
            : categoricalPlan(profile.name, table.rows, index);
    plans.push({ plan, index });
  });
  if (plans.length === 0) {
    const why = dropped.length > 0 ? ` (left out: ${dropped.map((d) => `"${d.name}" — ${d.reason}`).join('; ')})` : '';
    throw new DataError('no-features', `Besides the target "${task.target}" the table has no usable feature columns${why}.`);
  }

  const featureNames = plans.flatMap(({ plan }) => plan.names);
  const numFeatures = featureNames.length;
  const numRows = table.rows.length;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  const classIndex = new Map(task.classNames.map((name, i) => [name, i]));
  table.rows.forEach((row, r) => {
    let offset = r * numFeatures;
    for (const { plan, index } of plans) {
      plan.write(row[index]!, features, offset);
      offset += plan.names.length;
    }
    const rawTarget = row[targetIndex]!.trim();
    targets[r] = task.kind === 'regression' ? Number(rawTarget) : classIndex.get(rawTarget)!;
  });
  return { numRows, numFeatures, featureNames, features, targets, task, dropped };
}
