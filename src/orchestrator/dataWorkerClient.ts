/**
 * Loads a dropped file in the data worker so a 500,000-row table never blocks the page: progress comes back
 * as bytes and rows, an AbortSignal cancels (the worker is terminated at once, which also frees its memory),
 * and the result is the columnar table with its buffers transferred. Where there are no workers (unit tests
 * under Node) the same loader runs in this thread.
 */
import { DataError } from '../data/errors';
import type { LoadProgress } from '../data/table/readBlob';
import { unpackTable, type DataWorkerRequest, type DataWorkerResponse } from '../data/table/transfer';
import { loadTableFromFile, withRowsView, type LoadedTable } from '../data/tableDataset';

export interface LoadInWorkerOptions {
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
}

const cancelled = () => new DataError('cancelled', 'Loading was cancelled.');

export function loadTableInWorker(file: File, options: LoadInWorkerOptions = {}): Promise<LoadedTable> {
  const { onProgress, signal } = options;
  if (typeof Worker === 'undefined') {
    return loadTableFromFile(file, file.name, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  }
  if (signal?.aborted) return Promise.reject(cancelled());
  const worker = new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module', name: 'sweeplab-data' });
  const id = 1;
  return new Promise<LoadedTable>((resolve, reject) => {
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event: MessageEvent<DataWorkerResponse>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'progress') {
        onProgress?.(message.progress);
        return;
      }
      finish();
      if (message.type === 'done') resolve(withRowsView(unpackTable(message.table)));
      else reject(message.code ? new DataError(message.code, message.message) : new Error(message.message));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      finish();
      reject(new Error(`The data worker failed${event.message ? `: ${event.message}` : ''}. Try the file again; if it is very large, close other tabs first.`));
    });
    const request: DataWorkerRequest = { type: 'load', id, file, name: file.name };
    worker.postMessage(request);
  });
}
