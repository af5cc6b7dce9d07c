/**
 * Greedy ensemble selection against a straightforward reference written here (each round recomputes every
 * trial average from the list of picks), on random small cases full of ties; against brute force over every
 * multiset of picks, for how far greedy falls short of the best blend; and on hand-built cases where a blend
 * beats every single model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskKind } from '../../data/types';
import { classificationMetrics, regressionMetrics } from '../../metrics/metrics';
import { blendPredictions, DEFAULT_ROUNDS, selectEnsemble } from './index';

type Score = (outputs: Float32Array) => number;

const accuracy = (labels: Float32Array, k: number): Score => (outputs) => classificationMetrics(outputs, labels, k).accuracy;
const negativeLogLoss = (labels: Float32Array, k: number): Score => (outputs) => -classificationMetrics(outputs, labels, k).log_loss;
const negativeMse = (targets: Float32Array): Score => (outputs) => -(regressionMetrics(outputs, targets).rmse ** 2);

/** The plain average of the picked candidates, summed in pick order as the implementation does. */
function average(candidates: readonly Float32Array[], picks: readonly number[]): Float32Array {
  const length = candidates[0]!.length;
  const sum = new Float64Array(length);
  for (const c of picks) for (let i = 0; i < length; i++) sum[i] = sum[i]! + candidates[c]![i]!;
  return Float32Array.from(sum, (v) => v / picks.length);
}

/** The reference: Caruana's loop written as directly as possible. */
function referenceSelect(candidates: readonly Float32Array[], score: Score, rounds: number, initialBest = 0): { weights: number[]; scores: number[] } {
  const worth = (value: number) => (Number.isNaN(value) ? -Infinity : value);
  const picks: number[] = [];
  const scores: number[] = [];
  const singles = candidates.map((_, c) => worth(score(average(candidates, [c]))));
  const byQuality = candidates.map((_, c) => c).sort((a, b) => (singles[a] === singles[b] ? a - b : singles[b]! - singles[a]!));
  for (const c of byQuality.slice(0, initialBest)) {
    picks.push(c);
    scores.push(worth(score(average(candidates, picks))));
  }
  for (let round = 0; round < rounds; round++) {
    let best = -1;
    let bestValue = -Infinity;
    candidates.forEach((_, c) => {
      const value = worth(score(average(candidates, [...picks, c])));
      if (best === -1 || value > bestValue) {
        best = c;
        bestValue = value;
      }
    });
    picks.push(best);
    scores.push(bestValue);
  }
  return { weights: candidates.map((_, c) => picks.filter((p) => p === c).length / picks.length), scores };
}

/** Every multiset of `size` picks from m candidates, as counts. */
function* multisets(m: number, size: number, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === m - 1) {
    yield [...prefix, size - prefix.reduce((a, b) => a + b, 0)];
    return;
  }
  const used = prefix.reduce((a, b) => a + b, 0);
  for (let count = 0; count <= size - used; count++) yield* multisets(m, size, [...prefix, count]);
}

/** Outputs from a small set of values so that ties (in scores and in probabilities) are common. */
function caseArbitrary() {
  return fc
    .record({
      task: fc.constantFrom<TaskKind>('binary', 'multiclass', 'regression'),
      m: fc.integer({ min: 1, max: 5 }),
      n: fc.integer({ min: 1, max: 6 }),
      rounds: fc.integer({ min: 0, max: 6 }),
      metric: fc.constantFrom('accuracy', 'logloss'),
      seedValues: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 5 * 6 * 3 + 6, maxLength: 5 * 6 * 3 + 6 }),
    })
    .chain((c) => fc.record({ c: fc.constant(c), initialBest: fc.integer({ min: 0, max: c.m }) }));
}

function buildCase(task: TaskKind, m: number, n: number, values: readonly number[]) {
  const k = task === 'multiclass' ? 3 : task === 'binary' ? 2 : 0;
  const width = k || 1;
  let at = 0;
  const next = () => values[at++ % values.length]!;
  const targets = Float32Array.from({ length: n }, () => (task === 'regression' ? next() - 2 : next() % k));
  const candidates = Array.from({ length: m }, () => {
    const out = new Float32Array(n * width);
    for (let r = 0; r < n; r++) {
      if (task === 'regression') out[r] = next() - 2;
      else {
        const raw = Array.from({ length: k }, () => next() + 0.5);
        const total = raw.reduce((a, b) => a + b, 0);
        raw.forEach((v, c) => (out[r * k + c] = v / total));
      }
    }
    return out;
  });
  return { targets, candidates, k };
}

