/**
 * A designated train/test split inside a table: a column named "split" whose every value is "train" or
 * "test" (any case, surrounding spaces ignored), with at least one of each. Its "test" rows become the
 * held-out test set instead of a random hold-out, as a Kaggle-style file or a published benchmark split
 * prescribes, so results can be compared with other tools on exactly the same rows. The column itself is
 * never a feature (profile kind 'split', left out by the encoder).
 */
import { textView, type ColumnarTable } from './table/columnar';

const SPLIT_NAME = 'split';
const VALUES = new Set(['train', 'test']);

/** Whether a column of this name could mark a designated split (its values decide: see isSplitColumn). */
export const hasSplitName = (name: string): boolean => name.trim().toLowerCase() === SPLIT_NAME;

/** Whether a column of this name and these distinct values marks a designated split. */
export function isSplitColumn(name: string, levels: readonly string[], missing: number): boolean {
  if (!hasSplitName(name) || missing > 0) return false;
  const values = new Set(levels.map((level) => level.trim().toLowerCase()));
  return values.size === 2 && [...values].every((v) => VALUES.has(v));
}

/** The rows the table designates as its test set, or null when it has no split column. */
export function designatedTestRows(table: ColumnarTable, profiles: readonly { readonly name: string; readonly kind: string }[]): number[] | null {
  const index = profiles.findIndex((p) => p.kind === 'split');
  if (index < 0) return null;
  const view = textView(table.data[index]!);
  const testCodes = new Set(view.levels.flatMap((level, code) => (level.trim().toLowerCase() === 'test' ? [code] : [])));
  const rows: number[] = [];
  for (let r = 0; r < table.numRows; r++) if (testCodes.has(view.codes[r]!)) rows.push(r);
  return rows;
}
