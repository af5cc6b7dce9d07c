/**
 * fitLinear's behaviour beyond agreement with scikit-learn (sklearn.test.ts): determinism, separable data,
 * constant and badly scaled columns, hooks, input checks, size limits, numerically extreme predictions and
 * repeated fits that must not carry state from one to the next.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import type { TaskKind } from '../../data/types';
import type { LearnerData } from '../types';
import { fitLinear, LINEAR_DEFAULTS, linearSize, MAX_DENSE_DOUBLES, predictLinear, type LinearModel } from './index';
import { checkRidgeSize } from './ridge';

/** Gaussian features and a target from a known linear rule with noise, all seeded. */
function makeData(seed: number, n: number, p: number, task: TaskKind, numClasses = task === 'regression' ? 0 : task === 'binary' ? 2 : 3): LearnerData {
  const rng = createRng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const features = new Float32Array(n * p);
  for (let i = 0; i < features.length; i++) features[i] = gaussian();
  const outputs = task === 'multiclass' ? numClasses : 1;
  const weights = Array.from({ length: outputs * p }, gaussian);
  const targets = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const logits = Array.from({ length: outputs }, (_, o) => weights.slice(o * p, (o + 1) * p).reduce((s, w, j) => s + w * features[r * p + j]!, 0));
    if (task === 'regression') targets[r] = 3 + logits[0]! + 0.3 * gaussian();
    else if (task === 'binary') targets[r] = rng.next() < 1 / (1 + Math.exp(-logits[0]!)) ? 1 : 0;
    else {
      const noisy = logits.map((z) => z + 0.5 * gaussian());
      targets[r] = noisy.indexOf(Math.max(...noisy));
    }
  }
  return { features, numFeatures: p, targets, task, numClasses };
}

const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => start + i);

function allFinite(model: LinearModel): boolean {
  return [...model.coefficients, ...model.intercepts].every(Number.isFinite);
}

