/**
 * `npm run bench:presets`: how well a preset's study generalises, over several train/test splits of each
 * built-in table, under Node (tfjs WASM with our kernels, single-threaded, two in-process workers: what the
 * page runs on a 2-core machine, but on one thread). One split is a coin toss on tables this small (Iris: one
 * test row is 3.3 points), so preset changes are judged on the mean over splits, not on bench:quality's one.
 *
 * Split 0 is the peer baselines' own (scikit-learn's, scripts/builtinTables.ts), splits 1… are Sweeplab's
 * seeded splits (stratified for classification, as Start's). Each study runs as Start runs it: the preset's configuration, its validation for the
 * training split's size, the seed, the time budget; the best trial is refit and scored once on the test rows.
 *
 * Options: --datasets=iris,wine,breast-cancer,digits,diabetes  --splits=6  --first-split=0  --preset=balanced  --minutes=1
 *          --seed=42
 * The tabular presets' warm starts were chosen on splits 0–5 (2026-12-07); `--first-split=6` judges any preset
 * on splits nobody has looked at (seeded like the others, 1000 + index).
 * Node trains both workers on one thread, so a study that meets its time budget here would train more trials in
 * the page; the tables finish within their trial budget (Digits close to the limit).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { designatedSplit, trainTestSplit } from '../src/data/split';
import { loadTable, prepareForTarget } from '../src/data/tableDataset';
import type { ModelData, Split } from '../src/data/types';
import { createRng } from '../src/engine/study/rng';
import { registerWasmKernelFixes } from '../src/ml/kernels';
import { newStudyRecord } from '../src/orchestrator/newStudy';
import { createStudyRunner } from '../src/orchestrator/studyRunner';
import { createWorkerPool } from '../src/orchestrator/workerPool';
import { configFromPreset, findPreset, sizedConfig } from '../src/search/presets';
import { mean, populationStd } from '../src/shared/stats';
import { createInProcessWorker } from '../src/worker/inProcessWorker';
import { peerTestRows, TABLE_FILES, tablePath } from './builtinTables';

const option = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const DATASETS = option('datasets', 'iris,wine,breast-cancer,digits,diabetes').split(',');
const SPLITS = Number(option('splits', '6'));
const FIRST_SPLIT = Number(option('first-split', '0'));
const PRESET = option('preset', 'balanced');
const MINUTES = Number(option('minutes', '1'));
const SEED = Number(option('seed', '42'));
const WORKERS = 2;

const isRegression = (data: ModelData) => data.task.kind === 'regression';

/** Split 0: the baselines' test rows (null when scikit-learn is missing); others: seeded splits, as Start's. */
function splitFor(data: ModelData, index: number, peerRows: readonly number[] | null): Split | null {
  if (index > 0) return trainTestSplit(data.numRows, isRegression(data) ? null : data.targets, 0.2, createRng(1000 + index));
  return peerRows ? designatedSplit(data.numRows, peerRows) : null;
}

/** Mean, sample standard deviation and standard error of the mean. */
function summarise(values: readonly number[]): { mean: number; sd: number; se: number } {
  const n = values.length;
  const sd = n > 1 ? populationStd(values) * Math.sqrt(n / (n - 1)) : 0;
  return { mean: mean(values), sd, se: sd / Math.sqrt(n) };
}

/** A trial's model in a few words: its family (algorithm search) or its depth (network presets). */
function describeTrial(params: Readonly<Record<string, unknown>>): string {
  if (typeof params['family'] === 'string' && params['family'] !== 'mlp') return params['family'];
  return params['layers'] === 0 ? 'linear' : `${String(params['layers'])} hidden`;
}

