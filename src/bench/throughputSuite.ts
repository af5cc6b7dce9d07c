/**
 * bench.html?suite=throughput: the reference MLP trained each way `npm run bench:throughput` compares, in
 * training workers on one backend (`backend=`, WASM by default). Configurations alternate within each round,
 * so a noisy neighbour (this machine's two cores are shared) affects them alike; the page leaves every repeat
 * on `window.sweeplabThroughput` and scripts/bench-throughput.ts takes medians.
 *
 * URL options (all optional): backend=wasm|webgl|webgpu|cpu, rounds=2, repeats=5 (timed repeats per row and
 * round), samples=65536 (samples per repeat of the MLP rows), budget=<seconds> (no row starts after it; rows
 * not reached stay empty), cnn=1 (add the Fashion-MNIST CNN rows: conv3×3·8 → max pool → conv3×3·16 → max pool
 * → flatten → dense 64 → 10, Adam, batch 64 and 256, trained by the app's own trial runner on synthetic
 * 28×28×1 images; each timed repeat is one epoch of `cnnRows=8192` images after a first, untimed epoch).
 * While it runs, `window.sweeplabThroughputProgress` holds the rows measured so far, so a caller that gives
 * up early still has them.
 */
import { spawnTrainingWorker, type WorkerClient } from '../orchestrator/workerClient';
import { createRng } from '../engine/study/rng';
import type { ModelData } from '../data/types';
import { isBackendPreference, type BackendName, type BackendReport } from '../protocol/backend';
import { REFERENCE_MLP, type BatchedThroughputSpec } from '../protocol/messages';
import { TRAINING_DEFAULTS, type ModelSpec, type TrainingJob } from '../protocol/training';

export interface SuiteRow {
  readonly label: string;
  /** 'cnn': the Fashion-MNIST CNN through runTrial; the others as BatchedThroughputSpec's modes. */
  readonly mode: BatchedThroughputSpec['mode'] | 'cnn';
  readonly models: number;
  readonly matMulRouting: boolean;
  readonly workers: number;
  /** Batch size (the MLP rows use the reference MLP's 128). */
  readonly batchSize: number;
  /** Aggregate samples/s of each repeat (summed over models, and over workers for the parallel row). */
  readonly samplesPerSecond: number[];
  /** Why the row has no (or fewer) figures: a failure in this row, or the time budget. */
  note?: string;
}

export interface SuiteOutcome {
  readonly backend: string;
  /** What the worker's init said (chosen backend, its reason — the WebGPU adapter for webgpu). */
  readonly report?: Pick<BackendReport, 'chosen' | 'reason' | 'notes'>;
  readonly options: SuiteOptions;
  readonly rows: readonly SuiteRow[];
  readonly elapsedSeconds: number;
  readonly error?: string;
}

export interface SuiteOptions {
  readonly backend: BackendName;
  readonly rounds: number;
  readonly repeats: number;
  readonly samplesPerRepeat: number;
  /** Seconds after which no further row starts; Infinity for none. */
  readonly budgetSeconds: number;
  readonly cnn: boolean;
  readonly cnnRows: number;
}

export interface SuiteProgress {
  readonly current: string | null;
  readonly report?: Pick<BackendReport, 'chosen' | 'reason' | 'notes'>;
  readonly rows: readonly SuiteRow[];
  readonly elapsedSeconds: number;
}

declare global {
  interface Window {
    sweeplabThroughput?: SuiteOutcome;
    sweeplabThroughputProgress?: SuiteProgress;
  }
}

type Config = Omit<SuiteRow, 'samplesPerSecond' | 'note'>;

const mlp = (label: string, mode: BatchedThroughputSpec['mode'], models: number, matMulRouting: boolean, workers = 1): Config => ({
  label,
  mode,
  models,
  matMulRouting,
  workers,
  batchSize: REFERENCE_MLP.batchSize,
});

/** WASM: with and without our routed matMul, as `npm run bench:throughput` has always printed them. */
const WASM_CONFIGS: readonly Config[] = [
  mlp('model.fit, shipped matMul', 'fit', 1, false),
  mlp('model.fit, routed matMul', 'fit', 1, true),
  mlp('own loop, shipped matMul', 'loop', 1, false),
  mlp('own loop, routed matMul', 'loop', 1, true),
  mlp('K = 8 together, shipped matMul', 'group', 8, false),
  mlp('K = 1 together, routed matMul', 'group', 1, true),
  mlp('K = 8 together, routed matMul', 'group', 8, true),
  mlp('K = 32 together, routed matMul', 'group', 32, true),
  mlp('2 workers × K = 32, routed matMul', 'group', 32, true, 2),
];

