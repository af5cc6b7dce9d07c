/**
 * The worker protocol: one typed map of methods to their parameters, results and progress, from which both
 * the client (main thread) and the worker's dispatch switch are typed, so the two ends cannot drift apart.
 * Every request carries an id and the protocol version; every response names the request it answers.
 */
import type { ModelData } from '../data/types';
import type { BackendPreference, BackendReport, RememberedChoice, Workload } from './backend';
import type { EpochRecord, TrainedModel, TrainingJob, TrainingResult } from './training';
import type { GroupEpochRecord, TrainingGroupJob, TrainingGroupResult } from './grouping';

export const PROTOCOL_VERSION = 1;

export interface ThroughputSpec {
  readonly inputSize: number;
  readonly hiddenUnits: number;
  readonly outputSize: number;
  readonly batchSize: number;
  /** Steps timed per repeat, after warm-up. */
  readonly steps: number;
  readonly repeats: number;
  /** Minimum warm-up before timing (see ml/throughput.ts). */
  readonly warmUpMillis?: number;
}

/** The reference MLP of shared/PERFORMANCE.md: 64 → 128 relu → 10 softmax, Adam, batch 128. */
export const REFERENCE_MLP: ThroughputSpec = { inputSize: 64, hiddenUnits: 128, outputSize: 10, batchSize: 128, steps: 50, repeats: 5, warmUpMillis: 5000 };

/**
 * A throughput measurement of one way of training the reference MLP (`npm run bench:throughput`):
 * - 'fit': tfjs's `model.fit`; 'loop': our training loop (one model);
 * - 'group': `models` copies trained together as one stacked computation (src/ml/batched), samples/s summed
 *   over the models (K × batch × steps / time).
 * `matMulRouting` switches our WASM matMul on or off for the measurement (ignored on other backends).
 */
export interface BatchedThroughputSpec extends ThroughputSpec {
  readonly mode: 'fit' | 'loop' | 'group';
  readonly models: number;
  readonly matMulRouting: boolean;
}

export interface ThroughputResult {
  readonly backend: string;
  /** Samples per second of each repeat. */
  readonly samplesPerSecond: readonly number[];
}

export interface MethodMap {
  /**
   * Progress: what the backend probe is doing, in words ("Measuring webgl…"). `workload` is what `auto`
   * measures (the study's data layout decides it); absent means 'dense', the reference MLP.
   */
  init: { params: { preference: BackendPreference; workload?: Workload; remembered?: RememberedChoice }; result: BackendReport; progress: string };
  loadDataset: { params: { key: string; data: ModelData }; result: { key: string; rows: number }; progress: never };
  runTrial: { params: TrainingJob; result: TrainingResult; progress: readonly EpochRecord[] };
  /** Several trials on the same runs, trained together where they can be; each member's own result or error. */
  trainGroup: { params: TrainingGroupJob; result: TrainingGroupResult; progress: readonly GroupEpochRecord[] };
  measureThroughput: { params: ThroughputSpec; result: ThroughputResult; progress: never };
  measureBatchedThroughput: { params: BatchedThroughputSpec; result: ThroughputResult; progress: never };
  /** Outputs of a trained model for `rows` rows of raw features (probabilities rows × classes, or values). */
  predict: { params: { model: TrainedModel; features: Float32Array; rows: number }; result: { outputs: Float32Array }; progress: never };
}

export type Method = keyof MethodMap;

export type CallRequest = {
  [M in Method]: { readonly v: typeof PROTOCOL_VERSION; readonly type: 'call'; readonly id: number; readonly method: M; readonly params: MethodMap[M]['params'] };
}[Method];

export interface CancelRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'cancel';
  /** Id of the call to cancel. */
  readonly id: number;
  /** Cancels only this member of a trainGroup call (it fails as 'cancelled'); the others go on. */
  readonly member?: number;
}

export type WorkerRequest = CallRequest | CancelRequest;

export type ErrorCode = 'cancelled' | 'bad-request' | 'no-dataset' | 'training-failed' | 'out-of-memory' | 'internal';

export interface WorkerErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

export type WorkerResponse =
  | { readonly v: typeof PROTOCOL_VERSION; readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly v: typeof PROTOCOL_VERSION; readonly type: 'progress'; readonly id: number; readonly progress: unknown }
  | { readonly v: typeof PROTOCOL_VERSION; readonly type: 'error'; readonly id: number; readonly error: WorkerErrorInfo };

const METHODS: readonly Method[] = ['init', 'loadDataset', 'runTrial', 'trainGroup', 'measureThroughput', 'measureBatchedThroughput', 'predict'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (!isRecord(value) || value['v'] !== PROTOCOL_VERSION || typeof value['id'] !== 'number') return false;
  if (value['type'] === 'cancel') return value['member'] === undefined || (Number.isInteger(value['member']) && (value['member'] as number) >= 0);
  return value['type'] === 'call' && (METHODS as readonly unknown[]).includes(value['method']) && isRecord(value['params']);
}

export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (!isRecord(value) || value['v'] !== PROTOCOL_VERSION || typeof value['id'] !== 'number') return false;
  switch (value['type']) {
    case 'result':
      return 'result' in value;
    case 'progress':
      return 'progress' in value;
    case 'error':
      return isRecord(value['error']) && typeof value['error']['message'] === 'string' && typeof value['error']['code'] === 'string';
    default:
      return false;
  }
}