async function runOnce(dataset: string, data: ModelData, split: Split) {
  const preset = findPreset(PRESET);
  if (!preset) throw new Error(`No preset ${PRESET}`);
  const base = configFromPreset(preset, { seed: SEED, backend: 'wasm', maxMinutes: MINUTES });
  const config = sizedConfig(preset, base, null, split.train.length);
  const study = newStudyRecord({ config, data, split, datasetName: dataset, source: { kind: 'builtin', id: dataset }, columns: data.numFeatures + 1, fingerprint: `${dataset}:${split.test.join(',')}`, now: new Date(0) });
  const workers = createWorkerPool(() => createInProcessWorker('wasm'), undefined, WORKERS);
  const started = performance.now();
  try {
    await createStudyRunner({ study, data, split, workers, onChange: () => {} }).run();
  } finally {
    for (let slot = 0; slot < WORKERS; slot++) workers.discard(slot);
  }
  if (study.state !== 'finished' || !study.best?.testMetrics) throw new Error(`the study ended ${study.state}: ${study.message ?? ''}`);
  const best = study.trials.find((t) => t.number === study.best!.trialNumber)!;
  return {
    test: study.best.testMetrics[isRegression(data) ? 'r2' : 'accuracy']!,
    validation: study.best.value,
    complete: study.trials.filter((t) => t.state === 'complete').length,
    trials: study.trials.length,
    best: `#${best.number}: ${describeTrial(best.params)}, ${best.cost?.parameters ?? '?'} parameters${study.best.ensemble ? `, ensemble of ${study.best.ensemble.members.length}` : ''}`,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main() {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  registerWasmKernelFixes();
  tf.env().set('PROD', true);
  const unknown = DATASETS.filter((d) => !TABLE_FILES[d]);
  if (unknown.length > 0) throw new Error(`Unknown table(s) ${unknown.join(', ')}; choose from ${Object.keys(TABLE_FILES).join(', ')}`);
  const peerRows = peerTestRows(DATASETS);
  console.log(`\n## Preset ${PRESET}, seed ${SEED}, ${MINUTES} min budget, ${WORKERS} workers on one thread (WASM under Node), ${SPLITS} splits per table`);
  const last = FIRST_SPLIT + SPLITS - 1;
  const own = last >= Math.max(1, FIRST_SPLIT) ? `splits ${Math.max(1, FIRST_SPLIT)}–${last}: seeded 80/20, stratified for classification` : '';
  const peers = FIRST_SPLIT === 0 ? `Split 0: ${typeof peerRows === 'string' ? `left out: ${peerRows}` : "the peer baselines' test rows"}${own ? '; ' : ''}` : '';
  console.log(`${peers}${own}.\n`);
  console.log('| dataset | split | test rows | test | validation | complete / trials | best trial | wall s |');
  console.log('|---|---:|---:|---:|---:|---:|---|---:|');
  const summary: string[] = [];
  let failures = 0;
  for (const dataset of DATASETS) {
    const table = await loadTable(readFileSync(tablePath(dataset), 'utf8'), TABLE_FILES[dataset]!); // checked above
    const { data } = prepareForTarget(table, 'target');
    const tests: number[] = [];
    let peerSplitTest: number | null = null;
    for (let index = FIRST_SPLIT; index <= last; index++) {
      const split = splitFor(data, index, typeof peerRows === 'string' ? null : (peerRows.get(tablePath(dataset)) ?? null));
      if (!split) continue;
      try {
        const run = await runOnce(dataset, data, split);
        tests.push(run.test);
        if (index === 0) peerSplitTest = run.test;
        console.log(`| ${dataset} | ${index} | ${split.test.length} | ${run.test.toFixed(4)} | ${run.validation.toFixed(4)} | ${run.complete} / ${run.trials} | ${run.best} | ${run.seconds.toFixed(1)} |`);
      } catch (error) {
        failures++;
        console.log(`| ${dataset} | ${index} | ${split.test.length} | failed: ${(error as Error).message.split('\n')[0]} |`);
      }
    }
    const stats = tests.length > 0 ? summarise(tests) : null;
    const cell = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(4));
    summary.push(`| ${dataset} | ${isRegression(data) ? 'R²' : 'accuracy'} | ${tests.length} | ${cell(stats?.mean)} | ${cell(stats?.sd)} | ${cell(stats?.se)} | ${peerSplitTest?.toFixed(4) ?? '—'} |`);
  }
  console.log('\n| dataset | metric | splits | mean test | sd | standard error | split 0 (peers) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const line of summary) console.log(line);
  if (failures > 0) console.log(`\n${failures} stud${failures === 1 ? 'y' : 'ies'} failed (see the rows above).`);
  // Exit with the outcome: 1 when any study failed, so a script running this benchmark notices.
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
