/**
 * Two numberings of rows: the loaded table's (what the file and the person see) and a prepared dataset's
 * (what splits, folds and studies index), which differ when rows without a target value are left out
 * (`ModelData.tableRows`). These convert between them, so a designated test set or a listed test sample
 * always names the right row.
 */
import type { ModelData } from './types';

/** The table row of a prepared row. */
export const tableRowOf = (data: Pick<ModelData, 'tableRows'>, row: number): number => (data.tableRows ? data.tableRows[row]! : row);

/** Prepared rows of the given table rows, in the same order; table rows left out of the data are skipped. */
export function dataRowsOf(data: Pick<ModelData, 'tableRows' | 'numRows'>, tableRows: readonly number[]): number[] {
  const kept = data.tableRows;
  if (!kept) return [...tableRows];
  const position = new Map<number, number>();
  kept.forEach((tableRow, row) => position.set(tableRow, row));
  return tableRows.flatMap((r) => {
    const row = position.get(r);
    return row === undefined ? [] : [row];
  });
}

/** Row numbers the note lists; the count covers the rest. */
const LISTED_ROWS = 8;

/**
 * What the dataset summary says about rows without a target value (0-based table rows), naming the first
 * (1-based, as a spreadsheet counts data rows): "213 rows have no value for “rating” (rows 3, 17, …): …".
 */
export function unlabelledRowsNote(rows: readonly number[], target: string): string {
  const n = rows.length;
  const listed = rows.slice(0, LISTED_ROWS).map((r) => (r + 1).toLocaleString('en'));
  const which = `${n === 1 ? 'row' : 'rows'} ${listed.join(', ')}${n > LISTED_ROWS ? ', …' : ''}`;
  return `${n.toLocaleString('en')} ${n === 1 ? 'row has' : 'rows have'} no value for “${target}” (${which}): left out of training and testing; you can still predict ${n === 1 ? 'it' : 'them'}.`;
}

/** The rows' features copied out consecutively (row-major), for a model that reads a dense block. */
export function featuresOfRows(data: Pick<ModelData, 'features' | 'numFeatures'>, rows: readonly number[]): Float32Array {
  const width = data.numFeatures;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(data.features.subarray(row * width, (row + 1) * width), i * width));
  return out;
}
