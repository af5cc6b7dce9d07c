/**
 * Keeps one training worker alive between studies, so the backend probe and dataset upload happen once,
 * and replaces it after a crash. A pool of several (issue: parallel trials) will grow from this.
 */
import type { ModelData } from '../data/types';
import type { BackendMemory } from '../persistence/backendMemory';
import type { BackendPreference, BackendReport } from '../protocol/backend';
import type { WorkerClient } from './workerClient';

export interface ReadyWorker {
  readonly client: WorkerClient;
  readonly backend: BackendReport;
}

export interface TrainingWorkerHandle {
  /** A worker running `preference`, with the dataset loaded under `datasetKey`. */
  /** `onProgress` hears what the backend probe is doing, when this call starts the worker. */
  acquire(preference: BackendPreference, datasetKey: string, data: ModelData, onProgress?: (message: string) => void): Promise<ReadyWorker>;
  /** Terminates the current worker (after a crash, or when it ignores a cancel); the next acquire starts anew. */
  discard(): void;
}

export function createTrainingWorkerHandle(spawn: () => WorkerClient, memory?: BackendMemory): TrainingWorkerHandle {
  let current: { client: WorkerClient; preference: BackendPreference; backend: Promise<BackendReport>; datasets: Map<string, Promise<unknown>> } | null = null;

  const discard = () => {
    current?.client.terminate();
    current = null;
  };

  return {
    discard,
    async acquire(preference, datasetKey, data, onProgress) {
      if (!current || !current.client.alive || current.preference !== preference) {
        discard();
        const client = spawn();
        const remembered = preference === 'auto' ? memory?.recall() : undefined;
        const backend = client.call('init', { preference, ...(remembered ? { remembered } : {}) }, onProgress ? { onProgress } : {}).then((report) => {
          memory?.remember(report);
          return report;
        });
        current = { client, preference, backend, datasets: new Map() };
      }
      const worker = current;
      let loaded = worker.datasets.get(datasetKey);
      if (!loaded) {
        loaded = worker.backend.then(() => worker.client.call('loadDataset', { key: datasetKey, data }));
        worker.datasets.set(datasetKey, loaded);
      }
      try {
        const backend = await worker.backend;
        await loaded;
        return { client: worker.client, backend };
      } catch (error) {
        if (current === worker) discard(); // a failed init or upload leaves the worker unusable
        throw error;
      }
    },
  };
}
