/**
 * `npm run bench:grouping`: what training trials together buys a real study. A random search over small
 * same-shaped MLPs (one hidden layer, Adam, only the learning rate searched) on the built-in Digits table runs
 * through the real study runner and worker protocol on one in-process worker, on tfjs's WASM backend with our
 * kernels (single-threaded, as in the page), with grouping off (group=1) and on (group=8, group=16).
 * Configurations alternate within each repeat; medians are printed, with how far each mode's trials are from
 * group=1's: the same trials, and on WASM the same scores, with losses equal to the last bits (the stack adds
 * a bias where Dense's fused XNNPACK kernel starts from it; on the cpu backend the tests show bit equality).
 *
 * Options: --trials=32 --epochs=4 --units=32 --batch=32 --repeats=3 --groups=1,8,16
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { trainTestSplit } from '../src/data/split';
import { loadTable, prepareForTarget } from '../src/data/tableDataset';
import { createRng } from '../src/engine/study/rng';
import { registerWasmKernelFixes } from '../src/ml/kernels';
import { newStudyRecord } from '../src/orchestrator/newStudy';
import type { StudyRecord } from '../src/orchestrator/studyRecord';
import { createStudyRunner } from '../src/orchestrator/studyRunner';
import { createWorkerPool } from '../src/orchestrator/workerPool';
import type { StudyConfig } from '../src/search/config';
import { configFromPreset, findPreset } from '../src/search/presets';
import { median } from '../src/shared/stats';
import { createInProcessWorker } from '../src/worker/inProcessWorker';

const option = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TRIALS = Number(option('trials', '32'));
const EPOCHS = Number(option('epochs', '4'));
const UNITS = Number(option('units', '32'));
const BATCH = Number(option('batch', '32'));
const REPEATS = Number(option('repeats', '3'));
const GROUPS = option('groups', '1,8,16').split(',').map(Number);

interface Run {
  /** From the start until the last trial settled (the refit of the best, the same in every mode, excluded). */
  readonly searchMs: number;
  readonly study: StudyRecord;
}

async function main() {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  registerWasmKernelFixes();
  tf.env().set('PROD', true);

  const table = await loadTable(readFileSync(new URL('../public/datasets/digits.csv', import.meta.url), 'utf8'), 'digits.csv');
  const { data } = prepareForTarget(table, 'target');
  const base = configFromPreset(findPreset('seed-autokeras')!, { maxTrials: TRIALS, maxEpochs: EPOCHS, seed: 1, sampler: 'random', pruner: 'none', backend: 'wasm' });
  const config: StudyConfig = {
    ...base,
    space: { params: [{ name: 'learning_rate', kind: 'float', low: 1e-3, high: 3e-2, log: true }] },
    fixed: { layers: 1, units: UNITS, activation: 'relu', optimizer: 'adam', epochs: EPOCHS, batch_size: BATCH, dropout: 0 },
    enqueued: [],
    evaluation: { kind: 'holdout', validationFraction: 0.2 },
  };
  const split = trainTestSplit(data.numRows, data.targets, config.testFraction, createRng(config.splitSeed));
  const workers = createWorkerPool(() => createInProcessWorker('wasm'), undefined, 1);

  async function runStudy(groupSize: number): Promise<Run> {
    const study = newStudyRecord({ config, data, split, datasetName: 'Digits', source: { kind: 'builtin', id: 'digits' }, columns: 65, fingerprint: table.fingerprint, now: new Date(0) });
    let searchEnd = 0;
    const started = performance.now();
    const onChange = () => {
      // The runner names the best trial just before refitting it: the search is over.
      if (study.best && searchEnd === 0) searchEnd = performance.now();
    };
    await createStudyRunner({ study, data, split, workers, groupSize, onChange }).run();
    if (study.state !== 'finished') throw new Error(`The study ended ${study.state}: ${study.message ?? ''}`);
    return { searchMs: searchEnd - started, study };
  }

  console.log(`\n## A random search of ${TRIALS} trials on Digits (64 → ${UNITS} relu → 10, Adam, batch ${BATCH}, ${EPOCHS} epochs, hold-out), one worker, WASM under Node\n`);
  await runStudy(GROUPS[GROUPS.length - 1]!); // warm-up: kernels compiled, dataset loaded into the worker
  const times = new Map<number, number[]>(GROUPS.map((g) => [g, []]));
  const differences = new Map<number, { trials: number; worst: number; loss: number }>();
  let reference: StudyRecord | null = null;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const group of GROUPS) {
      const run = await runStudy(group);
      times.get(group)!.push(run.searchMs);
      reference ??= run.study;
      // How far each trial's validation score is from the first mode's (WASM rounds a fused bias differently).
      const values = run.study.trials.map((t, i) => Math.abs((t.value ?? 0) - (reference!.trials[i]?.value ?? 0)));
      const losses = run.study.trials.flatMap((t, i) => t.epochs.map((e, j) => Math.abs(e.valLoss! - reference!.trials[i]!.epochs[j]!.valLoss!)));
      differences.set(group, { trials: values.filter((d) => d > 0).length, worst: Math.max(...values), loss: Math.max(...losses) });
    }
  }
  const baseline = median(times.get(GROUPS[0]!)!);
  console.log(`| group | search wall time (s) | trials / minute | speed-up | trials scoring differently from group=${GROUPS[0]} | largest score difference | largest validation-loss difference |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const group of GROUPS) {
    const ms = median(times.get(group)!);
    const { trials, worst, loss } = differences.get(group)!;
    console.log(`| ${group} | ${(ms / 1000).toFixed(2)} | ${((TRIALS * 60_000) / ms).toFixed(0)} | ${(baseline / ms).toFixed(2)}× | ${trials} of ${TRIALS} | ${worst.toExponential(1)} | ${loss.toExponential(1)} |`);
  }
  console.log(`\nMedians of ${REPEATS} alternated repeats (search only; the refit of the best is the same in every mode).`);
  workers.discard(0);
}

void main();
