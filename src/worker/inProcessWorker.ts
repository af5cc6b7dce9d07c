/**
 * Test and benchmark support (not in the worker bundle): a training "worker" that runs the real dispatcher and
 * real tfjs (cpu backend; `wasm` for Node benchmarks) in this process, connected to a real WorkerClient over a
 * MessageChannel, so protocol, cloning and async behaviour are exercised exactly as in the browser, minus the thread.
 */
import * as tf from '@tensorflow/tfjs';
import { createDispatcher } from './dispatcher';
import { setFastTileGradient } from '../ml/kernels/tileGradient';
import { measureThroughput } from '../ml/throughput';
import { createWorkerClient, type WorkerClient, type WorkerPort } from '../orchestrator/workerClient';
import type { WorkerResponse } from '../protocol/messages';

/** Switches tfjs to `backend` with our Tile gradient, which the browser worker installs for every backend (ml/backends.ts). */
async function activateBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  setFastTileGradient(true);
  await tf.setBackend(backend);
  await tf.ready();
}

export const activateCpuBackend = (): Promise<void> => activateBackend('cpu');

/** A worker on the cpu backend, or on `wasm` when the caller has registered and set it up (scripts/bench-grouping.ts). */
export function createInProcessWorker(backend: 'cpu' | 'wasm' = 'cpu'): WorkerClient {
  const channel = new MessageChannel();
  const handle = createDispatcher(
    {
      async selectBackend(preference, _remembered, report) {
        const reason = `Node ${backend === 'cpu' ? 'tests use' : 'benchmarks use'} the ${backend} backend`;
        report(reason);
        await activateBackend(backend);
        return { preference, chosen: backend, reason, probes: [], notes: [] };
      },
      measureThroughput: async (spec) => ({ backend: tf.getBackend(), samplesPerSecond: await measureThroughput(spec) }),
    },
    (message: WorkerResponse) => channel.port2.postMessage(message),
  );
  channel.port2.addEventListener('message', (event) => void handle((event as MessageEvent).data));
  channel.port2.start();
  const port = channel.port1 as unknown as WorkerPort & { start(): void; close(): void };
  const client = createWorkerClient({
    postMessage: (message) => port.postMessage(message),
    addEventListener: ((type: 'message' | 'error', listener: (event: Event) => void) =>
      (channel.port1 as unknown as EventTarget).addEventListener(type, listener)) as WorkerPort['addEventListener'],
    terminate: () => {
      channel.port1.close();
      channel.port2.close();
    },
  });
  channel.port1.start();
  return client;
}