describe('selectEnsemble', () => {
  it('matches the reference loop exactly on random small cases with many ties', () => {
    fc.assert(
      fc.property(caseArbitrary(), ({ c, initialBest }) => {
        if (c.rounds + initialBest === 0) return;
        const { targets, candidates, k } = buildCase(c.task, c.m, c.n, c.seedValues);
        const score = c.task === 'regression' ? negativeMse(targets) : c.metric === 'accuracy' ? accuracy(targets, k) : negativeLogLoss(targets, k);
        const ours = selectEnsemble(candidates, targets, c.task, k, score, { rounds: c.rounds, initialBest });
        const reference = referenceSelect(candidates, score, c.rounds, initialBest);
        expect(ours.scores).toEqual(reference.scores);
        expect(ours.weights).toEqual(reference.weights);
        expect(ours.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(ours.scores).toHaveLength(c.rounds + initialBest);
      }),
      { numRuns: 400, seed: 20260107 },
    );
  });

  it('never beats brute force over every blend of the same size, and often reaches it', () => {
    let reached = 0;
    let total = 0;
    fc.assert(
      fc.property(caseArbitrary(), ({ c }) => {
        const rounds = Math.max(1, Math.min(c.rounds, 4));
        const { targets, candidates, k } = buildCase(c.task, Math.min(c.m, 4), c.n, c.seedValues);
        const score = c.task === 'regression' ? negativeMse(targets) : negativeLogLoss(targets, k);
        const greedy = selectEnsemble(candidates, targets, c.task, k, score, { rounds });
        let best = -Infinity;
        for (const counts of multisets(candidates.length, rounds)) best = Math.max(best, score(blendPredictions(candidates, counts)));
        const greedyFinal = greedy.scores[rounds - 1]!;
        expect(greedyFinal).toBeLessThanOrEqual(best + 1e-9);
        total++;
        if (greedyFinal >= best - 1e-9) reached++;
      }),
      { numRuns: 150, seed: 7 },
    );
    // Greedy is a heuristic, but on cases this small it should find the optimum most of the time.
    if (process.env['SWEEPLAB_SHOW_AGREEMENT']) console.log(`greedy reached the brute-force optimum in ${reached} of ${total} cases`);
    expect(reached / total).toBeGreaterThan(0.6);
  });

  it('finds a blend of classifiers that beats every one of them (each wrong on a different third)', () => {
    // Three classes, 9 rows; model m is right with 0.9 except on rows 3m…3m+2, where it leans wrong (0.6).
    const n = 9;
    const targets = Float32Array.from({ length: n }, (_, r) => r % 3);
    const candidates = [0, 1, 2].map((m) => {
      const out = new Float32Array(n * 3);
      for (let r = 0; r < n; r++) {
        const label = r % 3;
        const wrongRow = Math.floor(r / 3) === m;
        const favoured = wrongRow ? (label + 1) % 3 : label;
        for (let c = 0; c < 3; c++) out[r * 3 + c] = c === favoured ? (wrongRow ? 0.6 : 0.9) : wrongRow ? (c === label ? 0.3 : 0.1) : 0.05;
      }
      return out;
    });
    for (const score of [accuracy(targets, 3), negativeLogLoss(targets, 3)]) {
      const singles = candidates.map((c) => score(c));
      const { weights, scores } = selectEnsemble(candidates, targets, 'multiclass', 3, score);
      const blended = score(blendPredictions(candidates, weights));
      expect(blended).toBeGreaterThan(Math.max(...singles));
      expect(weights.filter((w) => w > 0).length).toBeGreaterThanOrEqual(2);
      expect(scores[scores.length - 1]).toBeCloseTo(blended, 6);
    }
    expect(accuracy(targets, 3)(blendPredictions(candidates, selectEnsemble(candidates, targets, 'multiclass', 3, accuracy(targets, 3)).weights))).toBe(1);
  });

  it('averages opposite biases away in regression, and keepBestRound trims the rounds after the best', () => {
    // Targets 0 so that the errors ±1/3 of round 3 are exact mirror images and tie.
    const targets = new Float32Array(4);
    const high = Float32Array.of(1, 1, 1, 1);
    const low = Float32Array.of(-1, -1, -1, -1);
    const score = negativeMse(targets);
    // A: −1; A+B: 0; then A (tie with B, lower index) → bias 1/3; then B → 0 again; …
    const three = selectEnsemble([high, low], targets, 'regression', 0, score, { rounds: 3 });
    expect(three.scores[0]).toBeCloseTo(-1, 12);
    expect(three.scores[1]).toBeCloseTo(0, 12);
    expect(three.scores[2]).toBeCloseTo(-1 / 9, 6);
    expect(three.weights).toEqual([2 / 3, 1 / 3]);
    const trimmed = selectEnsemble([high, low], targets, 'regression', 0, score, { rounds: 3, keepBestRound: true });
    expect(trimmed.weights).toEqual([0.5, 0.5]);
    expect(trimmed.scores).toEqual(three.scores);
    expect(blendPredictions([high, low], trimmed.weights)).toEqual(targets);
  });

  it('runs 25 rounds by default, so weights are multiples of 1/25', () => {
    const { targets, candidates, k } = buildCase('binary', 4, 6, Array.from({ length: 100 }, (_, i) => (i * 7) % 5));
    const { weights, scores } = selectEnsemble(candidates, targets, 'binary', k, negativeLogLoss(targets, k));
    expect(DEFAULT_ROUNDS).toBe(25);
    expect(scores).toHaveLength(25);
    for (const w of weights) expect(Math.abs(w * 25 - Math.round(w * 25))).toBeLessThan(1e-9);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('starts from the best single candidates with initialBest, and 1 is the same as starting empty', () => {
    const { targets, candidates, k } = buildCase('multiclass', 5, 6, Array.from({ length: 200 }, (_, i) => (i * i + 3 * i) % 5));
    const score = negativeLogLoss(targets, k);
    const empty = selectEnsemble(candidates, targets, 'multiclass', k, score, { rounds: 6 });
    const one = selectEnsemble(candidates, targets, 'multiclass', k, score, { rounds: 5, initialBest: 1 });
    expect(one).toEqual(empty);
    const three = selectEnsemble(candidates, targets, 'multiclass', k, score, { rounds: 0, initialBest: 3 });
    const ranked = candidates.map((c, i) => ({ i, s: score(c) })).sort((a, b) => b.s - a.s || a.i - b.i);
    expect(three.weights.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0)).toEqual(ranked.slice(0, 3).map((r) => r.i).sort((a, b) => a - b));
  });

  it('treats a NaN score as the worst and breaks ties by the lower index', () => {
    const targets = Float32Array.of(0, 1);
    const a = Float32Array.of(0.5, 0.5, 0.5, 0.5);
    const b = Float32Array.of(0.5, 0.5, 0.5, 0.5);
    const c = Float32Array.of(0.9, 0.1, 0.1, 0.9);
    const nanForC: Score = (outputs) => (outputs[0] === Math.fround(0.9) ? Number.NaN : 1);
    expect(selectEnsemble([c, a, b], targets, 'binary', 2, nanForC, { rounds: 1 }).weights).toEqual([0, 1, 0]);
    expect(selectEnsemble([a, b], targets, 'binary', 2, () => 0, { rounds: 4 }).weights).toEqual([1, 0]);
    // Every score NaN: still a choice, the first candidate.
    expect(selectEnsemble([a, b], targets, 'binary', 2, () => Number.NaN, { rounds: 2 })).toEqual({ weights: [1, 0], scores: [-Infinity, -Infinity] });
  });

  it('rejects inconsistent inputs', () => {
    const targets = Float32Array.of(0, 1);
    const ok = Float32Array.of(0.5, 0.5, 0.5, 0.5);
    const s = () => 0;
    expect(() => selectEnsemble([], targets, 'binary', 2, s)).toThrow(/no candidate/);
    expect(() => selectEnsemble([ok, Float32Array.of(1, 0)], targets, 'binary', 2, s)).toThrow(/candidate 1 has 2 outputs/);
    expect(() => selectEnsemble([ok], targets, 'multiclass', 3, s)).toThrow(/need 6 values/);
    expect(() => selectEnsemble([ok], targets, 'binary', 1, s)).toThrow(/≥ 2 classes/);
    expect(() => selectEnsemble([ok], targets, 'binary', 2, s, { rounds: -1 })).toThrow(/rounds/);
    expect(() => selectEnsemble([ok], targets, 'binary', 2, s, { rounds: 0 })).toThrow(/nothing to select/);
    expect(() => selectEnsemble([ok], targets, 'binary', 2, s, { initialBest: 2 })).toThrow(/initialBest/);
    expect(() => selectEnsemble([Float32Array.of(1, 2)], targets, 'regression', 0, s)).not.toThrow();
  });
});

describe('blendPredictions', () => {
  it('is the normalised weighted average, skipping zero weights', () => {
    const a = Float32Array.of(1, 2, 3);
    const b = Float32Array.of(3, 2, 1);
    const c = Float32Array.of(Number.NaN, Number.NaN, Number.NaN);
    expect(blendPredictions([a, b, c], [0.25, 0.75, 0])).toEqual(Float32Array.of(2.5, 2, 1.5));
    expect(blendPredictions([a, b], [1, 3])).toEqual(Float32Array.of(2.5, 2, 1.5));
    expect(blendPredictions([a], [1])).toEqual(a);
    // Probabilities stay distributions.
    const p = blendPredictions([Float32Array.of(0.2, 0.8), Float32Array.of(0.7, 0.3)], [0.4, 0.6]);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 7);
  });

  it('rejects bad weights and mismatched candidates', () => {
    const a = Float32Array.of(1, 2);
    expect(() => blendPredictions([a, a], [1])).toThrow(/1 weights for 2 candidates/);
    expect(() => blendPredictions([a, a], [1, -1])).toThrow(/weight 1 is -1/);
    expect(() => blendPredictions([a, a], [0, 0])).toThrow(/sum to 0/);
    expect(() => blendPredictions([a, a], [Number.NaN, 1])).toThrow(/weight 0/);
    expect(() => blendPredictions([a, Float32Array.of(1)], [1, 1])).toThrow(/candidate 1 has 1 outputs/);
    expect(() => blendPredictions([], [])).toThrow(/no candidate/);
  });
});
