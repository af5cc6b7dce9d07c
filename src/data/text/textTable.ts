/**
 * Labelled text in a table: when a table has a free-text column (profiled as 'text') besides the target,
 * Sweeplab treats it as a text task: the text column becomes token ids (see textDataset.ts) and the target
 * is encoded as for any table. Other columns are left out, with the reason shown, because the text models
 * read one sequence per row.
 */
import type { DroppedColumn } from '../encode';
import { inferTask, type TaskChoice } from '../profile';
import { cellText } from '../table/columnar';
import type { LoadedTableData, PreparedTable } from '../tableDataset';
import { prepareTextData } from './textDataset';

/** The text column a text task would read: the one with the most distinct values. Null when there is none. */
export function textColumnOf(table: LoadedTableData, target: string): string | null {
  const candidates = table.profiles.filter((p) => p.kind === 'text' && p.name !== target);
  if (candidates.length === 0) return null;
  return candidates.reduce((best, p) => (p.distinct > best.distinct ? p : best)).name;
}

export function prepareTextTable(table: LoadedTableData, textColumn: string, target: string, choice: TaskChoice, fitRows?: readonly number[]): PreparedTable {
  const task = inferTask(table.raw, table.profiles, target, choice);
  const rows = table.raw.numRows;
  const targetColumn = table.raw.data[table.raw.columns.indexOf(target)]!;
  const textData = table.raw.data[table.raw.columns.indexOf(textColumn)]!;
  const classIndex = new Map(task.classNames.map((name, i) => [name, i]));
  const targets = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const cell = cellText(targetColumn, r);
    targets[r] = task.kind === 'regression' ? Number(cell) : (classIndex.get(cell) ?? classIndex.get(cell.trim())!);
  }
  const texts = Array.from({ length: rows }, (_, r) => cellText(textData, r));
  const { data } = prepareTextData({ name: textColumn, texts, targets, task, ...(fitRows ? { fitRows } : {}) });
  const dropped: DroppedColumn[] = table.raw.columns
    .filter((c) => c !== target && c !== textColumn)
    .map((name) => ({ name, reason: `the text models read only the text column "${textColumn}"` }));
  return { task, data, dropped };
}
