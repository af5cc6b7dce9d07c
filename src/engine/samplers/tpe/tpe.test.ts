import { describe, expect, it } from 'vitest';
import type { ParamSet, SearchSpace } from '../../space/types';
import type { Trial } from '../../study/types';
import { median } from '../../../shared/stats';
import { createSampler } from '../registry';
import type { Sampler } from '../types';
import { erf, normalCdf, normalQuantile, sampleTruncatedNormal } from './normal';
import { categoricalEstimator, numericEstimator, numericLogDensity, observationWeights } from './parzen';
import { createTpeSampler, gamma } from './sampler';

function optimise(sampler: Sampler, space: SearchSpace, objective: (p: ParamSet) => number, trials: number, seed: number): number {
  const done: Trial[] = [];
  for (let n = 0; n < trials; n++) {
    const s = sampler.suggest({ space, seed, trialNumber: n, trials: done, direction: 'minimize' })!;
    done.push({ number: n, state: 'complete', params: s.params, system: s.system, epochs: [], foldScores: [], metrics: {}, value: objective(s.params), startedAt: 0, durationMs: 0, backend: null });
  }
  return Math.min(...done.map((t) => t.value!));
}

const branin = (p: ParamSet) => {
  const x = p['x'] as number;
  const y = p['y'] as number;
  return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
};
const BRANIN: SearchSpace = { params: [{ name: 'x', kind: 'float', low: -5, high: 10 }, { name: 'y', kind: 'float', low: 0, high: 15 }] };

describe('normal helpers', () => {
  it('match known values', () => {
    expect(erf(0)).toBe(0);
    expect(erf(1)).toBeCloseTo(0.8427007929, 6);
    expect(erf(-0.3)).toBeCloseTo(-0.3286267595, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('samples truncated normals inside their bounds', () => {
    for (const u of [0, 0.001, 0.5, 0.999, 1]) {
      const x = sampleTruncatedNormal(10, 1, -1, 1, u); // mass far outside: must still land in [−1, 1]
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(1);
    }
  });
});

describe('Parzen estimators', () => {
  it('weights recent observations fully and old ones less, like Optuna', () => {
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30);
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
    expect(gamma(10)).toBe(1);
    expect(gamma(1000)).toBe(25);
  });

  it('clips bandwidths between range/(n+1) and the range, prior spanning the range', () => {
    const est = numericEstimator([0.5, 0.5001], [1, 1], 0, 1);
    expect(est.mus).toHaveLength(3);
    for (const s of est.sigmas) {
      expect(s).toBeGreaterThanOrEqual(1 / 4 - 1e-12);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it("'density' weighting is a normalised density; 'bandwidth' weights broad kernels more", () => {
    const integrate = (weighting: 'density' | 'bandwidth') => {
      const est = numericEstimator([0.2, 0.5, 0.55], [1, 1, 1], 0, 1, weighting);
      let total = 0;
      for (let i = 0; i < 10000; i++) total += Math.exp(numericLogDensity(est, (i + 0.5) / 10000)) / 10000;
      return total;
    };
    expect(integrate('density')).toBeCloseTo(1, 4);
    // Hand-computed mixture at 0.1 (kernels at 0.2/0.3, 0.5/0.3, 0.55/0.2 and the prior 0.5/1 on [0, 1]).
    expect(numericLogDensity(numericEstimator([0.2, 0.5, 0.55], [1, 1, 1], 0, 1, 'density'), 0.1)).toBeCloseTo(-0.157, 3);
    // Optuna 3.1 computes the bandwidth-weighted value: -0.86586 for the same point.
    expect(numericLogDensity(numericEstimator([0.2, 0.5, 0.55], [1, 1, 1], 0, 1, 'bandwidth'), 0.1)).toBeCloseTo(-0.86586, 4);
  });

  it('gives categorical probabilities that sum to one and favour observed choices', () => {
    const p = categoricalEstimator([2, 2, 0], [1, 1, 1], 4);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[2]).toBeGreaterThan(p[0]!);
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[1]).toBeCloseTo(p[3]!);
  });
});

describe('TPE sampler', () => {
  it('beats random search on Branin at 50 trials (median over 9 seeds)', () => {
    const seeds = Array.from({ length: 9 }, (_, i) => i);
    const tpe = median(seeds.map((s) => optimise(createTpeSampler(), BRANIN, branin, 50, s)));
    const random = median(seeds.map((s) => optimise(createSampler('random'), BRANIN, branin, 50, s)));
    expect(tpe).toBeLessThan(random);
    expect(tpe).toBeLessThan(1.5); // the optimum is 0.398
  });

  it('multivariate mode also optimises, and is deterministic', () => {
    const sampler = createTpeSampler({ multivariate: true });
    const a = optimise(sampler, BRANIN, branin, 40, 3);
    expect(a).toBe(optimise(createTpeSampler({ multivariate: true }), BRANIN, branin, 40, 3));
    expect(a).toBeLessThan(3);
  });

  it('learns a categorical and a log-scaled parameter', () => {
    const space: SearchSpace = {
      params: [
        { name: 'opt', kind: 'categorical', choices: ['a', 'b', 'c', 'd'] },
        { name: 'lr', kind: 'float', low: 1e-5, high: 1, log: true },
      ],
    };
    const objective = (p: ParamSet) => (p['opt'] === 'c' ? 0 : 1) + Math.abs(Math.log10(p['lr'] as number) + 3);
    const done: Trial[] = [];
    const sampler = createTpeSampler();
    for (let n = 0; n < 60; n++) {
      const s = sampler.suggest({ space, seed: 1, trialNumber: n, trials: done, direction: 'minimize' })!;
      done.push({ number: n, state: 'complete', params: s.params, system: s.system, epochs: [], foldScores: [], metrics: {}, value: objective(s.params), startedAt: 0, durationMs: 0, backend: null });
    }
    const late = done.slice(30);
    expect(late.filter((t) => t.params['opt'] === 'c').length).toBeGreaterThan(15);
    expect(median(late.map((t) => Math.abs(Math.log10(t.params['lr'] as number) + 3)))).toBeLessThan(1);
  });
});