/** Other backends: the matMul routing is a WASM kernel and changes nothing there, so each mode once. */
const GPU_CONFIGS: readonly Config[] = [
  mlp('model.fit', 'fit', 1, false),
  mlp('own loop', 'loop', 1, false),
  mlp('K = 1 together', 'group', 1, false),
  mlp('K = 8 together', 'group', 8, false),
  mlp('K = 32 together', 'group', 32, false),
  mlp('2 workers × K = 32', 'group', 32, false, 2),
];

const cnnRow = (batchSize: number): Config => ({ label: `CNN 28×28 (8-16 filters, dense 64), own loop, batch ${batchSize}`, mode: 'cnn', models: 1, matMulRouting: true, workers: 1, batchSize });
const CNN_CONFIGS: readonly Config[] = [cnnRow(64), cnnRow(256)];

const FIRST_WARM_UP_MS = 5000;
const LATER_WARM_UP_MS = 500;
const CNN_DATASET_KEY = 'bench:cnn-synthetic';
const CNN_EVAL_ROWS = 256;

const numberParam = (query: URLSearchParams, name: string, fallback: number, min: number): number => {
  const value = Number(query.get(name) ?? fallback);
  return Number.isFinite(value) && value >= min ? value : fallback;
};

/** The suite's options from bench.html's query string (see the header). */
export function suiteOptionsFromQuery(query: URLSearchParams): SuiteOptions {
  const backend = query.get('backend') ?? 'wasm';
  return {
    backend: isBackendPreference(backend) && backend !== 'auto' ? backend : 'wasm',
    rounds: Math.round(numberParam(query, 'rounds', 2, 1)),
    repeats: Math.round(numberParam(query, 'repeats', 5, 1)),
    samplesPerRepeat: Math.round(numberParam(query, 'samples', 65_536, 1024)),
    budgetSeconds: numberParam(query, 'budget', Number.POSITIVE_INFINITY, 1),
    cnn: query.get('cnn') === '1',
    cnnRows: Math.round(numberParam(query, 'cnnRows', 8192, 512)),
  };
}

const specFor = (config: Config, options: SuiteOptions, warmUpMillis: number): BatchedThroughputSpec => ({
  ...REFERENCE_MLP,
  mode: config.mode === 'cnn' ? 'loop' : config.mode,
  models: config.models,
  matMulRouting: config.matMulRouting,
  // About `samplesPerRepeat` samples per repeat whatever K is, so each repeat lasts long enough to time.
  steps: Math.max(4, Math.round(options.samplesPerRepeat / (config.models * REFERENCE_MLP.batchSize))),
  repeats: options.repeats,
  warmUpMillis,
});

async function startWorker(backend: BackendName): Promise<{ client: WorkerClient; report: BackendReport }> {
  const client = spawnTrainingWorker();
  const report = await client.call('init', { preference: backend });
  if (report.chosen !== backend) {
    client.terminate();
    throw new Error(`${backend} backend unavailable (got ${report.chosen}: ${report.notes.join('; ')})`);
  }
  return { client, report };
}

/** Random 28×28×1 images with random labels of 10 classes: the shape of Fashion-MNIST, for timing only. */
function syntheticImages(rows: number): ModelData {
  const rng = createRng(7);
  const size = 28 * 28;
  const features = new Float32Array(rows * size);
  for (let i = 0; i < features.length; i++) features[i] = rng.next();
  const targets = new Float32Array(rows);
  for (let r = 0; r < rows; r++) targets[r] = rng.int(0, 9);
  const classNames = Array.from({ length: 10 }, (_, k) => `class ${k}`);
  return {
    numRows: rows,
    numFeatures: size,
    featureNames: Array.from({ length: size }, (_, j) => `pixel_${j}`),
    features,
    targets,
    task: { kind: 'multiclass', target: 'class', classNames },
    input: { kind: 'image', height: 28, width: 28, channels: 1 },
  };
}

const cnnSpec = (batchSize: number, epochs: number): ModelSpec => ({
  ...TRAINING_DEFAULTS,
  architecture: {
    kind: 'cnn',
    blocks: [
      { filters: 8, kernelSize: 3, pooling: 'max', dropout: 0 },
      { filters: 16, kernelSize: 3, pooling: 'max', dropout: 0 },
    ],
    separable: false,
    globalPooling: 'flatten',
  },
  hidden: [{ units: 64, activation: 'relu', dropout: 0 }],
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize,
  epochs,
});

/**
 * One CNN trial of 1 + `repeats` epochs through the app's trial runner (our loop, batches gathered on the
 * backend, evaluation only at the end). The worker reports each epoch as it ends (progress is sent at once
 * when epochs are ≥ 100 ms apart, else coalesced), so the time between two reports is the epochs' training
 * time; the first epoch (model build, shader compilation, WASM tier-up) is not timed.
 */
