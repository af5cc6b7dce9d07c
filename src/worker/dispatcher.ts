/**
 * The worker's side of the protocol: validates each request, runs the method, streams progress, and
 * answers with a result or a typed error. Independent of `self`, so unit tests drive it over a MessageChannel.
 */
import type { ModelData } from '../data/types';
import { CancelledError, TrainingError } from '../ml/errors';
import { measureBatchedThroughput } from '../ml/throughput';
import { PROTOCOL_VERSION, isWorkerRequest, type CallRequest, type ErrorCode, type MethodMap, type WorkerResponse } from '../protocol/messages';
import type { BackendReport, Workload } from '../protocol/backend';
import type { GroupEpochRecord } from '../protocol/grouping';
import { predict } from './predict';
import { createProgressBuffer } from './progressBuffer';
import { runTrainingGroup } from './groupRunner';
import { runTrainingJob } from './trialRunner';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface WorkerEnvironment {
  /** Chooses and activates a backend (the browser worker probes; Node tests use cpu). */
  selectBackend(
    preference: MethodMap['init']['params']['preference'],
    remembered: MethodMap['init']['params']['remembered'],
    report: (message: string) => void,
    workload: Workload,
  ): Promise<BackendReport>;
  measureThroughput(spec: MethodMap['measureThroughput']['params']): Promise<MethodMap['measureThroughput']['result']>;
}

type Post = (message: WorkerResponse) => void;

class NoDatasetError extends Error {
  readonly code = 'no-dataset' as const;
}

function errorCode(error: unknown): ErrorCode {
  if (error instanceof CancelledError) return 'cancelled';
  if (error instanceof TrainingError) return 'training-failed';
  if (error instanceof NoDatasetError) return 'no-dataset';
  const message = error instanceof Error ? error.message : String(error);
  // tfjs reports exhausted GPU or WASM memory in several wordings.
  if (/out of memory|OOM|Cannot allocate|allocation failed/i.test(message)) return 'out-of-memory';
  return 'internal';
}

export function createDispatcher(environment: WorkerEnvironment, post: Post) {
  const datasets = new Map<string, ModelData>();
  const cancelled = new Set<number>();
  /** Members of trainGroup calls cancelled on their own, by call id. */
  const cancelledMembers = new Map<number, Set<number>>();

  const checkpointFor = (id: number) => async () => {
    await yieldToEventLoop();
    if (cancelled.has(id)) throw new CancelledError();
  };

  async function execute(request: CallRequest): Promise<unknown> {
    switch (request.method) {
      case 'init':
        return environment.selectBackend(
          request.params.preference,
          request.params.remembered,
          (message) => post({ v: PROTOCOL_VERSION, type: 'progress', id: request.id, progress: message }),
          request.params.workload ?? 'dense',
        );
      case 'loadDataset':
        datasets.set(request.params.key, request.params.data);
        return { key: request.params.key, rows: request.params.data.numRows };
      case 'runTrial': {
        const data = datasets.get(request.params.datasetKey);
        if (!data) throw new NoDatasetError(`Dataset "${request.params.datasetKey}" was not loaded into this worker`);
        const progress = createProgressBuffer<MethodMap['runTrial']['progress'][number]>((records) =>
          post({ v: PROTOCOL_VERSION, type: 'progress', id: request.id, progress: records }),
        );
        const checkpoint = checkpointFor(request.id);
        try {
          return await runTrainingJob(request.params, data, { onEpoch: progress.push, checkpoint });
        } finally {
          progress.flush();
        }
      }
      case 'trainGroup': {
        const data = datasets.get(request.params.datasetKey);
        if (!data) throw new NoDatasetError(`Dataset "${request.params.datasetKey}" was not loaded into this worker`);
        const progress = createProgressBuffer<GroupEpochRecord>((records) => post({ v: PROTOCOL_VERSION, type: 'progress', id: request.id, progress: records }));
        try {
          const outcomes = await runTrainingGroup(request.params, data, {
            onEpoch: (member, record) => progress.push({ member, record }),
            checkpoint: checkpointFor(request.id),
            memberCancelled: (member) => cancelledMembers.get(request.id)?.has(member) ?? false,
          });
          // Each member fails alone, with the code its error would have had as a runTrial call.
          return {
            members: outcomes.map((outcome) =>
              outcome instanceof Error ? { ok: false as const, error: { code: errorCode(outcome), message: outcome.message } } : { ok: true as const, result: outcome },
            ),
          };
        } finally {
          progress.flush();
        }
      }
      case 'measureThroughput':
        return environment.measureThroughput(request.params);
      case 'measureBatchedThroughput':
        // Runs on whatever backend `init` chose; unlike the probe's measurement it needs nothing from the host.
        return measureBatchedThroughput(request.params);
      case 'predict':
        return predict(request.params);
    }
  }

  return async function handle(message: unknown): Promise<void> {
    if (!isWorkerRequest(message)) {
      const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
      post({ v: PROTOCOL_VERSION, type: 'error', id, error: { code: 'bad-request', message: 'Malformed or version-mismatched request' } });
      return;
    }
    if (message.type === 'cancel') {
      if (message.member === undefined) cancelled.add(message.id);
      else cancelledMembers.set(message.id, (cancelledMembers.get(message.id) ?? new Set()).add(message.member));
      return;
    }
    try {
      const result = await execute(message);
      post({ v: PROTOCOL_VERSION, type: 'result', id: message.id, result });
    } catch (error) {
      post({
        v: PROTOCOL_VERSION,
        type: 'error',
        id: message.id,
        error: { code: errorCode(error), message: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      cancelled.delete(message.id);
      cancelledMembers.delete(message.id);
    }
  };
}
