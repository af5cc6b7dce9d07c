/**
 * `npm run bench:quality`: runs a Sweeplab study on each built-in tabular dataset in headless Chromium, with
 * a fixed time budget, through the app's URL contract (autostart, export), and prints the test metric beside
 * the best scikit-learn / Optuna / PyTorch baseline measured on this machine (shared/peers/results.json).
 *
 * Options: --datasets=iris,wine  --minutes=1 (budget per dataset)  --preset=balanced  --seed=42  --backend=auto
 *          --split=peers|own  --validation=holdout|cv3|cv5|cv10 (default: the preset's)
 * Same test rows as the baselines (--split=peers, the default): the baselines were scored on scikit-learn's
 * train_test_split(test_size=0.2, random_state=42, stratified for classification). scripts/sklearn_split.py
 * computes those rows (Debian's python3-sklearn) and each built-in CSV is served with a "split" column marking
 * them, which the app takes as the designated test set (src/data/splitColumn.ts). Without scikit-learn, or with
 * --split=own, Sweeplab's own seeded split is used and the table says so: on a 30-row test set one row is 3.3
 * points, so different test rows make small gaps meaningless.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright';
import { isRegressionTable, peerTestRows, TABLE_FILES } from './builtinTables';
import { runScript, withServedApp } from './previewServer';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const datasets = (args.get('datasets') ?? 'iris,wine,breast-cancer,digits,diabetes').split(',');
const minutes = Number(args.get('minutes') ?? 1);
const preset = args.get('preset') ?? 'balanced';
const seed = Number(args.get('seed') ?? 42);
const backend = args.get('backend') ?? 'auto';
const splitMode = args.get('split') ?? 'peers';
const validation = args.get('validation');
const PEERS = new URL('../../shared/peers/results.json', import.meta.url);

interface PeerRun {
  dataset: string;
  baseline: string;
  threads: number;
  seed?: number;
  wall_s: number;
  test_accuracy?: number;
  test_r2?: number;
}

interface Outcome {
  test: number | null;
  validation: number | null;
  trials: number;
  testRows: number;
  wallSeconds: number;
  note: string;
}

/** Each dataset's CSV with a "split" column marking scikit-learn's test rows, or why they cannot be had. */
function peerSplitCsvs(): Map<string, string> | string {
  if (splitMode !== 'peers') return "Sweeplab's own split (--split=own)";
  const peerRows = peerTestRows(datasets);
  if (typeof peerRows === 'string') return `Sweeplab's own split: ${peerRows}`;
  const csvs = new Map<string, string>();
  for (const [file, test] of peerRows) {
    const testRows = new Set(test);
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
    csvs.set(file.split('/').at(-1)!, [`${header},split`, ...rows.map((row, i) => `${row},${testRows.has(i) ? 'test' : 'train'}`)].join('\n') + '\n');
  }
  return csvs;
}

async function runStudy(context: BrowserContext, baseUrl: string, dataset: string, csvs: Map<string, string> | string): Promise<Outcome> {
  const page = await context.newPage();
  const started = Date.now();
  const csv = typeof csvs === 'string' ? undefined : csvs.get(TABLE_FILES[dataset] ?? '');
  if (csv) await page.route(`**/datasets/${TABLE_FILES[dataset]}`, (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: csv }));
  try {
    await page.goto(`${baseUrl}?dataset=${dataset}&preset=${preset}&seed=${seed}&minutes=${minutes}&backend=${backend}${validation ? `&validation=${validation}` : ''}&autostart=1`);
    // The budget plus time for the last trials to finish and the refit.
    await page.getByRole('status').filter({ hasText: /Finished|Stopped|Failed/ }).waitFor({ timeout: (minutes * 60 + 600) * 1000 });
    const wallSeconds = (Date.now() - started) / 1000;
    const note = ((await page.getByRole('status').textContent()) ?? '').trim().slice(0, 80);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export study' }).click();
    const study = JSON.parse(await readFile(await (await download).path(), 'utf8'));
    if (process.env.KEEP_STUDIES) await writeFile(`${process.env.KEEP_STUDIES}/${dataset}.json`, JSON.stringify(study));
    const metric = isRegressionTable(dataset) ? 'r2' : 'accuracy';
    return {
      test: study.best?.testMetrics?.[metric] ?? null,
      validation: study.best?.value ?? null,
      trials: study.trials.length,
      testRows: study.dataset.testRows,
      wallSeconds,
      note,
    };
  } finally {
    await page.close();
  }
}

