import { describe, expect, it } from 'vitest';
import type { ModelData } from '../data/types';
import type { BackendMemory } from '../persistence/backendMemory';
import type { BackendReport, RememberedChoice, Workload } from '../protocol/backend';
import type { MethodMap } from '../protocol/messages';
import { createTrainingWorkerHandle } from './trainingWorker';
import type { WorkerClient } from './workerClient';

const data = (input?: ModelData['input']): ModelData => ({
  numRows: 1,
  numFeatures: 1,
  featureNames: ['x'],
  features: new Float32Array(1),
  targets: new Float32Array(1),
  task: { kind: 'regression' } as ModelData['task'],
  ...(input ? { input } : {}),
});
const image = data({ kind: 'image', height: 28, width: 28, channels: 1 });
const table = data();

/** Workers that answer `init` as a fresh probe would, recording what they were asked. */
function fakeWorkers() {
  const inits: MethodMap['init']['params'][] = [];
  let spawned = 0;
  const spawn = (): WorkerClient => {
    spawned++;
    let alive = true;
    return {
      get alive() {
        return alive;
      },
      terminate: () => void (alive = false),
      call: ((method: string, params: never) => {
        if (method !== 'init') return Promise.resolve({});
        const init = params as MethodMap['init']['params'];
        inits.push(init);
        const report: BackendReport = init.remembered
          ? { preference: 'auto', chosen: init.remembered.backend, workload: init.remembered.workload, reason: 'remembered in this browser', probes: [], notes: [] }
          : { preference: init.preference, chosen: 'wasm', ...(init.workload ? { workload: init.workload } : {}), reason: 'Fastest', probes: [{ backend: 'wasm', ok: true, samplesPerSecond: 1 }], notes: [] };
        return Promise.resolve(report);
      }) as WorkerClient['call'],
    };
  };
  return { spawn, inits, spawned: () => spawned };
}

function recordingMemory() {
  const entries = new Map<Workload, RememberedChoice>();
  const memory: BackendMemory = {
    recall: (workload) => entries.get(workload),
    remember: (report) => {
      if (report.workload && report.probes.length > 0) entries.set(report.workload, { workload: report.workload, backend: report.chosen, probes: report.probes, reason: report.reason, measuredAt: '2026-11-29' });
    },
    forget: () => entries.clear(),
  };
  return { memory, entries };
}

describe('training worker handle', () => {
  it('probes the workload of the data: images conv, tables dense, remembering each', async () => {
    const workers = fakeWorkers();
    const { memory, entries } = recordingMemory();
    const handle = createTrainingWorkerHandle(workers.spawn, memory);
    expect((await handle.acquire('auto', 'img', image)).backend.workload).toBe('conv');
    expect(workers.inits[0]).toEqual({ preference: 'auto', workload: 'conv' });
    // Another image study reuses the worker; a table study needs a dense measurement, in a fresh worker.
    await handle.acquire('auto', 'img2', image);
    expect(workers.spawned()).toBe(1);
    expect((await handle.acquire('auto', 'tab', table)).backend.workload).toBe('dense');
    expect(workers.spawned()).toBe(2);
    expect(workers.inits[1]).toEqual({ preference: 'auto', workload: 'dense' });
    expect([...entries.keys()]).toEqual(['conv', 'dense']);
    // Back to images: the remembered conv choice is handed to the new worker.
    await handle.acquire('auto', 'img', image);
    expect(workers.inits[2]).toMatchObject({ workload: 'conv', remembered: { workload: 'conv', backend: 'wasm' } });
  });

  it('keeps a forced backend across workloads and recalls nothing for it', async () => {
    const workers = fakeWorkers();
    const { memory } = recordingMemory();
    const handle = createTrainingWorkerHandle(workers.spawn, memory);
    await handle.acquire('webgl', 'img', image);
    await handle.acquire('webgl', 'tab', table);
    expect(workers.spawned()).toBe(1);
    expect(workers.inits).toEqual([{ preference: 'webgl', workload: 'conv' }]);
  });
});
