/**
 * `npm run bench:samplers`: median best value after 20, 50 and 100 trials over 20 seeds on Branin,
 * Hartmann-6 and a noisy 10-D Styblinski–Tang, for our random search and TPE beside Optuna's TPE (run with
 * Debian's /usr/bin/python3 and python3-optuna on the same functions and seeds), plus the time of one
 * suggestion with 1,000 completed trials. Options: --seeds=20 --trials=100
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createSampler } from '../src/engine/samplers/registry';
import { createTpeSampler } from '../src/engine/samplers/tpe/sampler';
import type { Sampler } from '../src/engine/samplers/types';
import { createRng } from '../src/engine/study/rng';
import type { Trial } from '../src/engine/study/types';
import { median } from '../src/shared/stats';
import { BENCH_FUNCTIONS, type BenchFunction } from './benchFunctions';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const seeds = Number(args.get('seeds') ?? 20);
const trials = Number(args.get('trials') ?? 100);
const checkpoints = [20, 50, 100].filter((c) => c <= trials);

function trialOf(number: number, params: Trial['params'], value: number): Trial {
  return { number, state: 'complete', params, system: {}, epochs: [], foldScores: [], metrics: {}, value, startedAt: 0, durationMs: 0, backend: null };
}

function bestCurve(makeSampler: () => Sampler, fn: BenchFunction, seed: number): number[] {
  const sampler = makeSampler();
  const done: Trial[] = [];
  const curve: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (let n = 0; n < trials; n++) {
    const s = sampler.suggest({ space: fn.space, seed, trialNumber: n, trials: done, direction: 'minimize' })!;
    const value = fn.evaluate(s.params);
    done.push(trialOf(n, s.params, value));
    best = Math.min(best, value);
    curve.push(best);
  }
  return curve;
}

function suggestionMs(fn: BenchFunction, multivariate: boolean): number {
  const rng = createRng(0);
  const done: Trial[] = [];
  for (let n = 0; n < 1000; n++) {
    const params = Object.fromEntries(fn.space.params.map((p) => [p.name, p.kind === 'float' ? p.low + rng.next() * (p.high - p.low) : 0]));
    done.push(trialOf(n, params, fn.evaluate(params)));
  }
  const sampler = createTpeSampler({ multivariate });
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    sampler.suggest({ space: fn.space, seed: 1, trialNumber: 1000 + i, trials: done, direction: 'minimize' });
    times.push(performance.now() - start);
  }
  return median(times);
}

interface OptunaResults {
  optuna: string;
  functions: Record<string, { curves: number[][]; suggestMs: number }>;
}

function runOptuna(): OptunaResults | string {
  // --optuna-json=FILE reuses an earlier run's output (the Python side takes minutes); --save-optuna=FILE keeps one.
  const cached = args.get('optuna-json');
  if (cached) return JSON.parse(readFileSync(cached, 'utf8')) as OptunaResults;
  const result = spawnSync('/usr/bin/python3', ['scripts/optuna_baseline.py', String(seeds), String(trials)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) return `Optuna baseline failed (exit ${result.status}); install it with apt-get install python3-optuna`;
  if (args.get('save-optuna')) writeFileSync(args.get('save-optuna')!, result.stdout);
  return JSON.parse(result.stdout) as OptunaResults;
}

const at = (curves: number[][], n: number) => median(curves.map((c) => c[n - 1]!));
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));

const optuna = runOptuna();
console.log(`\n## Samplers: median best value over ${seeds} seeds (lower is better)${typeof optuna === 'string' ? `\n\n${optuna}` : `; Optuna ${optuna.optuna}`}\n`);
console.log(`| function (optimum) | sampler | ${checkpoints.map((c) => `after ${c}`).join(' | ')} | suggestion with 1,000 trials |`);
console.log(`|---|---|${checkpoints.map(() => '---:').join('|')}|---:|`);
for (const fn of BENCH_FUNCTIONS) {
  const seedList = Array.from({ length: seeds }, (_, i) => i);
  const rows: [string, number[][], string][] = [
    ['random (ours)', seedList.map((s) => bestCurve(() => createSampler('random'), fn, s)), '—'],
    ['TPE (ours)', seedList.map((s) => bestCurve(() => createTpeSampler(), fn, s)), `${suggestionMs(fn, false).toFixed(1)} ms`],
    ['TPE, textbook kernel density (ours)', seedList.map((s) => bestCurve(() => createTpeSampler({ weighting: 'density' }), fn, s)), '—'],
    ['TPE multivariate (ours)', seedList.map((s) => bestCurve(() => createTpeSampler({ multivariate: true }), fn, s)), `${suggestionMs(fn, true).toFixed(1)} ms`],
  ];
  if (typeof optuna !== 'string') {
    const theirs = optuna.functions[fn.name]!;
    rows.push(['TPE (Optuna)', theirs.curves, `${theirs.suggestMs.toFixed(1)} ms`]);
  }
  for (const [label, curves, time] of rows) {
    console.log(`| ${fn.name} (${fn.optimum}) | ${label} | ${checkpoints.map((c) => fmt(at(curves, c))).join(' | ')} | ${time} |`);
  }
}
