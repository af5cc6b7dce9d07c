/**
 * `npm run bench`: in headless Chromium on the production build, per backend,
 *  1. training throughput of the reference MLP (64 → 128 → 10, Adam, batch 128), median of 5 repeats, and
 *  2. wall time of the seed-grid preset on Iris (4 candidates × 3 folds × 100 epochs, plus the refit).
 * Backends run one after another in alternating rounds for the throughput part, so a noisy neighbour
 * affects them alike. Options: --backends=wasm,cpu  --rounds=3  --grid-timeout=900 (seconds per backend)
 * --skip-grid  --grid-backends=wasm,cpu,auto (software WebGPU needs ~12 min for the grid here)
 */
import type { Browser } from 'playwright';
import { median } from '../src/shared/stats';
import { runScript, withServedApp } from './previewServer';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const backends = (args.get('backends') ?? 'webgpu,webgl,wasm,cpu').split(',');
const rounds = Number(args.get('rounds') ?? 3);
const gridTimeoutMs = Number(args.get('grid-timeout') ?? 900) * 1000;
const skipGrid = args.has('skip-grid');
const gridBackends = args.get('grid-backends')?.split(',');

interface BenchOutcome {
  backend: string;
  chosen?: string;
  samplesPerSecond?: number[];
  error?: string;
}

/** What bench.html leaves on the page. */
type BenchWindow = Window & { sweeplabBench?: BenchOutcome };

async function measureOnce(browser: Browser, baseUrl: string, backend: string): Promise<BenchOutcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}bench.html?backend=${backend}`);
    await page.waitForFunction(() => (window as BenchWindow).sweeplabBench !== undefined, undefined, { timeout: 300_000 });
    return (await page.evaluate(() => (window as BenchWindow).sweeplabBench)) as BenchOutcome;
  } finally {
    await context.close();
  }
}

interface GridOutcome {
  wallSeconds: number | null;
  studySeconds: number | null;
  bestCv: number | null;
  testAccuracy: number | null;
  note: string;
}

async function runGrid(browser: Browser, baseUrl: string, backend: string): Promise<GridOutcome> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const started = Date.now();
  try {
    await page.goto(`${baseUrl}?dataset=iris&preset=seed-grid&seed=42&backend=${backend}&autostart=1`);
    await page.getByRole('status').filter({ hasText: /Finished|Stopped|Failed/ }).waitFor({ timeout: gridTimeoutMs });
    const wallSeconds = (Date.now() - started) / 1000;
    const status = (await page.getByRole('status').textContent()) ?? '';
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export study' }).click();
    const file = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    const study = JSON.parse(await readFile(file, 'utf8'));
    const studySeconds = (Date.parse(study.study.finishedAt) - Date.parse(study.study.startedAt)) / 1000;
    return { wallSeconds, studySeconds, bestCv: study.best?.value ?? null, testAccuracy: study.best?.testMetrics?.accuracy ?? null, note: status.trim() };
  } catch (error) {
    return { wallSeconds: null, studySeconds: null, bestCv: null, testAccuracy: null, note: `did not finish within ${gridTimeoutMs / 1000} s (${(error as Error).message.split('\n')[0]})` };
  } finally {
    await context.close();
  }
}

const fmt = (value: number | null, digits = 0) => (value === null ? '—' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

async function bench({ browser, url }: { browser: Browser; url: string }) {
  console.log(`Browser: ${browser.version()}; backends: ${backends.join(', ')}; ${rounds} alternating rounds`);
  const samples = new Map<string, number[]>(backends.map((b) => [b, []]));
  const errors = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    for (const backend of backends) {
      const outcome = await measureOnce(browser, url, backend);
      if (outcome.error || !outcome.samplesPerSecond) errors.set(backend, `${outcome.error ?? 'no result'}${outcome.chosen ? ` (got ${outcome.chosen})` : ''}`);
      else samples.get(backend)!.push(...outcome.samplesPerSecond);
      process.stderr.write(`round ${round + 1} ${backend}: ${outcome.samplesPerSecond ? Math.round(median(outcome.samplesPerSecond)) : outcome.error}\n`);
    }
  }
  const wasm = median(samples.get('wasm') ?? []);
  console.log('\n## Reference MLP training throughput (64 → 128 relu → 10 softmax, Adam, batch 128, own loop, 5 s warm-up)\n');
  console.log('| backend | median samples/s | min | max | repeats | vs wasm |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const backend of backends) {
    const values = samples.get(backend)!;
    if (values.length === 0) {
      console.log(`| ${backend} | unavailable: ${errors.get(backend)} | | | 0 | |`);
      continue;
    }
    const m = median(values);
    console.log(`| ${backend} | ${fmt(m)} | ${fmt(Math.min(...values))} | ${fmt(Math.max(...values))} | ${values.length} | ${Number.isFinite(wasm) ? `${(m / wasm).toFixed(2)}×` : '—'} |`);
  }

  if (!skipGrid) {
    console.log('\n## seed-grid preset on Iris (4 candidates × 3 folds × 100 epochs, batch 10, then refit + test)\n');
    console.log('| backend | study wall s | page load → Finished s | best mean CV accuracy | test accuracy | status |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const backend of gridBackends ?? [...backends, 'auto']) {
      if (backend !== 'auto' && (samples.get(backend)?.length ?? 0) === 0) continue;
      const grid = await runGrid(browser, url, backend);
      console.log(`| ${backend} | ${fmt(grid.studySeconds, 1)} | ${fmt(grid.wallSeconds, 1)} | ${fmt(grid.bestCv, 4)} | ${fmt(grid.testAccuracy, 4)} | ${grid.note} |`);
    }
  }
}

runScript(() => withServedApp(4174, bench));
