/**
 * Labelled text in a table: when a table's only usable content is a free-text column (profiled as 'text'),
 * Sweeplab treats it as a text task: the text column becomes token ids (see textDataset.ts) and the target
 * is encoded as for any table. Other columns are left out, with the reason shown, because the text models
 * read one sequence per row.
 */
import { effectiveKind } from '../columnChoice';
import { encodeTargets, splitLabelled, type DroppedColumn } from '../encode';
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
  // The person's column choices count: a column they made categorical makes it a table task.
  const kinds = table.profiles.map((p, i) => ({ p, kind: effectiveKind(p, table.columnChoices?.[i]) }));
  const others = kinds.filter(({ p }) => p.name !== target);
  if (others.some(({ kind }) => kind !== null && TABULAR_KINDS.has(kind))) return null;
  const candidates = others.filter(({ kind }) => kind === 'text').map(({ p }) => p);
  if (candidates.length === 0) return null;
  return candidates.reduce((best, p) => (p.distinct > best.distinct ? p : best)).name;
}

/**
 * The text task: rows without a target value are left out (as for tables, see encode.ts), so `fitRows` index
 * the labelled rows.
 */
export function prepareTextTable(table: LoadedTableData, textColumn: string, target: string, choice: TaskChoice, fitRows?: readonly number[]): PreparedTable {
  const task = inferTask(table.raw, table.profiles, target, choice);
  const targetIndex = table.raw.columns.indexOf(target);
  const textData = table.raw.data[table.raw.columns.indexOf(textColumn)]!;
  const allTargets = encodeTargets(table.raw, targetIndex, task, table.profiles[targetIndex]!);
  const { labelled, unlabelled } = splitLabelled(allTargets);
  const targets = unlabelled.length === 0 ? allTargets : Float32Array.from(labelled, (r) => allTargets[r]!);
  const texts = Array.from(labelled, (r) => cellText(textData, r));
  const prepared = prepareTextData({ name: textColumn, texts, targets, task, ...(fitRows ? { fitRows } : {}) });
  const data = unlabelled.length === 0 ? prepared.data : { ...prepared.data, tableRows: labelled };
  const dropped: DroppedColumn[] = table.raw.columns
    .filter((c) => c !== target && c !== textColumn)
    .map((name) => ({ name, reason: `the text models read only the text column "${textColumn}"` }));
  return { task, data, dropped, encoder: { kind: 'text', column: textColumn, target, vocabulary: prepared.vocabulary, sequenceLength: data.numFeatures }, unlabelledRows: unlabelled };
}
