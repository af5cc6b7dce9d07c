/**
 * The benchmark page (bench.html): starts a training worker on the backend named in the URL, measures the
 * reference MLP's training throughput there, and leaves the figures on `window.sweeplabBench` for
 * scripts/bench.ts to read. With `?suite=throughput` it runs ./throughputSuite.ts instead (for
 * scripts/bench-throughput.ts and scripts/device/gpu_bench.py; its URL options are listed there). Like the
 * app, it never loads tfjs on the main thread.
 */
import { spawnTrainingWorker } from '../orchestrator/workerClient';
import { isBackendPreference } from '../protocol/backend';
import { REFERENCE_MLP } from '../protocol/messages';
import { runThroughputSuite, suiteOptionsFromQuery } from './throughputSuite';

interface BenchOutcome {
  readonly backend: string;
  readonly chosen?: string;
  readonly notes?: readonly string[];
  readonly samplesPerSecond?: readonly number[];
  readonly error?: string;
}

declare global {
  interface Window {
    sweeplabBench?: BenchOutcome;
  }
}

async function run(): Promise<BenchOutcome> {
  const requested = new URLSearchParams(window.location.search).get('backend') ?? 'wasm';
  if (!isBackendPreference(requested)) return { backend: requested, error: 'unknown backend' };
  const client = spawnTrainingWorker();
  try {
    const report = await client.call('init', { preference: requested });
    if (report.chosen !== requested && requested !== 'auto') return { backend: requested, chosen: report.chosen, notes: report.notes, error: 'backend unavailable' };
    const result = await client.call('measureThroughput', REFERENCE_MLP);
    return { backend: requested, chosen: report.chosen, notes: report.notes, samplesPerSecond: result.samplesPerSecond };
  } catch (error) {
    return { backend: requested, error: error instanceof Error ? error.message : String(error) };
  } finally {
    client.terminate();
  }
}

const query = new URLSearchParams(window.location.search);
if (query.get('suite') === 'throughput') {
  void runThroughputSuite(suiteOptionsFromQuery(query)).then((outcome) => {
    window.sweeplabThroughput = outcome;
    document.body.textContent = JSON.stringify(outcome);
  });
} else {
  void run().then((outcome) => {
    window.sweeplabBench = outcome;
    document.body.textContent = JSON.stringify(outcome);
  });
}