async function measureCnn(client: WorkerClient, batchSize: number, options: SuiteOptions): Promise<number[]> {
  const trainRows = options.cnnRows;
  const job: TrainingJob = {
    datasetKey: CNN_DATASET_KEY,
    model: cnnSpec(batchSize, 1 + options.repeats),
    runs: [{ train: Array.from({ length: trainRows }, (_, i) => i), evaluate: Array.from({ length: CNN_EVAL_ROWS }, (_, i) => trainRows + i) }],
    evaluation: 'test',
    objective: 'accuracy',
    seed: 7,
  };
  const marks: { epoch: number; at: number }[] = [];
  await client.call('runTrial', job, {
    onProgress: (records) => {
      const at = performance.now();
      const last = Math.max(...records.map((r) => r.epoch));
      marks.push({ epoch: last, at });
    },
  });
  const results: number[] = [];
  // Epoch numbers as the runner counts them; the first mark closes the untimed first epoch.
  for (let i = 1; i < marks.length; i++) {
    const epochs = marks[i]!.epoch - marks[i - 1]!.epoch;
    const seconds = (marks[i]!.at - marks[i - 1]!.at) / 1000;
    if (epochs > 0 && seconds > 0) results.push((epochs * trainRows) / seconds);
  }
  return results;
}

export async function runThroughputSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const configs = [...(options.backend === 'wasm' ? WASM_CONFIGS : GPU_CONFIGS), ...(options.cnn ? CNN_CONFIGS : [])];
  const rows: SuiteRow[] = configs.map((config) => ({ ...config, samplesPerSecond: [] }));
  const workers: WorkerClient[] = [];
  let report: BackendReport | undefined;
  const publish = (current: string | null) => {
    window.sweeplabThroughputProgress = {
      current,
      ...(report ? { report: { chosen: report.chosen, reason: report.reason, notes: report.notes } } : {}),
      rows: rows.map((row) => ({ ...row, samplesPerSecond: [...row.samplesPerSecond] })),
      elapsedSeconds: elapsed(),
    };
  };
  const finish = (error?: string): SuiteOutcome => ({
    backend: options.backend,
    ...(report ? { report: { chosen: report.chosen, reason: report.reason, notes: report.notes } } : {}),
    options,
    rows,
    elapsedSeconds: elapsed(),
    ...(error ? { error } : {}),
  });
  try {
    publish('starting the worker');
    const first = await startWorker(options.backend);
    report = first.report;
    const main = first.client;
    workers.push(main);
    const pair: WorkerClient[] = [];
    let mainWarm = false;
    let pairWarm = false;
    let cnnLoaded = false;
    for (let round = 0; round < options.rounds; round++) {
      for (const row of rows) {
        if (elapsed() > options.budgetSeconds) {
          row.note ??= `time budget of ${options.budgetSeconds} s reached before round ${round + 1}`;
          continue;
        }
        publish(`${row.label} (round ${round + 1})`);
        try {
          if (row.mode === 'cnn') {
            if (!cnnLoaded) {
              await main.call('loadDataset', { key: CNN_DATASET_KEY, data: syntheticImages(options.cnnRows + CNN_EVAL_ROWS) });
              cnnLoaded = true;
            }
            row.samplesPerSecond.push(...(await measureCnn(main, row.batchSize, options)));
          } else if (row.workers === 1) {
            const result = await main.call('measureBatchedThroughput', specFor(row, options, mainWarm ? LATER_WARM_UP_MS : FIRST_WARM_UP_MS));
            mainWarm = true;
            row.samplesPerSecond.push(...result.samplesPerSecond);
          } else {
            while (pair.length < row.workers) {
              const { client } = await startWorker(options.backend);
              workers.push(client);
              pair.push(client);
            }
            // Both start together and time the same number of repeats of the same length, so repeat i of
            // each overlaps repeat i of the other; their sum is the pair's aggregate.
            const results = await Promise.all(pair.map((client) => client.call('measureBatchedThroughput', specFor(row, options, pairWarm ? LATER_WARM_UP_MS : FIRST_WARM_UP_MS))));
            pairWarm = true;
            results[0]!.samplesPerSecond.forEach((_, i) => row.samplesPerSecond.push(results.reduce((sum, r) => sum + r.samplesPerSecond[i]!, 0)));
          }
        } catch (error) {
          // One row failing (a kernel missing on this backend, say) must not lose the others.
          row.note = error instanceof Error ? error.message : String(error);
          if (!main.alive) throw new Error(`the training worker died in "${row.label}": ${row.note}`);
        }
      }
    }
    publish(null);
    return finish();
  } catch (error) {
    publish(null);
    return finish(error instanceof Error ? error.message : String(error));
  } finally {
    workers.forEach((w) => w.terminate());
  }
}
