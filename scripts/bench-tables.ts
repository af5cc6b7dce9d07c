/**
 * `npm run bench:tables`: Sweeplab against scikit-learn on public tables nobody here tuned on
 * (scripts/bench-tables/suite.ts: 28 tables, classification and regression, 153 to 61,395 rows).
 *
 * 1. Exports the tables as CSV with R (scripts/bench-tables/export_tables.R) if any is missing.
 * 2. Runs scripts/bench-tables/sklearn_baselines.py (Debian python3-sklearn) for tables without cached
 *    baselines: three seeded 80/20 splits per table (stratified for classification), their test rows, and
 *    the test score and fit time of HistGradientBoosting, RandomForest, a linear model and a dummy.
 * 3. For each table × split, runs a study as the page's Start does, under Node: the CSV read by the product's
 *    own loader (loadTable), the split handed over the way a person would, as a "split" column of train/test
 *    values appended to the file (src/data/splitColumn.ts; no other change to the data), the target's task
 *    as the person's task choice, the encoding fitted again on the training rows, the preset's configuration
 *    sized for the training split (sizedConfig: its validation, and its own time budget unless --minutes
 *    is given), seed 42, WASM, two in-process workers; the best trial (or blend) is
 *    refit and scored once on the split's test rows. A table the product refuses (e.g. missing target
 *    values) is recorded with the product's message as that row's result; the data is never edited to
 *    make it load.
 * 4. Prints each study as it ends, then per table Sweeplab's mean test score and time beside each baseline's,
 *    the best baseline and the gap in points, and over all tables the mean gap and the number of tables where
 *    Sweeplab is more than 1 point below the best baseline. Every study is appended as one JSON line to
 *    docs/benchmarks/raw/bench-tables-<date>.jsonl as it ends.
 *
 * Options: --preset=recommended (a table preset)  --minutes=M (default: the preset's own time budget)
 *          --splits=3  --tables=a,b  --resume (skip table × split pairs already in the JSONL file, and include
 *          them in the summary)  --out=FILE.jsonl  --seed=42  --baselines-only (steps 1–2, print the baselines)
 *          --load-only (steps 1–2, then how the product reads each table: refusals, features, columns left out)
 * Exits 1 when a study throws or ends failed (refusals are results, not failures), 2 on bad options.
 * Node trains both workers on one thread, so a time-limited study trains fewer trials here than in the page.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { DataError } from '../src/data/errors';
import { dataRowsOf } from '../src/data/rows';
import { designatedSplit } from '../src/data/split';
import { designatedTestRows } from '../src/data/splitColumn';
import { loadTable, prepareForTarget, type LoadedTable, type PreparedTable } from '../src/data/tableDataset';
import { TABLE_LAYOUT, type Split } from '../src/data/types';
import { registerWasmKernelFixes } from '../src/ml/kernels';
import { newStudyRecord } from '../src/orchestrator/newStudy';
import type { StudyRecord } from '../src/orchestrator/studyRecord';
import { createStudyRunner } from '../src/orchestrator/studyRunner';
import { createWorkerPool } from '../src/orchestrator/workerPool';
import { describeEvaluation } from '../src/search/config';
import { configFromPreset, presetsFor, sizedConfig, type Preset } from '../src/search/presets';
import { mean } from '../src/shared/stats';
import { createInProcessWorker } from '../src/worker/inProcessWorker';
import { SUITE, TABLES_DIR, type SuiteTable } from './bench-tables/suite';

// ---------------------------------------------------------------------------------------------- options

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const today = new Date().toISOString().slice(0, 10);

function usage(message: string): never {
  console.error(`bench:tables: ${message}`);
  process.exit(2);
}

const PRESET_ID = option('preset') ?? 'recommended';
const MINUTES = option('minutes') === undefined ? null : Number(option('minutes'));
const SPLITS = Number(option('splits') ?? '3');
const SEED = Number(option('seed') ?? '42');
const RESUME = flag('resume');
const BASELINES_ONLY = flag('baselines-only');
const LOAD_ONLY = flag('load-only');
const OUT = option('out') ?? `docs/benchmarks/raw/bench-tables-${today}.jsonl`;
const WORKERS = 2;
const BASELINE_DIR = join(TABLES_DIR, 'baselines');
const METHODS = ['hgb', 'rf', 'linear', 'dummy'] as const;
type Method = (typeof METHODS)[number];

if (MINUTES !== null && !(MINUTES > 0)) usage(`--minutes must be a positive number of minutes, not "${option('minutes')}"`);
if (!Number.isInteger(SPLITS) || SPLITS < 1) usage(`--splits must be a whole number ≥ 1, not "${option('splits')}"`);
if (!Number.isInteger(SEED) || SEED < 0) usage(`--seed must be a whole number ≥ 0`);

const TABLES: readonly SuiteTable[] = (() => {
  const names = option('tables')?.split(',').filter(Boolean);
  if (!names) return SUITE;
  const unknown = names.filter((n) => !SUITE.some((t) => t.name === n));
  if (unknown.length > 0) usage(`unknown table(s) ${unknown.join(', ')}; the suite has ${SUITE.map((t) => t.name).join(', ')}`);
  return SUITE.filter((t) => names.includes(t.name));
})();

/** Only presets for tables: an image or text preset would fail on every table. */
function tablePreset(): Preset {
  const presets = presetsFor(TABLE_LAYOUT);
  const preset = presets.find((p) => p.id === PRESET_ID);
  if (!preset) usage(`there is no table preset "${PRESET_ID}"; the table presets are ${presets.map((p) => p.id).join(', ')} (pass one with --preset=)`);
  return preset;
}

