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
 */
import { DataError } from './errors';
import { booleanValue, dateValue } from './profile';
import { MISSING_CODE, textView, type ColumnarTable, type TextView } from './table/columnar';
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
  /** Writes this column's features for every row at `out[r × stride + offset…]`. */
  write(out: Float32Array, stride: number, offset: number): void;
}

/** Per row, the value a text column's level maps to (NaN for missing cells). */
function levelValues(view: TextView, read: (level: string) => number): Float64Array {
  const byLevel = Float64Array.from(view.levels, read);
  const out = new Float64Array(view.codes.length);
  for (let r = 0; r < out.length; r++) {
    const code = view.codes[r]!;
    out[r] = code === MISSING_CODE ? Number.NaN : byLevel[code]!;
  }
  return out;
}

/** A value column: missing (non-finite) → the mean of the fit rows, with a "was missing" indicator when the fit rows have gaps. */
function valuePlan(name: string, values: Float64Array, fit: ArrayLike<number>, withIndicator: boolean): Plan {
  let sum = 0;
  let count = 0;
  let gaps = 0;
  for (let i = 0; i < fit.length; i++) {
    const v = values[fit[i]!]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    } else gaps++;
  }
  const fill = count > 0 ? sum / count : 0;
  const indicator = withIndicator && gaps > 0;
  return {
    names: indicator ? [name, `${name}=missing`] : [name],
    write(out, stride, offset) {
      for (let r = 0, at = offset; r < values.length; r++, at += stride) {
        const v = values[r]!;
        const finite = Number.isFinite(v);
        out[at] = finite ? v : fill;
        if (indicator) out[at + 1] = finite ? 0 : 1;
      }
    },
  };
}

function categoricalPlan(name: string, view: TextView, fit: ArrayLike<number>): Plan {
  const counts = new Map<string, number>();
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    const level = code === MISSING_CODE ? MISSING_LEVEL : view.levels[code]!;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const kept = [...counts.entries()].filter(([level, n]) => n >= RARE_LEVEL_COUNT || level === MISSING_LEVEL).map(([level]) => level).sort();
  const pooled = kept.length < counts.size;
  const levels = pooled ? [...kept, OTHER_LEVEL] : kept;
  const position = new Map(levels.map((level, i) => [level, i]));
  // A level the fit rows never saw goes to "(other)" when there is one, else it sets no column at all.
  const at = (level: string) => position.get(level) ?? position.get(OTHER_LEVEL) ?? -1;
  const byCode = Int32Array.from(view.levels, at);
  const missingAt = at(MISSING_LEVEL);
  return {
    names: levels.map((level) => `${name}=${level}`),
    write(out, stride, offset) {
      for (let r = 0, base = offset; r < view.codes.length; r++, base += stride) {
        const code = view.codes[r]!;
        const p = code === MISSING_CODE ? missingAt : byCode[code]!;
        if (p >= 0) out[base + p] = 1;
      }
    },
  };
}

const DATE_PARTS: [string, (d: Date) => number][] = [
  ['year', (d) => d.getUTCFullYear()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['day', (d) => d.getUTCDate()],
  ['weekday', (d) => d.getUTCDay()],
];
const HOUR_PART: [string, (d: Date) => number] = ['hour', (d) => d.getUTCHours() + d.getUTCMinutes() / 60];

function datePlan(name: string, view: TextView, fit: ArrayLike<number>, withIndicator: boolean): Plan {
  const seen = new Uint8Array(view.levels.length);
  for (let i = 0; i < fit.length; i++) {
    const code = view.codes[fit[i]!]!;
    if (code !== MISSING_CODE) seen[code] = 1;
  }
  const hasTime = view.levels.some((level, code) => seen[code] === 1 && /\d{1,2}:\d{2}/.test(level));
  const stamps = levelValues(view, dateValue);
  const parts = hasTime ? [...DATE_PARTS, HOUR_PART] : DATE_PARTS;
  // Parts are worked out once per distinct value, then spread over the rows.
  const partOf = (read: (d: Date) => number) => (level: string) => {
    const t = dateValue(level);
    return Number.isFinite(t) ? read(new Date(t)) : Number.NaN;
  };
  const planned = parts.map(([part, read]) => valuePlan(`${name}:${part}`, levelValues(view, partOf(read)), fit, false));
  let gaps = false;
  for (let i = 0; i < fit.length && !gaps; i++) gaps = !Number.isFinite(stamps[fit[i]!]!);
  const indicator = withIndicator && gaps;
  return {
    names: [...planned.flatMap((p) => p.names), ...(indicator ? [`${name}=missing`] : [])],
    write(out, stride, offset) {
      planned.forEach((p, i) => p.write(out, stride, offset + i));
      if (indicator) for (let r = 0, at = offset + planned.length; r < stamps.length; r++, at += stride) out[at] = Number.isFinite(stamps[r]!) ? 0 : 1;
    },
  };
}

export interface DroppedColumn {
  readonly name: string;
  readonly reason: string;
}

/**
 * Encodes every row; imputation values, one-hot levels, rare-level pooling, missing indicators and date parts
 * are fitted on `fitRows` only (default: all rows), so held-out rows never shape their own encoding.
 */
export function encodeTable(
  table: ColumnarTable,
  profiles: readonly ColumnProfile[],
  task: Task,
  fitRows?: readonly number[],
): ModelData & { readonly dropped: readonly DroppedColumn[] } {
  const numRows = table.numRows;
  const fit: ArrayLike<number> = fitRows ?? allRows(numRows);
  const targetIndex = table.columns.indexOf(task.target);
  const dropped: DroppedColumn[] = [];
  const plans: Plan[] = [];
  profiles.forEach((profile, index) => {
    if (index === targetIndex) return;
    const reason = DROP_REASONS[profile.kind];
    if (reason) {
      dropped.push({ name: profile.name, reason });
      return;
    }
    const column = table.data[index]!;
    const withIndicator = profile.missing > 0;
    if (profile.kind === 'numeric' && column.type === 'number') plans.push(valuePlan(profile.name, column.values, fit, withIndicator));
    else if (profile.kind === 'numeric' || profile.kind === 'boolean') {
      const read = profile.kind === 'numeric' ? (level: string) => Number(level) : booleanValue;
      plans.push(valuePlan(profile.name, levelValues(textView(column), read), fit, withIndicator));
    } else if (profile.kind === 'datetime') plans.push(datePlan(profile.name, textView(column), fit, withIndicator));
    else plans.push(categoricalPlan(profile.name, textView(column), fit));
  });
  if (plans.length === 0) {
    const why = dropped.length > 0 ? ` (left out: ${dropped.map((d) => `"${d.name}" — ${d.reason}`).join('; ')})` : '';
    throw new DataError('no-features', `Besides the target "${task.target}" the table has no usable feature columns${why}.`);
  }

  const featureNames = plans.flatMap((plan) => plan.names);
  const numFeatures = featureNames.length;
  const features = new Float32Array(numRows * numFeatures);
  let offset = 0;
  for (const plan of plans) {
    plan.write(features, numFeatures, offset);
    offset += plan.names.length;
  }
  const targets = encodeTargets(table, targetIndex, task);
  return { numRows, numFeatures, featureNames, features, targets, task, dropped };
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
