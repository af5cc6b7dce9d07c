/**
 * bench.html?suite=throughput: the reference MLP trained each way `npm run bench:throughput` compares, on the
 * WASM backend in training workers. Configurations alternate within each round, so a noisy neighbour (this
 * machine's two cores are shared) affects them alike; the page leaves every repeat on
 * `window.sweeplabThroughput` and scripts/bench-throughput.ts takes medians.
 */
import { spawnTrainingWorker, type WorkerClient } from '../orchestrator/workerClient';
import { REFERENCE_MLP, type BatchedThroughputSpec } from '../protocol/messages';

export interface SuiteRow {
  readonly label: string;
  readonly mode: BatchedThroughputSpec['mode'];
  readonly models: number;
  readonly matMulRouting: boolean;
  readonly workers: number;
  /** Aggregate samples/s of each repeat (summed over models, and over workers for the parallel row). */
  readonly samplesPerSecond: number[];
}

export interface SuiteOutcome {
  readonly rows: readonly SuiteRow[];
  readonly error?: string;
}

declare global {
  interface Window {
    sweeplabThroughput?: SuiteOutcome;
  }
}

type Config = Omit<SuiteRow, 'samplesPerSecond'>;

const CONFIGS: readonly Config[] = [
  { label: 'model.fit, shipped matMul', mode: 'fit', models: 1, matMulRouting: false, workers: 1 },
  { label: 'model.fit, routed matMul', mode: 'fit', models: 1, matMulRouting: true, workers: 1 },
  { label: 'own loop, shipped matMul', mode: 'loop', models: 1, matMulRouting: false, workers: 1 },
  { label: 'own loop, routed matMul', mode: 'loop', models: 1, matMulRouting: true, workers: 1 },
  { label: 'K = 8 together, shipped matMul', mode: 'group', models: 8, matMulRouting: false, workers: 1 },
  { label: 'K = 1 together, routed matMul', mode: 'group', models: 1, matMulRouting: true, workers: 1 },
  { label: 'K = 8 together, routed matMul', mode: 'group', models: 8, matMulRouting: true, workers: 1 },
  { label: 'K = 32 together, routed matMul', mode: 'group', models: 32, matMulRouting: true, workers: 1 },
  { label: '2 workers × K = 32, routed matMul', mode: 'group', models: 32, matMulRouting: true, workers: 2 },
];

/** About 64k samples per repeat whatever K is, so each repeat lasts long enough to time (0.2–1.5 s). */
const SAMPLES_PER_REPEAT = 65_536;
const FIRST_WARM_UP_MS = 5000;
const LATER_WARM_UP_MS = 500;

const specFor = (config: Config, warmUpMillis: number): BatchedThroughputSpec => ({
  ...REFERENCE_MLP,
  mode: config.mode,
  models: config.models,
  matMulRouting: config.matMulRouting,
  steps: Math.max(4, Math.round(SAMPLES_PER_REPEAT / (config.models * REFERENCE_MLP.batchSize))),
  repeats: 5,
  warmUpMillis,
});

async function startWasmWorker(): Promise<WorkerClient> {
  const client = spawnTrainingWorker();
  const report = await client.call('init', { preference: 'wasm' });
  if (report.chosen !== 'wasm') {
    client.terminate();
    throw new Error(`WASM backend unavailable (got ${report.chosen}: ${report.notes.join('; ')})`);
  }
  return client;
}

export async function runThroughputSuite(rounds: number): Promise<SuiteOutcome> {
  const rows: SuiteRow[] = CONFIGS.map((config) => ({ ...config, samplesPerSecond: [] }));
  const workers: WorkerClient[] = [];
  try {
    const main = await startWasmWorker();
    workers.push(main);
    const pair: WorkerClient[] = [];
    let mainWarm = false;
    let pairWarm = false;
    for (let round = 0; round < rounds; round++) {
      for (const row of rows) {
        if (row.workers === 1) {
          const result = await main.call('measureBatchedThroughput', specFor(row, mainWarm ? LATER_WARM_UP_MS : FIRST_WARM_UP_MS));
          mainWarm = true;
          row.samplesPerSecond.push(...result.samplesPerSecond);
          continue;
        }
        while (pair.length < row.workers) {
          const client = await startWasmWorker();
          workers.push(client);
          pair.push(client);
        }
        // Both start together and time the same number of repeats of the same length, so repeat i of each
        // overlaps repeat i of the other; their sum is the pair's aggregate.
        const results = await Promise.all(pair.map((client) => client.call('measureBatchedThroughput', specFor(row, pairWarm ? LATER_WARM_UP_MS : FIRST_WARM_UP_MS))));
        pairWarm = true;
        results[0]!.samplesPerSecond.forEach((_, i) => row.samplesPerSecond.push(results.reduce((sum, r) => sum + r.samplesPerSecond[i]!, 0)));
      }
    }
    return { rows };
  } catch (error) {
    return { rows, error: error instanceof Error ? error.message : String(error) };
  } finally {
    workers.forEach((w) => w.terminate());
  }
}