// ---------------------------------------------------------------------------------------- data and baselines

interface BaselineSplit {
  readonly index: number;
  readonly seed: number;
  readonly train_rows: number;
  readonly test_rows: number;
  readonly fit_rows: number;
  readonly scored_rows: number;
  readonly methods: Record<Method, { readonly score: number; readonly fit_seconds: number }>;
  readonly test: readonly number[];
}

interface Baseline {
  readonly table: string;
  readonly rows: number;
  readonly metric: 'accuracy' | 'r2';
  readonly missing_targets: number;
  readonly splits: readonly BaselineSplit[];
}

const csvPath = (t: SuiteTable) => join(TABLES_DIR, t.file);
const baselinePath = (t: SuiteTable) => join(BASELINE_DIR, `${t.name}.json`);

function run(command: string, args: readonly string[], what: string, hint: string) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}). ${hint}`);
}

/** Step 1: the CSVs, exported by R when any is missing. */
function ensureTables() {
  const missing = TABLES.filter((t) => !existsSync(csvPath(t)));
  if (missing.length === 0) return;
  console.log(`Exporting the tables with R (${missing.map((t) => t.name).join(', ')} missing) …`);
  run('Rscript', ['scripts/bench-tables/export_tables.R', TABLES_DIR], 'Rscript scripts/bench-tables/export_tables.R', 'It needs apt-get install -y r-base-core r-cran-mlbench r-cran-modeldata r-cran-aer r-cran-mass.');
}

/** A table's cached baselines, when they cover the splits asked for and are newer than its CSV. */
function cachedBaseline(t: SuiteTable): Baseline | null {
  const path = baselinePath(t);
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(csvPath(t)).mtimeMs) return null;
  const baseline = JSON.parse(readFileSync(path, 'utf8')) as Baseline;
  return baseline.splits.length >= SPLITS ? baseline : null;
}

/** Step 2: the splits and the scikit-learn baselines, computed for the tables without a usable cache. */
function ensureBaselines(): Map<string, Baseline> {
  const stale = TABLES.filter((t) => !cachedBaseline(t));
  if (stale.length > 0) {
    console.log(`Running the scikit-learn baselines for ${stale.map((t) => t.name).join(', ')} …`);
    mkdirSync(BASELINE_DIR, { recursive: true });
    const suiteJson = join(TABLES_DIR, 'suite.json');
    writeFileSync(suiteJson, JSON.stringify(SUITE.map(({ name, file, target, task }) => ({ name, file, target, task }))));
    run(
      '/usr/bin/python3',
      ['scripts/bench-tables/sklearn_baselines.py', `--suite=${suiteJson}`, `--data-dir=${TABLES_DIR}`, `--out-dir=${BASELINE_DIR}`, `--splits=${SPLITS}`, `--tables=${stale.map((t) => t.name).join(',')}`],
      'scripts/bench-tables/sklearn_baselines.py',
      'It needs Debian python3-sklearn (apt-get install -y python3-sklearn), run with /usr/bin/python3.',
    );
  }
  return new Map(TABLES.map((t) => [t.name, cachedBaseline(t) ?? fail(`no baselines for ${t.name} after running the script`)]));
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * The CSV with a "split" column appended: "test" on the split's test rows, "train" elsewhere, the one
 * mechanism the page offers for a designated test set. export_tables.R writes one record per line, so
 * appending to each line is exact; a file where that does not hold is refused here rather than misaligned.
 */
function withSplitColumn(text: string, testRows: readonly number[], expectedRows: number): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (lines.length - 1 !== expectedRows) throw new Error(`the CSV has ${lines.length - 1} lines of data, the baselines ${expectedRows} rows: a record spans lines, or the file changed`);
  if (lines[0]!.split(',').some((c) => c.trim().replace(/^"|"$/g, '').toLowerCase() === 'split')) throw new Error('the table already has a column named split');
  const isTest = new Uint8Array(expectedRows);
  for (const r of testRows) isTest[r] = 1;
  return lines.map((line, i) => (i === 0 ? `${line},split` : `${line},${isTest[i - 1] ? 'test' : 'train'}`)).join('\n') + '\n';
}

// --------------------------------------------------------------------------------------------------- studies

type Status = 'finished' | 'stopped' | 'failed' | 'refused' | 'error';

/** One table × split: one JSON line. */
interface Row {
  readonly date: string;
  readonly commit: string;
  readonly preset: string;
  /** --minutes, or null for the preset's own budget (see maxMinutes for what that was). */
  readonly minutes: number | null;
  readonly maxMinutes: number | null;
  readonly maxTrials: number | null;
  readonly seed: number;
  readonly table: string;
  readonly split: number;
  readonly splitSeed: number;
  readonly status: Status;
  /** The product's refusal, the study's message, or the exception. */
  readonly message: string | null;
  readonly task: string;
  /** What the product infers with the task left on auto (or its refusal), beside the suite's task. */
  readonly inferredTask: string | null;
  readonly metric: 'accuracy' | 'r2';
  readonly rows: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly features: number | null;
  readonly dropped: readonly { readonly name: string; readonly reason: string }[];
  readonly evaluation: string | null;
  readonly test: number | null;
  readonly validation: number | null;
  readonly trials: number;
  readonly completeTrials: number;
  readonly best: string | null;
  readonly bestParams: Record<string, unknown> | null;
  readonly seconds: number;
  readonly baselines: Record<Method, { readonly score: number; readonly fit_seconds: number }>;
}

const rowKey = (r: { table: string; split: number; preset: string; minutes: number | null; seed: number }) => `${r.table}|${r.split}|${r.preset}|${r.minutes ?? 'preset'}|${r.seed}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describeBest(study: StudyRecord): string | null {
  const best = study.best;
  if (!best) return null;
  const trial = study.trials.find((t) => t.number === best.trialNumber);
  const p = best.params;
  const family = typeof p['family'] === 'string' ? p['family'] : typeof p['learner'] === 'string' ? p['learner'] : null;
  const network = p['layers'] === 0 ? 'linear network' : p['layers'] !== undefined ? `${String(p['layers'])} hidden` : null;
  const model = [family, family === null || family === 'mlp' ? network : null].filter(Boolean).join(' ') || 'model';
  const size = trial?.cost?.parameters !== undefined ? `, ${trial.cost.parameters} parameters` : '';
  // A blend of trials (a field the product is gaining now; read loosely so this compiles either way).
  const blend = (best as { readonly ensemble?: { readonly members: readonly unknown[] } }).ensemble;
  const ensemble = blend ? `, ensemble of ${blend.members.length}` : '';
  return `#${best.trialNumber}: ${model}${size}${ensemble}`;
}

