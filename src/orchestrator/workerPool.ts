/**
 * N training workers, one per slot, kept alive between studies. Slot 0 chooses the backend (measuring it
 * under `auto` for the data's workload, see ./trainingWorker.ts); the other slots start on slot 0's choice
 * instead of each probing at the same time, which would slow every probe and could make them disagree.
 */
import type { ModelData } from '../data/types';
import type { BackendMemory } from '../persistence/backendMemory';
import type { BackendPreference } from '../protocol/backend';
import { createTrainingWorkerHandle, type ReadyWorker, type TrainingWorkerHandle } from './trainingWorker';
import type { WorkerClient } from './workerClient';

export interface WorkerPool {
  readonly size: number;
  acquire(slot: number, preference: BackendPreference, datasetKey: string, data: ModelData, onProgress?: (message: string) => void): Promise<ReadyWorker>;
  /** Terminates one slot's worker (crash, out of memory, ignored cancel); the next acquire starts a new one. */
  discard(slot: number): void;
  /** Grows or shrinks the pool for the next study. */
  resize(size: number): void;
}

export function createWorkerPool(spawn: () => WorkerClient, memory: BackendMemory | undefined, initialSize: number): WorkerPool {
  const handles: TrainingWorkerHandle[] = [];
  const handle = (slot: number) => (handles[slot] ??= createTrainingWorkerHandle(spawn, slot === 0 ? memory : undefined));
  let size = Math.max(1, initialSize);

  return {
    get size() {
      return size;
    },
    async acquire(slot, preference, datasetKey, data, onProgress) {
      if (slot === 0 || preference !== 'auto') return handle(slot).acquire(preference, datasetKey, data, onProgress);
      const leader = await handle(0).acquire(preference, datasetKey, data, onProgress);
      const follower = await handle(slot).acquire(leader.backend.chosen, datasetKey, data);
      // Report the leader's reasoning: the follower only followed it.
      return { client: follower.client, backend: leader.backend };
    },
    discard(slot) {
      handles[slot]?.discard();
    },
    resize(next) {
      size = Math.max(1, next);
      for (let slot = size; slot < handles.length; slot++) handles[slot]?.discard();
      handles.length = Math.min(handles.length, size);
    },
  };
}
