/**
 * Test support, compiled only by the tests' tsconfig: a training "worker" that runs the real dispatcher and
 * real tfjs (cpu backend) in this process, connected to a real WorkerClient over a MessageChannel, so
 * protocol, cloning and async behaviour are exercised exactly as in the browser, minus the thread.
 */
import * as tf from '@tensorflow/tfjs';
import { createDispatcher } from './dispatcher';
import { measureThroughput } from '../ml/throughput';
import { createWorkerClient, type WorkerClient, type WorkerPort } from '../orchestrator/workerClient';
import type { WorkerResponse } from '../protocol/messages';

export async function activateCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function createInProcessWorker(): WorkerClient {
  const channel = new MessageChannel();
  const handle = createDispatcher(
    {
      async selectBackend(preference, _remembered, report) {
        report('Node tests use the cpu backend');
        await activateCpuBackend();
        return { preference, chosen: 'cpu', reason: 'Node tests use the cpu backend', probes: [], notes: [] };
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