async function runStudy(preset: Preset, t: SuiteTable, table: LoadedTable, fitted: PreparedTable, split: Split) {
  const base = configFromPreset(preset, { seed: SEED, backend: 'wasm', ...(MINUTES !== null ? { maxMinutes: MINUTES } : {}) });
  // As Start: the validation for the training split's size, and the preset's sized budget when none was given.
  const config = sizedConfig(preset, base, null, split.train.length);
  const data = fitted.data;
  const study = newStudyRecord({ config, data, split, datasetName: t.file, source: { kind: 'file', fileName: t.file }, columns: table.raw.columns.length, fingerprint: table.fingerprint, now: new Date() });
  const workers = createWorkerPool(() => createInProcessWorker('wasm'), undefined, WORKERS);
  const started = performance.now();
  let thrown: unknown = null;
  try {
    await createStudyRunner({ study, data, split, workers, onChange: () => {} }).run();
  } catch (error) {
    thrown = error;
  } finally {
    for (let slot = 0; slot < WORKERS; slot++) workers.discard(slot);
  }
  const metric = t.task === 'regression' ? 'r2' : 'accuracy';
  const test = study.best?.testMetrics?.[metric];
  return {
    status: (thrown ? 'error' : study.state) as Status,
    message: thrown ? errorText(thrown) : study.message,
    // A failed study prints as failed, never as a score, even if a refit happened before it failed.
    test: !thrown && study.state !== 'failed' && typeof test === 'number' ? test : null,
    validation: study.best?.value ?? null,
    trials: study.trials.length,
    completeTrials: study.trials.filter((tr) => tr.state === 'complete').length,
    best: describeBest(study),
    bestParams: study.best ? { ...study.best.params } : null,
    seconds: (performance.now() - started) / 1000,
    evaluation: config.evaluation.kind === 'cross-validation' ? describeEvaluation(config.evaluation) : `hold-out ${config.evaluation.validationFraction}`,
    maxMinutes: config.maxMinutes,
    maxTrials: config.maxTrials,
  };
}

