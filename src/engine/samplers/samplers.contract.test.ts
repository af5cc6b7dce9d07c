/**
 * The contract every sampler passes: values within bounds and of the declared type, log scale honoured,
 * conditional parameters present exactly when active, determinism from the seed, and exhaustion where finite:
 * on a finite space no configuration is suggested twice (whatever state the trial that tried it is in, warm
 * starts included), and once every one has been tried the sampler says so.
 */
import { describe, expect, it } from 'vitest';
import { isActive } from '../space/conditions';
import { enumerateGrid } from '../space/grid';
import { finiteSize } from '../space/finite';
import type { ParamSet, SearchSpace } from '../space/types';
import type { Trial } from '../study/types';
import { createSampler, SAMPLER_KINDS } from './registry';
import type { Sampler } from './types';

const SPACE: SearchSpace = {
  params: [
    { name: 'optimizer', kind: 'categorical', choices: ['adam', 'rmsprop'] },
    { name: 'layers', kind: 'int', low: 1, high: 3 },
    { name: 'units_2', kind: 'categorical', choices: [16, 64], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
    { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.25 },
    { name: 'momentum', kind: 'float', low: 0.5, high: 0.9, step: 0.4, condition: { kind: 'equals', param: 'optimizer', value: 'rmsprop' } },
  ],
};

function fakeTrial(number: number, params: ParamSet, system: Record<string, unknown>): Trial {
  return { number, state: 'complete', params, system, epochs: [], foldScores: [], metrics: {}, value: number, startedAt: 0, durationMs: 0, backend: null };
}

/** Suggestions until `count` or exhaustion, after `before` (trials already there); each completes with a value from `score`. */
function drawAll(sampler: Sampler, seed: number, count: number, space: SearchSpace = SPACE, before: readonly Trial[] = [], score = (n: number) => n): ParamSet[] {
  const trials: Trial[] = [...before];
  for (let n = before.length; n < count; n++) {
    const suggestion = sampler.suggest({ space, seed, trialNumber: n, trials, direction: 'maximize' });
    if (!suggestion) break;
    trials.push({ ...fakeTrial(n, suggestion.params, suggestion.system), value: score(n) });
  }
  return trials.slice(before.length).map((t) => t.params);
}

const keyOf = (p: ParamSet) => JSON.stringify(Object.entries(p).sort(([a], [b]) => a.localeCompare(b)));

describe.each(SAMPLER_KINDS)('%s sampler contract', (kind) => {
  it('suggests in-bounds values of the declared types, conditionals present exactly when active', () => {
    for (const params of drawAll(createSampler(kind), 7, 30)) {
      for (const spec of SPACE.params) {
        const active = isActive(spec, params);
        expect(spec.name in params, `${spec.name} in ${JSON.stringify(params)}`).toBe(active);
        if (!active) continue;
        const value = params[spec.name];
        if (spec.kind === 'categorical') expect(spec.choices).toContain(value);
        else {
          expect(typeof value).toBe('number');
          expect(value as number).toBeGreaterThanOrEqual(spec.low);
          expect(value as number).toBeLessThanOrEqual(spec.high);
          if (spec.kind === 'int') expect(Number.isInteger(value)).toBe(true);
          if (spec.step) expect(Math.abs(((value as number) - spec.low) / spec.step - Math.round(((value as number) - spec.low) / spec.step))).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('is deterministic for a seed', () => {
    expect(drawAll(createSampler(kind), 11, 12)).toEqual(drawAll(createSampler(kind), 11, 12));
  });

  it('tries every point of a finite space once, then reports exhaustion', () => {
    const size = finiteSize(SPACE);
    expect(size).toBe(45);
    for (const seed of [0, 1, 2]) {
      const sampler = createSampler(kind);
      // A flat objective keeps TPE's model proposing the same few points: the duplicate checks must carry it.
      const points = drawAll(sampler, seed, 1000, SPACE, [], () => 1);
      expect(points).toHaveLength(size);
      expect(new Set(points.map(keyOf)).size).toBe(size);
      expect(new Set(points.map(keyOf))).toEqual(new Set(enumerateGrid(SPACE).map(keyOf)));
    }
  });

  it('stays deterministic for a seed through redraws and the untried-point fallback', () => {
    const space: SearchSpace = { params: [{ name: 'a', kind: 'categorical', choices: [1, 2, 3, 4, 5, 6] }, { name: 'b', kind: 'int', low: 0, high: 2 }] };
    expect(drawAll(createSampler(kind), 4, 100, space, [], () => 1)).toEqual(drawAll(createSampler(kind), 4, 100, space, [], () => 1));
  });

  it('counts failed, pruned, running and warm-start trials as tried', () => {
    const space: SearchSpace = { params: [{ name: 'a', kind: 'categorical', choices: ['x', 'y', 'z'] }, { name: 'b', kind: 'int', low: 1, high: 2 }] };
    const before: Trial[] = [
      { ...fakeTrial(0, { a: 'x', b: 1 }, { enqueued: true }), value: 5 },
      { ...fakeTrial(1, { b: 2, a: 'y' }, {}), state: 'failed', value: null },
      { ...fakeTrial(2, { a: 'z', b: 1 }, {}), state: 'pruned', value: null },
      { ...fakeTrial(3, { a: 'x', b: 2 }, {}), state: 'running', value: null },
      // Not a point of the space (a parameter it does not search): it blocks nothing.
      { ...fakeTrial(4, { a: 'y', b: 1, extra: 1 }, { enqueued: true }), value: 1 },
    ];
    const points = drawAll(createSampler(kind), 9, 100, space, before);
    expect(points.map(keyOf).sort()).toEqual([{ a: 'y', b: 1 }, { a: 'z', b: 2 }].map(keyOf).sort());
  });

  it('leaves infinite spaces unbounded', () => {
    const space: SearchSpace = { params: [{ name: 'a', kind: 'categorical', choices: [1, 2] }, { name: 'lr', kind: 'float', low: 0.001, high: 0.1 }] };
    if (kind === 'grid') return; // a continuous float cannot be grid-searched (see 'honours log scale')
    expect(finiteSize(space)).toBe(Number.POSITIVE_INFINITY);
    expect(createSampler(kind).capacity(space)).toBeNull();
    expect(drawAll(createSampler(kind), 3, 40, space)).toHaveLength(40);
  });

  it('honours log scale', () => {
    const space: SearchSpace = { params: [{ name: 'lr', kind: 'float', low: 1e-5, high: 1e-1, log: true, ...(kind === 'grid' ? { step: undefined } : {}) }] };
    if (kind === 'grid') {
      expect(() => createSampler(kind).suggest({ space, seed: 0, trialNumber: 0, trials: [], direction: 'maximize' })).toThrow(/continuous/);
      return;
    }
    const sampler = createSampler(kind);
    const values = Array.from({ length: 400 }, (_, n) => sampler.suggest({ space, seed: 3, trialNumber: n, trials: [], direction: 'maximize' })!.params['lr'] as number);
    // Log-uniform over four decades puts about a quarter below 1e-4; uniform would put 0.1 %.
    expect(values.filter((v) => v < 1e-4).length).toBeGreaterThan(60);
  });
});

describe('grid sampler', () => {
  it('visits every grid point once, in a stable order, then reports exhaustion', () => {
    const sampler = createSampler('grid');
    const points = drawAll(sampler, 0, 1000);
    // optimizer × layers(1 | 2 with units 16/64 | 3 with 16/64) × dropout(3) × momentum when rmsprop (2).
    const perOptimizer = (1 + 2 + 2) * 3;
    expect(points).toHaveLength(perOptimizer + perOptimizer * 2);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
    expect(sampler.capacity(SPACE)).toBe(points.length);
    expect(points[0]).toEqual({ optimizer: 'adam', layers: 1, dropout: 0 });
  });

  it('resumes at the first grid index no trial has taken', () => {
    const sampler = createSampler('grid');
    const taken = [fakeTrial(0, {}, { gridIndex: 0 }), fakeTrial(1, {}, { gridIndex: 2 })];
    expect(sampler.suggest({ space: SPACE, seed: 0, trialNumber: 2, trials: taken, direction: 'maximize' })!.system).toEqual({ gridIndex: 1 });
  });
});

describe('random sampler', () => {
  it('gives trial n the same parameters whatever came before it', () => {
    const sampler = createSampler('random');
    const alone = sampler.suggest({ space: SPACE, seed: 5, trialNumber: 7, trials: [], direction: 'maximize' })!.params;
    const afterOthers = sampler.suggest({ space: SPACE, seed: 5, trialNumber: 7, trials: [fakeTrial(0, { optimizer: 'x' }, {})], direction: 'maximize' })!.params;
    expect(afterOthers).toEqual(alone);
  });

  it('avoids repeating an earlier trial in a small space', () => {
    const space: SearchSpace = { params: [{ name: 'a', kind: 'categorical', choices: [1, 2, 3, 4] }] };
    const sampler = createSampler('random');
    const trials: Trial[] = [];
    for (let n = 0; n < 4; n++) {
      const s = sampler.suggest({ space, seed: 1, trialNumber: n, trials, direction: 'maximize' })!;
      trials.push(fakeTrial(n, s.params, s.system));
    }
    expect(new Set(trials.map((t) => t.params['a'])).size).toBe(4);
  });
});
