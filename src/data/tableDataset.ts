/**
 * From a file (or CSV text) to everything the app needs about a table: the columnar table, column profiles,
 * the default target, warnings about how it was read, and, once a target is chosen, the task and the encoded
 * ModelData. `loadTableFromFile` streams (the data worker runs it); `loadTable` takes text already in memory.
 */
import { parseDelimitedColumnar } from './csv';
import { prepareTextTable, textColumnOf } from './text/textTable';
import { looksLikeJson, parseJsonRecords } from './json';
import { hasChoices, type ColumnChoice } from './columnChoice';
import { encodeTable, type DroppedColumn } from './encode';
import type { TableFeatureEncoder } from './tableEncoder';
import type { TextFeatureEncoder } from './text/textEncoder';
import { DataError } from './errors';
import { hasSplitName } from './splitColumn';
import { sha256Hex } from './fingerprint';
import { inferTask, profileColumns, type TaskChoice } from './profile';
import { withRows, type ColumnarTable, type TableWithRows } from './table/columnar';
import { readTableFromBlob, type ReadOptions } from './table/readBlob';
import type { ColumnProfile, ModelData, Task } from './types';

/** A loaded table as plain data (what the data worker sends back). */
export interface LoadedTableData {
  readonly name: string;
  readonly raw: ColumnarTable;
  readonly profiles: readonly ColumnProfile[];
  readonly fingerprint: string;
  /** A sensible first choice of target: a column named target/label/class/y, else the last column. */
  readonly suggestedTarget: string;
  /** How the file was read when that may surprise (another encoding, characters that could not be read). */
  readonly warnings: readonly string[];
  /**
   * The suggested target already prepared (by the data worker), so the page's first prepareForTarget call does
   * not encode 500,000 rows on the main thread.
   */
  readonly initial?: { readonly target: string; readonly prepared: PreparedTable };
  /** The person's choice per column, in file order (columnChoice.ts); absent: every column 'auto'. */
  readonly columnChoices?: readonly ColumnChoice[];
}

/** The same with a rows view for the UI (`raw.rows.length`, `raw.rows.slice(0, 5)`). */
export interface LoadedTable extends LoadedTableData {
  readonly raw: TableWithRows;
}

/** Conventional target names, most telling first ("y" is often just a coordinate). */
const TARGET_NAMES = ['target', 'label', 'class', 'outcome', 'y'];

export function suggestTarget(columns: readonly string[]): string {
  for (const name of TARGET_NAMES) {
    const match = columns.find((c) => c.trim().toLowerCase() === name);
    if (match) return match;
  }
  // The last column, unless that is a designated-split column (see splitColumn.ts).
  const candidates = columns.filter((c) => !hasSplitName(c));
  return candidates[candidates.length - 1] ?? columns[columns.length - 1]!;
}

/** Checks a parsed table and profiles it. */
export function describeTable(name: string, raw: ColumnarTable, fingerprint: string, warnings: readonly string[]): LoadedTableData {
  if (raw.columns.length < 2) {
    throw new DataError('no-features', `${name} has a single column; a table needs at least one feature column and a target column.`);
  }
  return { name, raw, profiles: profileColumns(raw), fingerprint, suggestedTarget: suggestTarget(raw.columns), warnings };
}

export const withRowsView = (data: LoadedTableData): LoadedTable => ({ ...data, raw: withRows(data.raw) });

/** Text already in memory (built-in datasets, tests). */
export async function loadTable(text: string, name: string): Promise<LoadedTable> {
  const raw = /\.json$/i.test(name) || looksLikeJson(text) ? parseJsonRecords(text, name) : parseDelimitedColumnar(text, name);
  return withRowsView(describeTable(name, raw, await sha256Hex(text), []));
}

/** A file streamed chunk by chunk; the fingerprint is the SHA-256 of its bytes. */
export async function loadTableDataFromFile(file: Blob, name: string, options: ReadOptions = {}): Promise<LoadedTableData> {
  const { table, fingerprint, warnings } = await readTableFromBlob(file, name, options);
  return describeTable(name, table, fingerprint, warnings);
}

/** The same plus the suggested target prepared in advance (what the data worker sends); no error if it cannot be. */
export function withInitialTarget(data: LoadedTableData): LoadedTableData {
  try {
    return { ...data, initial: { target: data.suggestedTarget, prepared: prepareForTarget(data, data.suggestedTarget) } };
  } catch {
    return data; // the page prepares it again and shows why it fails
  }
}

export async function loadTableFromFile(file: Blob, name: string, options: ReadOptions = {}): Promise<LoadedTable> {
  return withRowsView(await loadTableDataFromFile(file, name, options));
}

export interface PreparedTable {
  readonly task: Task;
  readonly data: ModelData;
  /** Columns not used as features, with the reason. */
  readonly dropped: readonly DroppedColumn[];
  /** How raw cells (or text) become the features, fitted with them, for predicting new rows; absent for images. */
  readonly encoder?: TableFeatureEncoder | TextFeatureEncoder;
  /**
   * Table rows (0-based) with no value in the target: left out of `data` (so of training and testing; see
   * `data.tableRows` for the rows kept), still in the table and still predictable. Absent or empty: none.
   */
  readonly unlabelledRows?: readonly number[];
}

/**
 * The task for `target` and every labelled row encoded: rows without a target value are left out (listed in
 * `unlabelledRows`), so `data`'s rows — which splits index — are the labelled rows in table order.
 * `fitRows` (indices into those rows; default: all of them) are the rows the encoding learns from: pass the
 * non-test rows so fill values and levels never come from the test set. The table's column choices apply.
 */
export function prepareForTarget(
  table: LoadedTableData,
  target: string,
  classLabels?: readonly string[],
  choice: TaskChoice = 'auto',
  fitRows?: readonly number[],
): PreparedTable {
  const initial = table.initial;
  if (initial && initial.target === target && !classLabels && choice === 'auto' && !fitRows && !hasChoices(table.columnChoices)) return initial.prepared;
  // A free-text column makes it a text task (tokenised here, so in the data worker on a first load).
  const textColumn = choice === 'regression' ? null : textColumnOf(table, target);
  if (textColumn !== null) return prepareTextTable(table, textColumn, target, choice, fitRows);
  const inferred = inferTask(table.raw, table.profiles, target, choice);
  const { dropped, encoder, unlabelledRows, ...data } = encodeTable(table.raw, table.profiles, inferred, fitRows, { ...(table.columnChoices ? { choices: table.columnChoices } : {}) });
  // Display names replace stored numeric labels one for one; the encoding keeps using the stored values.
  const task = classLabels && classLabels.length === inferred.classNames.length ? { ...inferred, classNames: classLabels } : inferred;
  return { task, data: { ...data, task }, dropped, encoder, unlabelledRows };
}

/** The table with the person's choice for one column (prepareForTarget then skips the target prepared in advance, made without it). */
export function withColumnChoice<T extends LoadedTableData>(table: T, column: string, choice: ColumnChoice): T {
  const index = table.raw.columns.indexOf(column);
  if (index < 0) return table;
  const columnChoices = table.raw.columns.map((_, i) => (i === index ? choice : (table.columnChoices?.[i] ?? 'auto')));
  return { ...table, columnChoices };
}