type Prepared = { readonly table: LoadedTable; readonly fitted: PreparedTable; readonly split: Split; readonly inferredTask: string };

/**
 * Loads and prepares one table × split as the page does before Start: the chosen target prepared on all rows
 * (the task and class list), the designated split, then the encoding fitted again on the training rows only
 * (appStore's studyData). A refusal by the product comes back as its message.
 */
async function prepareSplit(t: SuiteTable, baseline: Baseline, index: number): Promise<Prepared | { readonly status: Status; readonly message: string }> {
  const text = withSplitColumn(readFileSync(csvPath(t), 'utf8'), baseline.splits[index]!.test, baseline.rows);
  try {
    const table = await loadTable(text, t.file);
    const prepared = prepareForTarget(table, t.target, undefined, t.task);
    let inferredTask: string;
    try {
      inferredTask = prepareForTarget(table, t.target).task.kind;
    } catch (error) {
      inferredTask = `refused: ${errorText(error)}`;
    }
    const designated = designatedTestRows(table.raw, table.profiles);
    if (!designated) throw new Error('the product did not take the appended "split" column as a designated split');
    // Table rows → the prepared data's rows (which leave out rows without a target), as studySplit does.
    const split = designatedSplit(prepared.data.numRows, dataRowsOf(prepared.data, designated));
    const fitted = prepareForTarget(table, t.target, undefined, t.task, split.train);
    // The same rows must be scored on both sides, or the comparison means nothing.
    const s = baseline.splits[index]!;
    if (split.test.length !== s.scored_rows || split.train.length !== s.fit_rows) {
      throw new Error(`Sweeplab's split has ${split.train.length} training and ${split.test.length} test rows with a target, the baselines' ${s.fit_rows} and ${s.scored_rows}`);
    }
    return { table, fitted, split, inferredTask };
  } catch (error) {
    return { status: error instanceof DataError ? 'refused' : 'error', message: errorText(error) };
  }
}

