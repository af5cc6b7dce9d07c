/**
 * The data worker's messages, and the packing of a loaded table for postMessage. Typed arrays travel as
 * transferred buffers (no copy); a text column's distinct values travel as one joined string with end
 * offsets, because structured-cloning hundreds of thousands of small strings would stall the page that
 * receives them.
 */
import type { DataErrorCode } from '../errors';
import type { LoadedTableData } from '../tableDataset';
import type { ColumnData, ColumnarTable } from './columnar';
import type { LoadProgress } from './readBlob';

/** Distinct values as one string and where each ends. */
export interface PackedLevels {
  readonly text: string;
  readonly ends: Uint32Array;
}

export type PackedColumn =
  | { readonly type: 'number'; readonly values: Float64Array; readonly text: { readonly codes: Uint8Array; readonly levels: PackedLevels } | null }
  | { readonly type: 'text'; readonly codes: Uint32Array; readonly levels: PackedLevels };

export type PackedTableData = Omit<LoadedTableData, 'raw'> & { readonly raw: Omit<ColumnarTable, 'data'> & { readonly data: readonly PackedColumn[] } };

export type DataWorkerRequest =
  | { readonly type: 'load'; readonly id: number; readonly file: Blob; readonly name: string }
  | { readonly type: 'cancel'; readonly id: number };

export type DataWorkerResponse =
  | { readonly type: 'progress'; readonly id: number; readonly progress: LoadProgress }
  | { readonly type: 'done'; readonly id: number; readonly table: PackedTableData }
  | { readonly type: 'error'; readonly id: number; readonly code: DataErrorCode | null; readonly message: string };

function packLevels(levels: readonly string[]): PackedLevels {
  const ends = new Uint32Array(levels.length);
  let at = 0;
  levels.forEach((level, i) => {
    at += level.length;
    ends[i] = at;
  });
  return { text: levels.join(''), ends };
}

function unpackLevels({ text, ends }: PackedLevels): string[] {
  const levels = new Array<string>(ends.length);
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    levels[i] = text.slice(from, ends[i]);
    from = ends[i]!;
  }
  return levels;
}

/** The packed table and the buffers to transfer with it. */
export function packTable(data: LoadedTableData): { packed: PackedTableData; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = data.raw.data.map((column): PackedColumn => {
    if (column.type === 'number') {
      transfer.push(column.values.buffer as ArrayBuffer);
      if (!column.text) return { type: 'number', values: column.values, text: null };
      const levels = packLevels(column.text.levels);
      transfer.push(column.text.codes.buffer as ArrayBuffer, levels.ends.buffer as ArrayBuffer);
      return { type: 'number', values: column.values, text: { codes: column.text.codes, levels } };
    }
    const levels = packLevels(column.levels);
    transfer.push(column.codes.buffer as ArrayBuffer, levels.ends.buffer as ArrayBuffer);
    return { type: 'text', codes: column.codes, levels };
  });
  // Only plain fields: a rows view (functions) cannot be cloned.
  const { columns: names, numRows, preview, delimiter } = data.raw;
  const { name, profiles, fingerprint, suggestedTarget, warnings, initial } = data;
  if (initial) transfer.push(initial.prepared.data.features.buffer as ArrayBuffer, initial.prepared.data.targets.buffer as ArrayBuffer);
  const raw = { columns: names, numRows, preview, delimiter, data: columns };
  return { packed: { name, profiles, fingerprint, suggestedTarget, warnings, raw, ...(initial ? { initial } : {}) }, transfer };
}

export function unpackTable(packed: PackedTableData): LoadedTableData {
  const data = packed.raw.data.map((column): ColumnData => {
    if (column.type === 'text') return { type: 'text', codes: column.codes, levels: unpackLevels(column.levels) };
    return { type: 'number', values: column.values, text: column.text ? { codes: column.text.codes, levels: unpackLevels(column.text.levels) } : null };
  });
  return { ...packed, raw: { ...packed.raw, data } };
}
