import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import type { LearnerData } from '../types';
import { fitGbdt, gbdtSize, GBDT_DEFAULTS, predictGbdt, type GbdtModel, type GbdtParams } from './index';
import { accuracy, friedmanTable, noiseTable, quadrantTable, r2, rowsOf, xorTable } from './testData';

const params = (overrides: Partial<GbdtParams> = {}): GbdtParams => ({ ...GBDT_DEFAULTS, ...overrides });
const seed = (n = 7) => createRng(n);

/** Walks the model's tree t and calls visit(node, depth) for every node. */
function walk(model: GbdtModel, t: number, visit: (node: number, depth: number) => void): void {
  const stack: [number, number][] = [[model.treeRoots[t]!, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    visit(node, depth);
    if (model.feature[node]! >= 0) stack.push([model.left[node]!, depth + 1], [model.left[node]! + 1, depth + 1]);
  }
}

describe('fitGbdt learns known functions', () => {
  it('an axis-aligned XOR, to nearly 100 % on held-out rows', async () => {
    const { data, train, test } = xorTable(2000);
    const { model, steps } = await fitGbdt(data, { train }, params(), seed());
    expect(steps).toBe(100);
    const p = predictGbdt(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length * 2);
    expect(accuracy(p, data.targets, test, 2)).toBeGreaterThan(0.98);
    for (let i = 0; i < test.length; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 6);
  });

  it('Friedman #1 regression to a good R², far beyond a constant', async () => {
    const { data, train, test } = friedmanTable(2400);
    const { model } = await fitGbdt(data, { train }, params(), seed());
    const p = predictGbdt(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length);
    expect(r2(p, data.targets, test)).toBeGreaterThan(0.85);
    // The base score alone is the training mean: R² about 0.
    const constant = await fitGbdt(data, { train }, params({ maxRounds: 1, learningRate: 1e-9 }), seed());
    expect(Math.abs(r2(predictGbdt(constant.model, rowsOf(data, test), test.length), data.targets, test))).toBeLessThan(0.02);
  });

  it('four classes with softmax, one tree per class per round', async () => {
    const { data, train, test } = quadrantTable(2000);
    const { model, steps } = await fitGbdt(data, { train }, params({ maxRounds: 40 }), seed());
    expect(model.treesPerRound).toBe(4);
    expect(model.treeRoots.length).toBe(4 * steps);
    const p = predictGbdt(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length * 4);
    expect(accuracy(p, data.targets, test, 4)).toBeGreaterThan(0.97);
    for (let i = 0; i < test.length; i++) expect(p[4 * i]! + p[4 * i + 1]! + p[4 * i + 2]! + p[4 * i + 3]!).toBeCloseTo(1, 5);
  });

  it('starts from the prior: log-odds for binary, the mean for regression', async () => {
    const { data, train } = xorTable(400);
    const positives = train.filter((r) => data.targets[r] === 1).length / train.length;
    const { model } = await fitGbdt(data, { train }, params({ maxRounds: 1 }), seed());
    expect(model.baseScores[0]).toBeCloseTo(Math.log(positives / (1 - positives)), 10);
    const reg = friedmanTable(400);
    const fitted = await fitGbdt(reg.data, { train: reg.train }, params({ maxRounds: 1 }), seed());
    expect(fitted.model.baseScores[0]).toBeCloseTo(reg.train.reduce((s, r) => s + reg.data.targets[r]!, 0) / reg.train.length, 4);
  });
});

describe('missing values', () => {
  it('learns where NaN goes at each split', async () => {
    // Label 1 when x0 is missing or below 0.3: one split, x0 ≤ 0.3 with missing values sent left, separates them.
    const rng = createRng(11);
    const n = 1600;
    const features = new Float32Array(n * 3);
    const targets = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const missing = rng.next() < 0.3;
      features[i * 3] = missing ? NaN : rng.next();
      features[i * 3 + 1] = rng.next();
      features[i * 3 + 2] = rng.next();
      targets[i] = missing || features[i * 3]! < 0.3 ? 1 : 0;
    }
    const data: LearnerData = { features, numFeatures: 3, targets, task: 'binary', numClasses: 2 };
    const train = Array.from({ length: 1200 }, (_, i) => i);
    const test = Array.from({ length: 400 }, (_, i) => 1200 + i);
    const { model } = await fitGbdt(data, { train }, params({ maxRounds: 30 }), seed());
    expect(accuracy(predictGbdt(model, rowsOf(data, test), test.length), targets, test, 2)).toBeGreaterThan(0.99);
    // The first tree's root is that split.
    const root = model.treeRoots[0]!;
    expect([model.feature[root], model.missingLeft[root]]).toEqual([0, 1]);
    expect(model.threshold[root]).toBeCloseTo(0.3, 1);
    const p = predictGbdt(model, Float32Array.of(NaN, 0.5, 0.5, 0.2, 0.5, 0.5, 0.8, 0.5, 0.5), 3);
    expect([p[1]! > 0.9, p[3]! > 0.9, p[5]! < 0.1]).toEqual([true, true, true]);
    const nanSplits = Array.from(model.feature).filter((f, node) => f === 0 && model.missingLeft[node] === 1).length;
    expect(nanSplits).toBeGreaterThan(0);
  });

  it('predicts NaN in a column that had none in training, and skips constant columns', async () => {
    const { data, train } = xorTable(800, 5, 0);
    // A third, constant column.
    const features = new Float32Array(800 * 3);
    for (let i = 0; i < 800; i++) features.set([data.features[2 * i]!, data.features[2 * i + 1]!, 4], 3 * i);
    const wide: LearnerData = { ...data, features, numFeatures: 3 };
    const { model } = await fitGbdt(wide, { train }, params({ maxRounds: 20 }), seed());
    expect(Array.from(model.feature)).not.toContain(2);
    const p = predictGbdt(model, Float32Array.of(NaN, NaN, NaN, 0.5, NaN, 4), 2);
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('early stopping and hooks', () => {
  it('stops on the validation loss, keeps the best round, and steps says so', async () => {
    const { data, train, test } = noiseTable(1200);
    const losses: number[] = [];
    const steps: number[] = [];
    const fitted = await fitGbdt(data, { train, validation: test }, params({ maxRounds: 200, earlyStoppingRounds: 5 }), seed(), {
      evaluateEvery: 1,
      onEvaluation: (step, _trainLoss, outputs) => {
        steps.push(step);
        let loss = 0;
        test.forEach((row, i) => (loss -= Math.log(outputs![2 * i + data.targets[row]!]!)));
        losses.push(loss / test.length);
      },
    });
    // Every round reported, then one last report of the round kept.
    const rounds = steps.length - 1;
    expect(steps.slice(0, rounds)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(rounds).toBeLessThan(200);
    expect(fitted.steps).toBeLessThan(rounds);
    expect(rounds - fitted.steps).toBe(5);
    expect(steps[rounds]).toBe(fitted.steps);
    expect(fitted.model.rounds).toBe(fitted.steps);
    expect(fitted.model.treeRoots.length).toBe(fitted.steps);
    if (fitted.steps > 0) {
      expect(losses[rounds]).toBeCloseTo(losses[fitted.steps - 1]!, 6);
      expect(Math.min(...losses.slice(0, rounds))).toBeCloseTo(losses[fitted.steps - 1]!, 6);
    }
  });

  it('trains every round without validation, and earlyStoppingRounds 0 never stops', async () => {
    const { data, train, test } = noiseTable(600);
    expect((await fitGbdt(data, { train }, params({ maxRounds: 35 }), seed())).steps).toBe(35);
    expect((await fitGbdt(data, { train, validation: test }, params({ maxRounds: 35, earlyStoppingRounds: 0 }), seed())).steps).toBe(35);
  });

  it('reports every evaluateEvery rounds, awaits checkpoint there, and honours stop', async () => {
    const { data, train, test } = xorTable(600);
    const reported: number[] = [];
    let checkpoints = 0;
    const fitted = await fitGbdt(data, { train, validation: test }, params({ maxRounds: 100, earlyStoppingRounds: 0 }), seed(), {
      evaluateEvery: 4,
      onEvaluation: (step, trainLoss, outputs) => {
        reported.push(step);
        expect(trainLoss).toBeGreaterThan(0);
        expect(outputs!.length).toBe(test.length * 2);
        return step === 12 ? 'stop' : undefined;
      },
      checkpoint: async () => {
        checkpoints++;
      },
    });
    expect(reported).toEqual([4, 8, 12]);
    expect(checkpoints).toBe(3);
    expect(fitted.steps).toBe(12);
    expect(fitted.model.treeRoots.length).toBe(12);
  });

  it('reports the training loss falling', async () => {
    const { data, train } = friedmanTable(600);
    const trainLosses: number[] = [];
    await fitGbdt(data, { train }, params({ maxRounds: 30 }), seed(), {
      onEvaluation: (_s, loss, outputs) => {
        trainLosses.push(loss);
        expect(outputs).toBeNull();
      },
    });
    expect(trainLosses.length).toBe(3);
    expect(trainLosses[2]!).toBeLessThan(trainLosses[0]!);
  });
});

describe('predictGbdt agrees with the training-time validation outputs', () => {
  const cases: [string, () => { data: LearnerData; train: number[]; test: number[] }, Partial<GbdtParams>][] = [
    ['binary', () => xorTable(900), { maxRounds: 25 }],
    ['multi-class', () => quadrantTable(900), { maxRounds: 25, rowFraction: 0.7, featureFraction: 0.5 }],
    ['regression', () => friedmanTable(900), { maxRounds: 25, rowFraction: 0.5 }],
    ['binary, cut back by early stopping', () => noiseTable(900), { maxRounds: 200, earlyStoppingRounds: 3 }],
  ];
  it.each(cases)('%s', async (_name, make, overrides) => {
    const { data, train, test } = make();
    let last: Float32Array | null = null;
    const fitted = await fitGbdt(data, { train, validation: test }, params(overrides), seed(), { evaluateEvery: 10, onEvaluation: (_s, _l, outputs) => void (last = outputs) });
    expect(last).not.toBeNull();
    expect(predictGbdt(fitted.model, rowsOf(data, test), test.length)).toEqual(last);
  });
});

describe('determinism and subsampling', () => {
  const sampled = params({ maxRounds: 20, rowFraction: 0.6, featureFraction: 0.5 });

  it('the same seed and data give the same model, bit for bit', async () => {
    const { data, train, test } = friedmanTable(800);
    const a = await fitGbdt(data, { train, validation: test }, sampled, seed(3));
    const b = await fitGbdt(data, { train, validation: test }, sampled, seed(3));
    expect(b.model).toEqual(a.model);
    expect(predictGbdt(b.model, rowsOf(data, test), test.length)).toEqual(predictGbdt(a.model, rowsOf(data, test), test.length));
  });

  it('another seed draws other rows and columns', async () => {
    const { data, train, test } = friedmanTable(800);
    const a = await fitGbdt(data, { train }, sampled, seed(3));
    const b = await fitGbdt(data, { train }, sampled, seed(4));
    expect(predictGbdt(b.model, rowsOf(data, test), test.length)).not.toEqual(predictGbdt(a.model, rowsOf(data, test), test.length));
    // Without subsampling the seed does not matter.
    const c = await fitGbdt(data, { train }, params({ maxRounds: 20 }), seed(3));
    const d = await fitGbdt(data, { train }, params({ maxRounds: 20 }), seed(4));
    expect(d.model).toEqual(c.model);
  });

  it('a tree only splits on the columns drawn for it', async () => {
    const { data, train } = friedmanTable(600);
    const { model } = await fitGbdt(data, { train }, params({ maxRounds: 15, featureFraction: 0.2 }), seed());
    for (let t = 0; t < model.treeRoots.length; t++) {
      const used = new Set<number>();
      walk(model, t, (node) => void (model.feature[node]! >= 0 && used.add(model.feature[node]!)));
      expect(used.size).toBeLessThanOrEqual(2);
    }
  });
});

describe('tree shape limits', () => {
  it('maxLeaves, maxDepth and minSamplesLeaf hold in every tree', async () => {
    const { data, train } = friedmanTable(1000);
    const { model } = await fitGbdt(data, { train }, params({ maxRounds: 10, maxLeaves: 12, maxDepth: 3, minSamplesLeaf: 30 }), seed());
    const X = rowsOf(data, train);
    for (let t = 0; t < model.treeRoots.length; t++) {
      let leaves = 0;
      let deepest = 0;
      walk(model, t, (node, depth) => {
        if (model.feature[node]! < 0) leaves++;
        deepest = Math.max(deepest, depth);
      });
      expect(leaves).toBeLessThanOrEqual(8); // depth 3 allows 8 of the 12
      expect(deepest).toBeLessThanOrEqual(3);
      // Training rows per leaf, routed by the raw thresholds.
      const perLeaf = new Map<number, number>();
      for (let i = 0; i < train.length; i++) {
        let node = model.treeRoots[t]!;
        while (model.feature[node]! >= 0) {
          const x = X[i * data.numFeatures + model.feature[node]!]!;
          node = (x !== x ? model.missingLeft[node] === 1 : x <= model.threshold[node]!) ? model.left[node]! : model.left[node]! + 1;
        }
        perLeaf.set(node, (perLeaf.get(node) ?? 0) + 1);
      }
      for (const count of perLeaf.values()) expect(count).toBeGreaterThanOrEqual(30);
    }
    const full = await fitGbdt(data, { train }, params({ maxRounds: 3, maxLeaves: 12 }), seed());
    for (let t = 0; t < full.model.treeRoots.length; t++) {
      let leaves = 0;
      walk(full.model, t, (node) => void (full.model.feature[node]! < 0 && leaves++));
      expect(leaves).toBe(12);
    }
  });

  it('gbdtSize counts the nodes and the bytes of the arrays', async () => {
    const { data, train } = xorTable(400);
    const { model } = await fitGbdt(data, { train }, params({ maxRounds: 5, maxLeaves: 4 }), seed());
    const size = gbdtSize(model);
    expect(size.nodes).toBe(model.feature.length);
    expect(size.nodes).toBeLessThanOrEqual(5 * 7);
    expect(size.bytes).toBeGreaterThanOrEqual(size.nodes * 21);
    expect(JSON.parse(JSON.stringify({ ...model, feature: Array.from(model.feature) })).kind).toBe('gbdt');
  });
});

describe('resources', () => {
  it('50 fits in a row retain no memory, and each model owns exactly-sized arrays', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { data, train, test } = xorTable(1000, 1, 6);
    const fit = () => fitGbdt(data, { train, validation: test }, params({ maxRounds: 40, earlyStoppingRounds: 0, rowFraction: 0.8 }), seed());
    const used = async () => {
      // Twice, with a turn between: array buffers are freed a collection after their views.
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    };
    for (let i = 0; i < 10; i++) await fit();
    const before = await used();
    let last: GbdtModel | null = null;
    for (let i = 0; i < 50; i++) last = (await fit()).model;
    const after = await used();
    expect(last!.treeRoots.length).toBe(40);
    expect(after - before).toBeLessThan(2 ** 20);
    for (const array of [last!.feature, last!.threshold, last!.left, last!.value, last!.missingLeft]) expect(array.buffer.byteLength).toBe(array.byteLength);
  });
});

describe('refuses bad input before allocating', () => {
  const { data, train } = xorTable(100);
  it.each([
    [{ maxLeaves: 5000 }, /maxLeaves/],
    [{ maxLeaves: 1 }, /maxLeaves/],
    [{ maxRounds: 100_001 }, /maxRounds/],
    [{ maxBins: 256 }, /maxBins/],
    [{ learningRate: 0 }, /learningRate/],
    [{ featureFraction: 0 }, /featureFraction/],
    [{ rowFraction: 1.5 }, /rowFraction/],
    [{ minSamplesLeaf: 0.5 }, /minSamplesLeaf/],
    [{ l2: NaN }, /l2/],
    [{ earlyStoppingRounds: -1 }, /earlyStoppingRounds/],
  ] as [Partial<GbdtParams>, RegExp][])('params %o', async (overrides, message) => {
    await expect(fitGbdt(data, { train }, params(overrides), seed())).rejects.toThrow(message);
  });

  it('bad rows, targets and shapes', async () => {
    await expect(fitGbdt(data, { train: [0, 100] }, params(), seed())).rejects.toThrow(/row index below 100/);
    await expect(fitGbdt(data, { train: [] }, params(), seed())).rejects.toThrow(/no training rows/);
    await expect(fitGbdt({ ...data, targets: new Float32Array(100).fill(2) }, { train }, params(), seed())).rejects.toThrow(/class index/);
    await expect(fitGbdt({ ...data, numFeatures: 3 }, { train }, params(), seed())).rejects.toThrow(/whole rows/);
    await expect(fitGbdt({ ...data, task: 'regression', targets: new Float32Array(100).fill(Infinity) }, { train }, params(), seed())).rejects.toThrow(/finite/);
  });

  it('a fit too large to train', async () => {
    // 2^20 rows of 1 feature, 200 classes: float64 scores and float32 gradients per class alone pass 2 GiB.
    const n = 2 ** 20;
    const many: LearnerData = { features: new Float32Array(n), numFeatures: 1, targets: new Float32Array(n), task: 'multiclass', numClasses: 200 };
    await expect(fitGbdt(many, { train: Array.from({ length: n }, (_, i) => i) }, params(), seed())).rejects.toThrow(/MiB to train, more than the 2048 MiB allowed/);
  });
});