/** Loads, prepares and runs one table × split as Start would; a refusal by the product is a result. */
async function benchOne(preset: Preset, t: SuiteTable, baseline: Baseline, index: number, commit: string): Promise<Row> {
  const s = baseline.splits[index]!;
  const common = {
    date: today, commit, preset: preset.id, minutes: MINUTES, seed: SEED, table: t.name, split: index, splitSeed: s.seed,
    task: t.task, metric: baseline.metric, rows: baseline.rows, trainRows: s.train_rows, testRows: s.test_rows, baselines: s.methods,
  };
  const empty = { inferredTask: null, features: null, dropped: [], evaluation: null, test: null, validation: null, trials: 0, completeTrials: 0, best: null, bestParams: null, seconds: 0, maxMinutes: null, maxTrials: null };
  const ready = await prepareSplit(t, baseline, index);
  if ('status' in ready) return { ...common, ...empty, status: ready.status, message: ready.message };
  const { table, fitted, split, inferredTask } = ready;
  const study = await runStudy(preset, t, table, fitted, split);
  return {
    ...common, ...study, inferredTask, trainRows: split.train.length, testRows: split.test.length, features: fitted.data.numFeatures,
    dropped: fitted.dropped.map((d) => ({ name: d.name, reason: d.reason })),
  };
}

/** --load-only: how the product reads each table (split 0), without training: refusals, kinds, dropped columns. */
async function printLoadCheck(baselines: Map<string, Baseline>) {
  console.log('\n## How the product reads each table (split 0; no training)\n');
  console.log('| table | rows | task (suite / inferred) | outcome | features | columns left out | reformatted columns read as |');
  console.log('|---|---:|---|---|---:|---|---|');
  for (const t of TABLES) {
    const ready = await prepareSplit(t, baselines.get(t.name)!, 0);
    if ('status' in ready) {
      console.log(`| ${t.name} | ${t.rows} | ${t.task} / — | ${ready.status}: ${firstLine(ready.message)} | — | — | — |`);
      continue;
    }
    const dropped = ready.fitted.dropped.filter((d) => d.name !== 'split').map((d) => `${d.name} (${d.reason})`).join('; ') || '—';
    const kinds = (t.reformatted ?? []).map((c) => c.split(' ')[0]!).map((c) => `${c}: ${ready.table.profiles.find((p) => p.name === c)?.kind ?? '?'}`).join(', ') || '—';
    console.log(`| ${t.name} | ${ready.table.raw.numRows} | ${t.task} / ${ready.inferredTask} | loads | ${ready.fitted.data.numFeatures} | ${dropped} | ${kinds} |`);
  }
}

// --------------------------------------------------------------------------------------------------- report

const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
const points = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
const firstLine = (text: string | null) => (text ?? '').split('\n')[0]!;

function bestBaseline(methods: Record<Method, { score: number }>[]): { method: Method; score: number } {
  const means = METHODS.map((m) => ({ method: m, score: mean(methods.map((x) => x[m].score)) }));
  return means.reduce((a, b) => (b.score > a.score ? b : a));
}