/** The best baseline by test metric (seed 0 where a baseline has several seeds), with its wall time. */
function bestPeer(runs: readonly PeerRun[], dataset: string): { name: string; test: number; wall: number } | null {
  const key = dataset.replace('-', '_');
  let best: { name: string; test: number; wall: number } | null = null;
  for (const run of runs) {
    if (run.dataset !== key || (run.seed !== undefined && run.seed !== 0)) continue;
    const test = run.test_r2 ?? run.test_accuracy;
    if (test === undefined) continue;
    if (!best || test > best.test || (test === best.test && run.wall_s < best.wall)) best = { name: `${run.baseline} (${run.threads} thr)`, test, wall: run.wall_s };
  }
  return best;
}

/** Optuna's TPE search over scikit-learn MLPs (seed 0, one thread): the like-for-like AutoML peer. */
function optunaPeer(runs: readonly PeerRun[], dataset: string): { test: number; wall: number } | null {
  const run = runs.find((r) => r.dataset === dataset.replace('-', '_') && r.baseline === 'optuna-tpe-mlp' && r.threads === 1 && (r.seed ?? 0) === 0);
  const test = run?.test_r2 ?? run?.test_accuracy;
  return run && test !== undefined ? { test, wall: run.wall_s } : null;
}

const fmt = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '—' : value.toFixed(digits));

async function main() {
  const peers: PeerRun[] = existsSync(PEERS) ? JSON.parse(await readFile(PEERS, 'utf8')).runs : [];
  if (peers.length === 0) console.log(`No peer baselines at ${PEERS.pathname}; printing Sweeplab's figures alone.`);
  const csvs = peerSplitCsvs();
  await withServedApp(4178, async ({ browser, url }) => {
    console.log(`Browser ${browser.version()}; preset ${preset}; ${minutes} min budget per dataset; seed ${seed}; backend ${backend}; validation ${validation ?? "the preset's"}`);
    console.log(`Test rows: ${typeof csvs === 'string' ? csvs : "the baselines' own (scikit-learn's train_test_split, random_state=42), marked by a split column"}.`);
    console.log('');
    console.log('| dataset | metric | test rows | Sweeplab test | Sweeplab validation | trials | Sweeplab wall s | best baseline | its test | its wall s | gap (points) | Optuna TPE-MLP test | its wall s |');
    console.log('|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|');
    // One context for every dataset, as one person's browser: the backend probe runs once and is remembered.
    // Service workers blocked: once the first page registers ours, it would answer the later datasets' requests
    // from its cache, where page.route cannot serve the CSVs with the baselines' split column.
    const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
    for (const dataset of datasets) {
      let outcome: Outcome;
      try {
        outcome = await runStudy(context, url, dataset, csvs);
      } catch (error) {
        console.log(`| ${dataset} | — | failed: ${(error as Error).message.split('\n')[0]} |`);
        continue;
      }
      const peer = bestPeer(peers, dataset);
      const gap = peer && outcome.test !== null ? ((outcome.test - peer.test) * 100).toFixed(1) : '—';
      const optuna = optunaPeer(peers, dataset);
      console.log(
        `| ${dataset} | ${isRegressionTable(dataset) ? 'R²' : 'accuracy'} | ${outcome.testRows} | ${fmt(outcome.test)} | ${fmt(outcome.validation)} | ${outcome.trials} | ${outcome.wallSeconds.toFixed(1)} | ${peer?.name ?? '—'} | ${fmt(peer?.test)} | ${peer ? peer.wall.toFixed(2) : '—'} | ${gap} | ${fmt(optuna?.test)} | ${optuna ? optuna.wall.toFixed(1) : '—'} |`,
      );
    }
    await context.close();
  });
}

runScript(main);
