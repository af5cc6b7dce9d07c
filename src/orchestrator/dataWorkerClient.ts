/**
 * Loads a dropped file in the data worker so a 500,000-row table never blocks the page: progress comes back
 * as bytes and rows, an AbortSignal cancels (the worker is terminated at once, which also frees its memory),
 * and the result is the columnar table with its buffers transferred. Where there are no workers (unit tests
 * under Node) the same loader runs in this thread.
 */
import type { LoadProgress } from '../data/table/readBlob';
import { unpackTable, type DataWorkerRequest, type PackedTableData } from '../data/table/transfer';
import { runOneShotWorker } from './oneShotWorker';
import { loadTableFromFile, withRowsView, type LoadedTable } from '../data/tableDataset';

export interface LoadInWorkerOptions {
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
}

export function loadTableInWorker(file: File, options: LoadInWorkerOptions = {}): Promise<LoadedTable> {
  if (typeof Worker === 'undefined') {
    const { onProgress, signal } = options;
    return loadTableFromFile(file, file.name, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  }
  const worker = new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module', name: 'sweeplab-data' });
  const request: DataWorkerRequest = { type: 'load', id: 1, file, name: file.name };
  return runOneShotWorker(worker, request, (done: { table: PackedTableData }) => withRowsView(unpackTable(done.table)), {
    ...options,
    crashMessage: 'The data worker failed',
    crashHint: 'Try the file again; if it is very large, close other tabs first.',
  });
}
