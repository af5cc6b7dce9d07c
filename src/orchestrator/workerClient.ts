/**
 * The main thread's handle on a training worker: typed calls that resolve with the worker's result, stream
 * its progress, can be aborted, and are all rejected if the worker dies, so no caller waits forever.
 */
import { PROTOCOL_VERSION, isWorkerResponse, type ErrorCode, type Method, type MethodMap, type WorkerRequest } from '../protocol/messages';

/** The subset of the Worker interface the client uses; a MessagePort satisfies it too (for tests). */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate?(): void;
}

export class WorkerCallError extends Error {
  constructor(
    readonly code: ErrorCode | 'worker-crashed' | 'worker-terminated',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

export interface CallOptions<M extends Method> {
  readonly onProgress?: (progress: MethodMap[M]['progress']) => void;
  readonly signal?: AbortSignal;
  /** For a call made of members (trainGroup): aborting signal k cancels member k alone. */
  readonly memberSignals?: readonly AbortSignal[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: never) => void;
}

export interface WorkerClient {
  call<M extends Method>(method: M, params: MethodMap[M]['params'], options?: CallOptions<M>): Promise<MethodMap[M]['result']>;
  /** Stops the worker at once and rejects everything pending. */
  terminate(): void;
  readonly alive: boolean;
}

export function createWorkerClient(port: WorkerPort): WorkerClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let alive = true;

  const failAll = (error: WorkerCallError) => {
    alive = false;
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  port.addEventListener('message', (event: MessageEvent) => {
    const message: unknown = event.data;
    if (!isWorkerResponse(message)) return;
    const entry = pending.get(message.id);
    if (!entry) return; // an answer to a call already aborted
    switch (message.type) {
      case 'progress':
        entry.onProgress?.(message.progress as never);
        break;
      case 'result':
        pending.delete(message.id);
        entry.resolve(message.result);
        break;
      case 'error':
        pending.delete(message.id);
        entry.reject(new WorkerCallError(message.error.code, message.error.message));
        break;
    }
  });
  port.addEventListener('error', (event: Event) => {
    const detail = (event as ErrorEvent).message;
    failAll(new WorkerCallError('worker-crashed', `The training worker crashed${detail ? `: ${detail}` : ''}`));
  });

  return {
    get alive() {
      return alive;
    },
    call(method, params, options = {}) {
      if (!alive) return Promise.reject(new WorkerCallError('worker-terminated', 'The training worker has stopped'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const { signal, onProgress, memberSignals = [] } = options;
        if (signal?.aborted) {
          reject(new WorkerCallError('cancelled', 'Cancelled'));
          return;
        }
        const onAbort = () => {
          if (pending.has(id)) port.postMessage({ v: PROTOCOL_VERSION, type: 'cancel', id });
        };
        const onMemberAbort = memberSignals.map((_, member) => () => {
          if (pending.has(id)) port.postMessage({ v: PROTOCOL_VERSION, type: 'cancel', id, member });
        });
        // The listeners go when the call settles, so a study's signal does not collect one per trial.
        const settle = <T,>(finish: (value: T) => void) => (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          memberSignals.forEach((s, member) => s.removeEventListener('abort', onMemberAbort[member]!));
          finish(value);
        };
        pending.set(id, {
          resolve: settle(resolve as (value: unknown) => void),
          reject: settle(reject),
          ...(onProgress ? { onProgress: onProgress as (p: never) => void } : {}),
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        port.postMessage({ v: PROTOCOL_VERSION, type: 'call', id, method, params } as WorkerRequest);
        memberSignals.forEach((s, member) => (s.aborted ? onMemberAbort[member]!() : s.addEventListener('abort', onMemberAbort[member]!, { once: true })));
      });
    },
    terminate() {
      port.terminate?.();
      failAll(new WorkerCallError('worker-terminated', 'The training worker was stopped'));
    },
  };
}

/** Starts a browser training worker (a module worker bundled by Vite). */
export function spawnTrainingWorker(): WorkerClient {
  const worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'sweeplab-training' });
  return createWorkerClient(worker as unknown as WorkerPort);
}