function printRow(r: Row) {
  const best = bestBaseline([r.baselines]);
  const result = r.status === 'refused' || r.status === 'error' || r.test === null ? `${r.status}${r.message ? `: ${firstLine(r.message)}` : ''}` : `${r.status}`;
  console.log(
    `| ${r.table} | ${r.split} | ${result} | ${r.testRows} | ${fmt(r.test)} | ${best.method} ${fmt(best.score)} | ${r.test === null ? '—' : points(r.test - best.score)} | ${r.completeTrials} / ${r.trials} | ${r.best ?? '—'} | ${r.maxMinutes ?? '—'} | ${r.seconds.toFixed(1)} |`,
  );
}

function printSummary(rows: readonly Row[]) {
  console.log(`\n## Per table: mean test score over the splits (mean wall seconds per split; scikit-learn: fit only)\n`);
  console.log('| table | task | metric | splits | status | Sweeplab | hgb | rf | linear | dummy | best baseline | gap (points) |');
  console.log('|---|---|---|---:|---|---:|---:|---:|---:|---:|---|---:|');
  const compared: { table: string; metric: string; sweeplab: number; best: number }[] = [];
  const unscored: string[] = [];
  for (const t of TABLES) {
    const mine = rows.filter((r) => r.table === t.name);
    if (mine.length === 0) continue;
    const scored = mine.filter((r) => r.test !== null);
    // Baselines on the same splits as the Sweeplab scores they are compared with (all splits when none scored).
    const basis = scored.length > 0 ? scored : mine;
    const statuses = [...new Set(mine.map((r) => r.status))].map((s) => `${mine.filter((r) => r.status === s).length} ${s}`).join(', ');
    const cell = (m: Method) => `${fmt(mean(basis.map((r) => r.baselines[m].score)))} (${mean(basis.map((r) => r.baselines[m].fit_seconds)).toFixed(1)} s)`;
    const best = bestBaseline(basis.map((r) => r.baselines));
    const sweeplab = scored.length > 0 ? mean(scored.map((r) => r.test!)) : null;
    const sweeplabCell = sweeplab === null ? '—' : `${fmt(sweeplab)} (${mean(scored.map((r) => r.seconds)).toFixed(1)} s)${scored.length < mine.length ? ` [${scored.length} of ${mine.length}]` : ''}`;
    const gap = sweeplab === null ? '—' : points(sweeplab - best.score);
    console.log(`| ${t.name} | ${t.task} | ${mine[0]!.metric} | ${mine.length} | ${statuses} | ${sweeplabCell} | ${cell('hgb')} | ${cell('rf')} | ${cell('linear')} | ${cell('dummy')} | ${best.method} ${fmt(best.score)} | ${gap} |`);
    if (sweeplab !== null && scored.length === mine.length) compared.push({ table: t.name, metric: mine[0]!.metric, sweeplab, best: best.score });
    else unscored.push(`${t.name} (${statuses}${mine.find((r) => r.test === null)?.message ? `: ${firstLine(mine.find((r) => r.test === null)!.message)}` : ''})`);
  }
  console.log('');
  if (compared.length > 0) {
    const line = (label: string, set: typeof compared) =>
      set.length > 0 && console.log(`${label} (${set.length} table${set.length === 1 ? '' : 's'}): Sweeplab ${fmt(mean(set.map((c) => c.sweeplab)))}, best baseline ${fmt(mean(set.map((c) => c.best)))}, gap ${points(mean(set.map((c) => c.sweeplab - c.best)))} points`);
    line('Mean over tables scored on every split', compared);
    line('  classification, accuracy', compared.filter((c) => c.metric === 'accuracy'));
    line('  regression, R²', compared.filter((c) => c.metric === 'r2'));
    const below = compared.filter((c) => c.sweeplab < c.best - 0.01);
    console.log(`Tables where Sweeplab is more than 1 point below the best baseline: ${below.length} of ${compared.length}${below.length > 0 ? ` (${below.map((c) => `${c.table} ${points(c.sweeplab - c.best)}`).join(', ')})` : ''}`);
  } else {
    console.log('No table has a Sweeplab score on every split.');
  }
  if (unscored.length > 0) console.log(`Tables without a Sweeplab score on every split (left out of the means): ${unscored.length}: ${unscored.join('; ')}`);
}

