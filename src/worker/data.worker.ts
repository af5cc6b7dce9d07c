/**
 * Entry of the data worker: streams a dropped file, parses and profiles it off the main thread, reports
 * progress, and sends the columnar table back with its buffers transferred. One load at a time per worker;
 * the client makes a worker per load and terminates it afterwards, so memory goes with it.
 */
import { DataError } from '../data/errors';
import { loadTableDataFromFile, withInitialTarget } from '../data/tableDataset';
import { packTable, type DataWorkerRequest, type DataWorkerResponse } from '../data/table/transfer';

/** What this entry uses of the worker scope (typed here so the file also compiles against the DOM lib in tests). */
interface DataWorkerScope {
  postMessage(message: DataWorkerResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<DataWorkerRequest>) => void): void;
}

const scope = self as unknown as DataWorkerScope;
const running = new Map<number, AbortController>();

const post = (message: DataWorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

async function load(id: number, file: Blob, name: string): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const data = await loadTableDataFromFile(file, name, {
      signal: controller.signal,
      onProgress: (progress) => post({ type: 'progress', id, progress }),
    });
    try {
      const { packed, transfer } = packTable(withInitialTarget(data));
      post({ type: 'done', id, table: packed }, transfer);
    } catch {
      // An encoded matrix can pass what one message carries (a wide one-hot on many rows): send the table alone.
      const { packed, transfer } = packTable(data);
      post({ type: 'done', id, table: packed }, transfer);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'error', id, code: error instanceof DataError ? error.code : null, message });
  } finally {
    running.delete(id);
  }
}

scope.addEventListener('message', (event: MessageEvent<DataWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'load') void load(request.id, request.file, request.name);
  else running.get(request.id)?.abort();
});
