/**
 * `npm run bench:throughput`: one table of training throughput for the reference MLP (64 → 128 relu → 10,
 * Adam, batch 128): tfjs WASM in headless Chromium on the production build (bench.html?suite=throughput:
 * `model.fit`, our loop with the shipped and the routed matMul, K = 1/8/32 models trained together, two
 * workers of K = 32 in parallel) beside PyTorch CPU on the same model in the same run
 * (scripts/torch_throughput.py, 1 and 2 threads, one model and K = 8/32 with stacked weights and bmm).
 * Options: --rounds=2 (alternating browser rounds)  --skip-torch
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright';
import { median } from '../src/shared/stats';
import { runScript, withServedApp } from './previewServer';

/** What bench.html?suite=throughput leaves on the page (src/bench/throughputSuite.ts; the page's code is not Node's). */
interface SuiteRow {
  label: string;
  models: number;
  samplesPerSecond: number[];
}
interface SuiteOutcome {
  rows: SuiteRow[];
  error?: string;
}
type SuiteWindow = Window & { sweeplabThroughput?: SuiteOutcome };

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const rounds = Number(args.get('rounds') ?? 2);
const PYTHON = '/usr/bin/python3';
const TORCH_TIMEOUT_MS = 300_000;

interface TorchRow {
  threads: number;
  models: number;
  torch: string;
  median: number;
  samples_per_second: number[];
}

type TorchOutcome = { rows: TorchRow[] } | { missing: string };

/** Runs the PyTorch baseline; says why when it cannot (never silently). */
function runTorch(): Promise<TorchOutcome> {
  if (args.has('skip-torch')) return Promise.resolve({ missing: 'skipped (--skip-torch)' });
  if (!existsSync(PYTHON)) return Promise.resolve({ missing: `${PYTHON} not found` });
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['scripts/torch_throughput.py'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), TORCH_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (/No module named .?torch/.test(err)) {
        resolve({ missing: 'PyTorch is not installed for /usr/bin/python3 (install it with: apt-get update && apt-get install -y python3-torch)' });
      } else if (code !== 0) {
        resolve({ missing: `torch_throughput.py failed (exit ${code}): ${err.trim().split('\n').slice(-1)[0] ?? ''}` });
      } else {
        resolve({ rows: out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as TorchRow) });
      }
    });
  });
}

async function runBrowserSuite(browser: Browser, baseUrl: string): Promise<SuiteOutcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}bench.html?suite=throughput&rounds=${rounds}`);
    await page.waitForFunction(() => (window as SuiteWindow).sweeplabThroughput !== undefined, undefined, { timeout: 900_000, polling: 1000 });
    return (await page.evaluate(() => (window as SuiteWindow).sweeplabThroughput)) as SuiteOutcome;
  } finally {
    await context.close();
  }
}

const fmt = (value: number) => Math.round(value).toLocaleString('en');

function printTable(browserVersion: string, suite: SuiteOutcome, torch: TorchOutcome) {
  const torchRows = 'rows' in torch ? torch.rows : [];
  const torchAt = (threads: number, models: number) => torchRows.find((r) => r.threads === threads && r.models === models)?.median;
  console.log(`\n## Reference MLP training throughput (64 → 128 relu → 10, Adam, batch 128), samples/s\n`);
  console.log(`Browser: Chromium ${browserVersion}, tfjs WASM (single-threaded SIMD) in module workers; ${rounds} alternating rounds × 5 repeats per row.`);
  if ('rows' in torch) console.log(`PyTorch ${torchRows[0]?.torch ?? '?'} CPU, same model, same run (median of 5 repeats of 0.5 s).`);
  else console.log(`PyTorch: unavailable: ${torch.missing}`);
  console.log('Aggregate rows count every model: K × batch × steps / time. "vs torch" compares with PyTorch at the same K.\n');
  console.log('| how | median samples/s | min | max | n | PyTorch 1 thread | PyTorch 2 threads | browser / torch (1 thr) | browser / torch (2 thr) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of suite.rows) {
    const values = row.samplesPerSecond;
    if (values.length === 0) {
      console.log(`| ${row.label} | no result | | | 0 | | | | |`);
      continue;
    }
    const m = median(values);
    // Compare like with like: one model with one model, K models together with torch's K (per worker pair: K = 32).
    const [t1, t2] = [torchAt(1, row.models), torchAt(2, row.models)];
    const cell = (t: number | undefined) => (t === undefined ? '—' : fmt(t));
    const ratio = (t: number | undefined) => (t === undefined ? '—' : `${(m / t).toFixed(2)}×`);
    console.log(`| ${row.label} | ${fmt(m)} | ${fmt(Math.min(...values))} | ${fmt(Math.max(...values))} | ${values.length} | ${cell(t1)} | ${cell(t2)} | ${ratio(t1)} | ${ratio(t2)} |`);
  }
  for (const t of torchRows) {
    console.log(`| PyTorch CPU, ${t.threads} thread${t.threads > 1 ? 's' : ''}, ${t.models === 1 ? 'one model' : `K = ${t.models} (bmm)`} | ${fmt(t.median)} | ${fmt(Math.min(...t.samples_per_second))} | ${fmt(Math.max(...t.samples_per_second))} | ${t.samples_per_second.length} | | | | |`);
  }
  if (suite.error) console.log(`\nBrowser suite stopped early: ${suite.error}`);
}

runScript(async () => {
  // Sequential, not concurrent: on two cores PyTorch and the browser would slow each other down.
  const { suite, version } = await withServedApp(4176, async ({ browser, url }) => ({ suite: await runBrowserSuite(browser, url), version: browser.version() }));
  process.stderr.write('browser suite done; running PyTorch…\n');
  const torch = await runTorch();
  printTable(version, suite, torch);
  if (suite.error) process.exitCode = 1;
});