function printBaselines(baselines: Map<string, Baseline>) {
  console.log(`\n## scikit-learn baselines: mean test score over ${SPLITS} split${SPLITS === 1 ? '' : 's'} (mean fit seconds)\n`);
  console.log('| table | rows | metric | hgb | rf | linear | dummy |');
  console.log('|---|---:|---|---:|---:|---:|---:|');
  for (const t of TABLES) {
    const b = baselines.get(t.name)!;
    const splits = b.splits.slice(0, SPLITS);
    const cell = (m: Method) => `${fmt(mean(splits.map((s) => s.methods[m].score)))} (${mean(splits.map((s) => s.methods[m].fit_seconds)).toFixed(1)} s)`;
    console.log(`| ${t.name} | ${b.rows} | ${b.metric} | ${METHODS.map(cell).join(' | ')} |`);
  }
}

// ----------------------------------------------------------------------------------------------------- main

async function main() {
  // The preset is checked before anything slow, unless no study will run.
  if (!BASELINES_ONLY && !LOAD_ONLY) tablePreset();
  ensureTables();
  const baselines = ensureBaselines();
  if (BASELINES_ONLY) {
    printBaselines(baselines);
    return 0;
  }
  if (LOAD_ONLY) {
    await printLoadCheck(baselines);
    return 0;
  }
  const preset = tablePreset();
  setThreadsCount(1);
  await tf.setBackend('wasm');
  registerWasmKernelFixes();
  tf.env().set('PROD', true);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';

  mkdirSync(dirname(OUT), { recursive: true });
  const previous = new Map<string, Row>();
  if (RESUME && existsSync(OUT)) {
    for (const line of readFileSync(OUT, 'utf8').split('\n')) if (line.trim()) previous.set(rowKey(JSON.parse(line) as Row), JSON.parse(line) as Row);
  }
  const probe = configFromPreset(preset, { seed: SEED, backend: 'wasm', ...(MINUTES !== null ? { maxMinutes: MINUTES } : {}) });
  const budget = probe.maxMinutes !== null ? `${probe.maxMinutes} min` : preset.sizing ? "the preset's own time budget, sized per table" : 'no time limit';
  console.log(`\n## Sweeplab (preset ${preset.id}: ${budget}, ≤ ${probe.maxTrials} trials; seed ${SEED}; WASM, ${WORKERS} in-process workers on one thread) vs scikit-learn, ${SPLITS} split${SPLITS === 1 ? '' : 's'} per table`);
  console.log(`Raw results: ${OUT}${RESUME ? ` (resuming: ${previous.size} earlier row${previous.size === 1 ? '' : 's'} there)` : ''}\n`);
  console.log('| table | split | status | test rows | Sweeplab test | best baseline | gap (points) | complete / trials | best trial | budget min | wall s |');
  console.log('|---|---:|---|---:|---:|---|---:|---:|---|---:|---:|');

  const rows: Row[] = [];
  for (const t of TABLES) {
    const baseline = baselines.get(t.name)!;
    for (let index = 0; index < SPLITS; index++) {
      const key = rowKey({ table: t.name, split: index, preset: preset.id, minutes: MINUTES, seed: SEED });
      const done = previous.get(key);
      const row = done ?? (await benchOne(preset, t, baseline, index, commit));
      if (!done) appendFileSync(OUT, JSON.stringify(row) + '\n');
      rows.push(row);
      printRow(row);
    }
  }
  printSummary(rows);
  const failures = rows.filter((r) => r.status === 'failed' || r.status === 'error');
  if (failures.length > 0) console.log(`\n${failures.length} stud${failures.length === 1 ? 'y' : 'ies'} failed or threw (see the rows above).`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
