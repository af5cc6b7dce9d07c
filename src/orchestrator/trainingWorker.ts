/**
 * Keeps one training worker alive between studies, so the backend probe and dataset upload happen once,
 * and replaces it after a crash. The workload the `auto` probe measures follows the data's layout (images:
 * 'conv', tables and tokens: 'dense'); a study of the other workload gets a fresh worker, because the
 * fastest backend may differ and tfjs has one active backend per worker.
 */
import type { ModelData } from '../data/types';
import type { BackendMemory } from '../persistence/backendMemory';
import { workloadFor, type BackendPreference, type BackendReport, type Workload } from '../protocol/backend';
import type { WorkerClient } from './workerClient';

export interface ReadyWorker {
  readonly client: WorkerClient;
  readonly backend: BackendReport;
}

export interface TrainingWorkerHandle {
  /**
   * A worker running `preference` (under `auto`, the fastest for the data's workload), with the dataset
   * loaded under `datasetKey`. `onProgress` hears what the backend probe is doing, when this call starts it.
   */
  acquire(preference: BackendPreference, datasetKey: string, data: ModelData, onProgress?: (message: string) => void): Promise<ReadyWorker>;
  /** Terminates the current worker (after a crash, or when it ignores a cancel); the next acquire starts anew. */
  discard(): void;
}

export function createTrainingWorkerHandle(spawn: () => WorkerClient, memory?: BackendMemory): TrainingWorkerHandle {
  let current: {
    client: WorkerClient;
    preference: BackendPreference;
    workload: Workload;
    backend: Promise<BackendReport>;
    datasets: Map<string, Promise<unknown>>;
  } | null = null;

  const discard = () => {
    current?.client.terminate();
    current = null;
  };

  return {
    discard,
    async acquire(preference, datasetKey, data, onProgress) {
      const workload = workloadFor(data.input);
      // A forced backend does not depend on the workload, so only `auto` restarts when it changes.
      const stale = current && (current.preference !== preference || (preference === 'auto' && current.workload !== workload));
      if (!current || !current.client.alive || stale) {
        discard();
        const client = spawn();
        const remembered = preference === 'auto' ? memory?.recall(workload) : undefined;
        const params = { preference, workload, ...(remembered ? { remembered } : {}) };
        const backend = client.call('init', params, onProgress ? { onProgress } : {}).then((report) => {
          memory?.remember(report);
          return report;
        });
        current = { client, preference, workload, backend, datasets: new Map() };
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
