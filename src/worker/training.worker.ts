/** Entry of the training worker: wires the dispatcher to the worker's message port and the browser backends. */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../ml/backends';
import { measureThroughput } from '../ml/throughput';
import { createDispatcher } from './dispatcher';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// tfjs logs its backend registrations and platform notes; they are noise in the page console.
tf.env().set('PROD', true);

const handle = createDispatcher(
  {
    selectBackend,
    measureThroughput: async (spec) => ({
      backend: tf.getBackend(),
      samplesPerSecond: await measureThroughput(spec, spec.warmUpMillis !== undefined ? { warmUpMillis: spec.warmUpMillis } : {}),
    }),
  },
  (message) => scope.postMessage(message),
);

scope.addEventListener('message', (event: MessageEvent<unknown>) => {
  void handle(event.data);
});
