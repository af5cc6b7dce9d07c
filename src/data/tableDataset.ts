/**
 * From CSV text to everything the app needs about a table: the parsed rows, column profiles, the default
 * target, and, once a target is chosen, the task and the encoded ModelData.
 */
import { parseDelimited, type RawTable } from './csv';
import { looksLikeJson, parseJsonRecords } from './json';
import { encodeTable, type DroppedColumn } from './encode';
import { DataError } from './errors';
import { sha256Hex } from './fingerprint';
import { inferTask, profileColumns, type TaskChoice } from './profile';
import type { ColumnProfile, ModelData, Task } from './types';

export interface LoadedTable {
  readonly name: string;
  readonly raw: RawTable;
  readonly profiles: readonly ColumnProfile[];
  readonly fingerprint: string;
  /** A sensible first choice of target: a column named target/label/class/y, else the last column. */
  readonly suggestedTarget: string;
}

/** Conventional target names, most telling first ("y" is often just a coordinate). */
const TARGET_NAMES = ['target', 'label', 'class', 'outcome', 'y'];

export function suggestTarget(columns: readonly string[]): string {
  for (const name of TARGET_NAMES) {
    const match = columns.find((c) => c.trim().toLowerCase() === name);
    if (match) return match;
  }
  return columns[columns.length - 1]!;
}

export async function loadTable(text: string, name: string): Promise<LoadedTable> {
  const raw = /\.json$/i.test(name) || looksLikeJson(text) ? parseJsonRecords(text, name) : parseDelimited(text, name);
  if (raw.columns.length < 2) {
    throw new DataError('no-features', `${name} has a single column; a table needs at least one feature column and a target column.`);
  }
  return { name, raw, profiles: profileColumns(raw), fingerprint: await sha256Hex(text), suggestedTarget: suggestTarget(raw.columns) };
}

export interface PreparedTable {
  readonly task: Task;
  readonly data: ModelData;
  /** Columns not used as features, with the reason. */
  readonly dropped: readonly DroppedColumn[];
}

export function prepareForTarget(table: LoadedTable, target: string, classLabels?: readonly string[], choice: TaskChoice = 'auto'): PreparedTable {
  const inferred = inferTask(table.raw, table.profiles, target, choice);
  const { dropped, ...data } = encodeTable(table.raw, table.profiles, inferred);
  // Display names replace stored numeric labels one for one; the encoding keeps using the stored values.
  const task = classLabels && classLabels.length === inferred.classNames.length ? { ...inferred, classNames: classLabels } : inferred;
  return { task, data: { ...data, task }, dropped };
}
