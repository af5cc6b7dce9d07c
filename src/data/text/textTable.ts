/**
 * Labelled text in a table: when a table's only usable content is a free-text column (profiled as 'text'),
 * Sweeplab treats it as a text task: the text column becomes token ids (see textDataset.ts) and the target
 * is encoded as for any table. Other columns are left out, with the reason shown, because the text models
 * read one sequence per row.
 */
import type { DroppedColumn } from '../encode';
import { inferTask, type TaskChoice } from '../profile';
import { cellText } from '../table/columnar';
import type { LoadedTableData, PreparedTable } from '../tableDataset';
import { prepareTextData } from './textDataset';

/** Kinds a table model can use: with any of them beside the text, the table model wins (the text is left out, saying why). */
const TABULAR_KINDS: ReadonlySet<string> = new Set(['numeric', 'boolean', 'categorical', 'datetime']);

/**
 * The text column a text task would read: the free-text column with the most distinct values, when the
 * table has nothing else a model could use (only text, identifiers, constants). Null otherwise.
 */
export function textColumnOf(table: LoadedTableData, target: string): string | null {
  const others = table.profiles.filter((p) => p.name !== target);
  if (others.some((p) => TABULAR_KINDS.has(p.kind))) return null;
  const candidates = others.filter((p) => p.kind === 'text');
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
  const { data, vocabulary } = prepareTextData({ name: textColumn, texts, targets, task, ...(fitRows ? { fitRows } : {}) });
  const dropped: DroppedColumn[] = table.raw.columns
    .filter((c) => c !== target && c !== textColumn)
    .map((name) => ({ name, reason: `the text models read only the text column "${textColumn}"` }));
  return { task, data, dropped, encoder: { kind: 'text', column: textColumn, target, vocabulary, sequenceLength: data.numFeatures } };
}