describe('fitLinear', () => {
  it('is deterministic: the same inputs give bit-identical models', async () => {
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const data = makeData(7, 200, 6, task);
      const a = await fitLinear(data, { train: range(150) }, LINEAR_DEFAULTS);
      const b = await fitLinear(data, { train: range(150) }, LINEAR_DEFAULTS);
      expect(b.model).toEqual(a.model);
      expect(b.steps).toBe(a.steps);
    }
  });

  it('stays finite and converges on perfectly separable data when alpha > 0', async () => {
    const n = 100;
    const features = new Float32Array(n * 2);
    const targets = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      features[r * 2] = r < n / 2 ? -1 - r / n : 1 + r / n;
      features[r * 2 + 1] = (r * 37) % 11;
      targets[r] = r < n / 2 ? 0 : 1;
    }
    const data: LearnerData = { features, numFeatures: 2, targets, task: 'binary', numClasses: 2 };
    for (const alpha of [1, 1e-3, 1e-6]) {
      const { model, steps } = await fitLinear(data, { train: range(n) }, { ...LINEAR_DEFAULTS, alpha });
      expect(allFinite(model)).toBe(true);
      expect(steps).toBeLessThan(LINEAR_DEFAULTS.maxIterations);
      const probabilities = predictLinear(model, features, n);
      expect([...probabilities].every((v) => v >= 0 && v <= 1)).toBe(true);
      for (let r = 0; r < n; r++) expect(probabilities[r * 2 + targets[r]!]!).toBeGreaterThan(0.5);
    }
  });

  it('gives constant columns weight 0 and reduces to the intercept when every column is constant', async () => {
    const data = makeData(3, 120, 4, 'binary');
    const features = data.features.slice();
    for (let r = 0; r < 120; r++) features[r * 4 + 2] = 5.5;
    const { model } = await fitLinear({ ...data, features }, { train: range(120) }, LINEAR_DEFAULTS);
    expect(model.coefficients[2]).toBe(0);
    expect(model.coefficients.filter((w) => w !== 0)).toHaveLength(3);

    const constant: LearnerData = { features: new Float32Array(120 * 3).fill(2), numFeatures: 3, targets: data.targets, task: 'binary', numClasses: 2 };
    const positives = [...data.targets].filter((y) => y === 1).length;
    const intercept = await fitLinear(constant, { train: range(120) }, LINEAR_DEFAULTS);
    expect(intercept.model.coefficients).toEqual([0, 0, 0]);
    expect(predictLinear(intercept.model, constant.features, 1)[1]).toBeCloseTo(positives / 120, 6);

    const regression = makeData(3, 50, 2, 'regression');
    const flat = await fitLinear({ ...regression, features: new Float32Array(100).fill(-1) }, { train: range(50) }, LINEAR_DEFAULTS);
    const mean = [...regression.targets].reduce((a, b) => a + b, 0) / 50;
    expect(predictLinear(flat.model, new Float32Array(2), 1)[0]).toBeCloseTo(mean, 5);
  });

  it('is unaffected by the scale and offset of a column (standardisation), even at 1e8 and 1e-8', async () => {
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const data = makeData(11, 150, 3, task);
      const scaled = data.features.slice();
      for (let r = 0; r < 150; r++) {
        scaled[r * 3] = scaled[r * 3]! * 1e8;
        scaled[r * 3 + 1] = scaled[r * 3 + 1]! * 1e-8;
        scaled[r * 3 + 2] = scaled[r * 3 + 2]! + 1000;
      }
      const plain = await fitLinear(data, { train: range(150) }, LINEAR_DEFAULTS);
      const wide = await fitLinear({ ...data, features: scaled }, { train: range(150) }, LINEAR_DEFAULTS);
      const a = predictLinear(plain.model, data.features, 150);
      const b = predictLinear(wide.model, scaled, 150);
      // Float32 inputs carry ~7 digits; an offset of 1000 costs three of them in that column.
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(task === 'regression' ? 1e-3 : 1e-4));
      expect(allFinite(wide.model)).toBe(true);
      expect(wide.model.coefficients[0]).toBeCloseTo(plain.model.coefficients[0]! * 1e-8, 12);
    }
  });

  it('reports once at the end: validation outputs, the training loss, and checkpoints every 25 iterations', async () => {
    const data = makeData(5, 300, 8, 'multiclass', 4);
    const calls: { step: number; loss: number; outputs: Float32Array | null }[] = [];
    let checkpoints = 0;
    const { model, steps } = await fitLinear(
      data,
      { train: range(200), validation: range(100, 200) },
      { ...LINEAR_DEFAULTS, alpha: 0.01, tolerance: 1e-12 },
      {
        onEvaluation: (step, loss, outputs) => void calls.push({ step, loss, outputs }),
        checkpoint: async () => void checkpoints++,
      },
    );
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.step).toBe(steps);
    expect(checkpoints).toBe(Math.floor(steps / 25));
    expect(steps).toBeGreaterThan(25);
    expect(call.outputs).toEqual(predictLinear(model, data.features.slice(200 * 8), 100));
    // The training loss is the mean log loss of the training rows, without the penalty.
    const probabilities = predictLinear(model, data.features, 200);
    const logLoss = range(200).reduce((s, r) => s - Math.log(probabilities[r * 4 + data.targets[r]!]!), 0) / 200;
    expect(call.loss).toBeCloseTo(logLoss, 5);

    const regression = makeData(5, 100, 3, 'regression');
    let reported: [number, Float32Array | null] | null = null;
    const ridge = await fitLinear(regression, { train: range(100) }, LINEAR_DEFAULTS, { onEvaluation: (_s, loss, outputs) => void (reported = [loss, outputs]) });
    const predictions = predictLinear(ridge.model, regression.features, 100);
    const mse = range(100).reduce((s, r) => s + (predictions[r]! - regression.targets[r]!) ** 2, 0) / 100;
    expect(reported![0]).toBeCloseTo(mse, 5);
    expect(reported![1]).toBeNull();
    expect(ridge.steps).toBe(1);
  });

  it('fits only the training rows it is given', async () => {
    const data = makeData(9, 200, 4, 'binary');
    const rows = range(100).map((i) => 2 * i);
    const picked: LearnerData = {
      ...data,
      features: Float32Array.from(rows.flatMap((r) => [...data.features.subarray(r * 4, r * 4 + 4)])),
      targets: Float32Array.from(rows, (r) => data.targets[r]!),
    };
    const a = await fitLinear(data, { train: rows }, LINEAR_DEFAULTS);
    const b = await fitLinear(picked, { train: range(100) }, LINEAR_DEFAULTS);
    expect(a.model).toEqual(b.model);
  });

  it('keeps a class missing from the training rows finite and improbable', async () => {
    const data = makeData(13, 300, 3, 'multiclass', 3);
    const targets = data.targets.map((y) => (y === 2 ? 1 : y));
    const { model } = await fitLinear({ ...data, targets, numClasses: 4, task: 'multiclass' }, { train: range(300) }, LINEAR_DEFAULTS);
    expect(allFinite(model)).toBe(true);
    const probabilities = predictLinear(model, data.features, 300);
    for (let r = 0; r < 300; r++) expect(probabilities[r * 4 + 3]!).toBeLessThan(1e-3);
  });

  it('solves ridge exactly: alpha 0 on full-rank data is ordinary least squares', async () => {
    // y = 2 + 3·x0 − x1 exactly, so least squares recovers the rule.
    const rng = createRng(4);
    const n = 40;
    const features = Float32Array.from({ length: n * 2 }, () => rng.next() * 10);
    const targets = Float32Array.from({ length: n }, (_, r) => 2 + 3 * features[r * 2]! - features[r * 2 + 1]!);
    const { model } = await fitLinear({ features, numFeatures: 2, targets, task: 'regression', numClasses: 0 }, { train: range(n) }, { ...LINEAR_DEFAULTS, alpha: 0 });
    expect(model.coefficients[0]).toBeCloseTo(3, 5);
    expect(model.coefficients[1]).toBeCloseTo(-1, 5);
    expect(model.intercepts[0]).toBeCloseTo(2, 4);

    // Collinear columns with no penalty have no unique solution: a clear error, not garbage.
    const collinear = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      collinear[r * 2] = features[r * 2]!;
      collinear[r * 2 + 1] = 2 * features[r * 2]!;
    }
    await expect(fitLinear({ features: collinear, numFeatures: 2, targets, task: 'regression', numClasses: 0 }, { train: range(n) }, { ...LINEAR_DEFAULTS, alpha: 0 })).rejects.toThrow(
      /collinear, use alpha > 0/,
    );
  });

  it('rejects bad inputs with clear errors', async () => {
    const data = makeData(1, 20, 2, 'binary');
    const fit = (d: LearnerData, train: number[], params = LINEAR_DEFAULTS, validation?: number[]) => fitLinear(d, { train, ...(validation ? { validation } : {}) }, params);
    await expect(fit(data, [])).rejects.toThrow(/no training rows/);
    await expect(fit(data, [0, 20])).rejects.toThrow(/row 20 is not a row/);
    await expect(fit(data, [0, 1], LINEAR_DEFAULTS, [1.5])).rejects.toThrow(/validation row 1.5/);
    await expect(fit(data, range(20), { ...LINEAR_DEFAULTS, alpha: -1 })).rejects.toThrow(/alpha/);
    await expect(fit(data, range(20), { ...LINEAR_DEFAULTS, alpha: Number.NaN })).rejects.toThrow(/alpha/);
    await expect(fit(data, range(20), { ...LINEAR_DEFAULTS, maxIterations: 1.5 })).rejects.toThrow(/maxIterations/);
    await expect(fit({ ...data, targets: data.targets.map((y, i) => (i === 3 ? 2 : y)) }, range(20))).rejects.toThrow(/label 2 of row 3/);
    await expect(fit({ ...data, numClasses: 3 }, range(20))).rejects.toThrow(/binary task cannot have 3 classes/);
    await expect(fit({ ...data, features: data.features.map((v, i) => (i === 5 ? Number.NaN : v)) }, range(20))).rejects.toThrow(/column 1 has a missing/);
    await expect(fit({ ...data, features: data.features.subarray(1) }, range(20))).rejects.toThrow(/need 40 values/);
    const regression = makeData(1, 20, 2, 'regression');
    await expect(fit({ ...regression, targets: regression.targets.map((y, i) => (i === 4 ? Infinity : y)) }, range(20))).rejects.toThrow(/target of row 4/);
  });

  it('refuses, before allocating, systems larger than MAX_DENSE_DOUBLES', async () => {
    expect(() => checkRidgeSize(10_000, 9_000)).toThrow(/9000 × 9000 normal-equation/);
    expect(() => checkRidgeSize(9_000, 10_000)).toThrow(/9000 × 9000 dual/);
    expect(() => checkRidgeSize(5_000, 20_000)).toThrow(/5000 rows × 20000 features/);
    expect(() => checkRidgeSize(100_000, 2_000)).not.toThrow();
    expect(() => checkRidgeSize(100, 3_000)).not.toThrow();
    // Logistic: 10 classes × 250,001 parameters × L-BFGS's ~28 vectors exceed the limit.
    const p = 250_000;
    const rng = createRng(2);
    const data: LearnerData = { features: Float32Array.from({ length: 2 * p }, () => rng.next()), numFeatures: p, targets: Float32Array.of(0, 9), task: 'multiclass', numClasses: 10 };
    await expect(fitLinear(data, { train: [0, 1] }, LINEAR_DEFAULTS)).rejects.toThrow(/parameters need more than the 67108864 values/);
    expect(MAX_DENSE_DOUBLES).toBe(67_108_864);
  });

  it('fits 50 times in a row without carrying state from one fit to the next', async () => {
    const reference = makeData(21, 120, 5, 'multiclass');
    const first = await fitLinear(reference, { train: range(100), validation: range(20, 100) }, LINEAR_DEFAULTS);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 50; i++) {
      const task = (['binary', 'multiclass', 'regression'] as const)[i % 3]!;
      const data = makeData(100 + i, 80 + i, 2 + (i % 7), task);
      const { model } = await fitLinear(data, { train: range(60), validation: range(20, 60) }, { ...LINEAR_DEFAULTS, alpha: 10 ** ((i % 5) - 2) });
      expect(allFinite(model)).toBe(true);
    }
    const again = await fitLinear(reference, { train: range(100), validation: range(20, 100) }, LINEAR_DEFAULTS);
    expect(again.model).toEqual(first.model);
    expect(again.steps).toBe(first.steps);
    // Nothing is retained between fits; the 50 small fits allocate a few MB that are garbage afterwards.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('predictLinear and linearSize', () => {
  it('stays exact and finite at extreme logits (stable sigmoid and log-sum-exp)', () => {
    const binary: LinearModel = { kind: 'linear', task: 'binary', numFeatures: 1, numClasses: 2, coefficients: [1], intercepts: [0] };
    const out = predictLinear(binary, Float32Array.of(-1000, -30, 0, 30, 1000), 5);
    expect([...out]).toEqual([1, 0, Math.fround(1 / (1 + Math.exp(-30))), Math.fround(1 / (1 + Math.exp(30))), 0.5, 0.5, Math.fround(1 / (1 + Math.exp(30))), Math.fround(1 / (1 + Math.exp(-30))), 0, 1]);
    const multi: LinearModel = { kind: 'linear', task: 'multiclass', numFeatures: 1, numClasses: 3, coefficients: [1, 0, -1], intercepts: [0, 0, 0] };
    const probabilities = predictLinear(multi, Float32Array.of(1e4, -1e4, 0), 3);
    expect([...probabilities]).toEqual([1, 0, 0, 0, 0, 1, Math.fround(1 / 3), Math.fround(1 / 3), Math.fround(1 / 3)]);
  });

  it('checks the feature block, counts parameters, and survives JSON (plain data)', async () => {
    const data = makeData(8, 60, 4, 'multiclass', 3);
    const { model } = await fitLinear(data, { train: range(60) }, LINEAR_DEFAULTS);
    expect(linearSize(model)).toEqual({ parameters: 3 * 4 + 3, bytes: 15 * 8 });
    expect(() => predictLinear(model, new Float32Array(7), 2)).toThrow(/need 8 values/);
    const copy = JSON.parse(JSON.stringify(model)) as LinearModel;
    expect(predictLinear(copy, data.features, 60)).toEqual(predictLinear(model, data.features, 60));
    expect(structuredClone(model)).toEqual(model);
    const regression = makeData(8, 30, 2, 'regression');
    const ridge = await fitLinear(regression, { train: range(30) }, LINEAR_DEFAULTS);
    expect(linearSize(ridge.model)).toEqual({ parameters: 3, bytes: 24 });
    expect(ridge.model.numClasses).toBe(0);
  });
});
