/**
 * `npm run bench:data`: loads a generated 500,000-row × 20-column CSV (numbers, categories, booleans, dates,
 * missing cells; seeded) through the real app's "Dataset file" input in headless Chromium and prints how long
 * the table takes to appear (parse + profile in the data worker, then the target's encoding on the page), the
 * page's peak JS heap, and the longest main-thread stall meanwhile: the longest 'longtask' entry and the
 * largest gap of a requestAnimationFrame heartbeat. The goal is no stall over 100 ms.
 * Options: --rows=500000  --port=4176
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';
import { createRng } from '../src/engine/study/rng';
import { runScript, startPreview } from './previewServer';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const ROWS = Number(args.get('rows') ?? 500_000);
const PORT = Number(args.get('port') ?? 4176);

const COLOURS = ['red', 'green', 'blue', 'teal', 'amber'];
const CITIES = Array.from({ length: 40 }, (_, i) => `city_${i}`);

/**
 * 20 columns: 9 measurements, 3 counts, 3 categories, a boolean, a date, a code, a score, and the label.
 * Categories stay at ≤ 40 levels: one-hot of a 1,000-level column on 500,000 rows is a 2 GB matrix.
 */
async function writeCsv(path: string): Promise<void> {
  const rng = createRng(2024);
  const out = createWriteStream(path);
  const header = [...Array.from({ length: 9 }, (_, i) => `m${i}`), 'visits', 'items', 'age', 'colour', 'city', 'tier', 'member', 'joined', 'code', 'score', 'label'];
  out.write(`${header.join(',')}\n`);
  const missing = (text: string) => (rng.next() < 0.02 ? '' : text);
  let lines: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const m = Array.from({ length: 9 }, () => missing((rng.next() * 200 - 100).toFixed(3)));
    const score = rng.next();
    const cells = [
      ...m,
      String(rng.int(0, 40)),
      missing(String(rng.int(1, 12))),
      String(rng.int(18, 90)),
      missing(COLOURS[rng.int(0, COLOURS.length - 1)]!),
      CITIES[rng.int(0, CITIES.length - 1)]!,
      `"tier ${rng.int(1, 3)}"`,
      rng.next() < 0.5 ? 'yes' : 'no',
      `20${10 + rng.int(0, 14)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      `K${rng.int(0, 29)}`,
      score.toFixed(4),
      score + rng.next() * 0.3 > 0.65 ? 'high' : 'low',
    ];
    lines.push(cells.join(','));
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines = [];
    }
  }
  out.write(lines.length ? `${lines.join('\n')}\n` : '');
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

interface Probe {
  maxGap: number;
  longest: number;
  longTasks: number;
  heapPeak: number;
  reset(): void;
}
type ProbeWindow = Window & { sweeplabProbe?: Probe };

/**
 * Runs in the page before its scripts: a 10 ms timer heartbeat (its largest gap is the longest stall + ~10 ms),
 * a long-task observer and heap samples. Plain JavaScript text, so the bundler's helpers never leak into it.
 */
const PROBE = `
  const probe = { maxGap: 0, longest: 0, longTasks: 0, heapPeak: 0, last: performance.now() };
  probe.reset = () => Object.assign(probe, { maxGap: 0, longest: 0, longTasks: 0, heapPeak: 0, last: performance.now() });
  window.sweeplabProbe = probe;
  const beat = () => {
    const now = performance.now();
    probe.maxGap = Math.max(probe.maxGap, now - probe.last);
    probe.last = now;
    if (performance.memory) probe.heapPeak = Math.max(probe.heapPeak, performance.memory.usedJSHeapSize);
    setTimeout(beat, 10);
  };
  setTimeout(beat, 10);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks++;
      probe.longest = Math.max(probe.longest, entry.duration);
    }
  }).observe({ type: 'longtask' });
`;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'sweeplab-bench-data-'));
  const path = join(dir, 'bench.csv');
  const generated = Date.now();
  await writeCsv(path);
  const bytes = (await stat(path)).size;
  console.log(`Generated ${ROWS.toLocaleString('en')} rows × 20 columns, ${(bytes / 1e6).toFixed(1)} MB, in ${((Date.now() - generated) / 1000).toFixed(1)} s`);
  const server = await startPreview(PORT);
  const browser = await chromium.launch({ ...(chromiumExecutable ? { executablePath: chromiumExecutable } : {}), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.error(`page ${message.type()}: ${message.text()}`);
    });
    await page.addInitScript({ content: PROBE });
    await page.goto(`${server.url}?backend=cpu`);
    await page.getByLabel('Target column').waitFor();
    await page.waitForTimeout(1000);
    await page.evaluate(() => (window as ProbeWindow).sweeplabProbe!.reset());
    const started = Date.now();
    await page.getByLabel('Dataset file').setInputFiles(path);
    const shown = page.getByText(`${ROWS.toLocaleString('en')} rows × 20 columns`);
    const failed = page.getByTestId('load-error');
    await shown.or(failed).first().waitFor({ timeout: 600_000 });
    if (await failed.isVisible()) throw new Error(`the load failed: ${await failed.textContent()}`);
    const seconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(500); // let the last frames and long-task entries arrive
    const probe = await page.evaluate(() => {
      const p = (window as ProbeWindow).sweeplabProbe!;
      return { maxGap: p.maxGap, longest: p.longest, longTasks: p.longTasks, heapPeak: p.heapPeak };
    });
    const task = await page.getByTestId('task-kind').textContent();
    console.log(`\n| measure | value |\n|---|---:|`);
    console.log(`| file → summary shown (stream, parse, profile in the worker; encode on the page) | ${seconds.toFixed(2)} s |`);
    console.log(`| throughput | ${(bytes / 1e6 / seconds).toFixed(1)} MB/s |`);
    console.log(`| longest main-thread task (longtask) | ${probe.longest.toFixed(0)} ms (${probe.longTasks} over 50 ms) |`);
    console.log(`| largest gap of the 10 ms heartbeat | ${probe.maxGap.toFixed(0)} ms |`);
    console.log(`| peak page JS heap (main thread) | ${probe.heapPeak ? `${(probe.heapPeak / 1e6).toFixed(0)} MB` : 'n/a'} |`);
    console.log(`| inferred task | ${task} |`);
    console.log(probe.longest <= 100 && probe.maxGap <= 110 ? '\nNo main-thread stall over 100 ms.' : '\nA main-thread stall went over 100 ms.');
  } finally {
    await browser.close();
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

runScript(main);
