import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { accuracy, friedmanTable, quadrantTable, r2, rowsOf, xorTable } from '../gbdt/testData';
import type { LearnerData } from '../types';
import { checkForestParams, fitForest, FOREST_DEFAULTS, forestSize, predictForest, type ForestModel, type ForestParams } from './index';
import { columnsPerNode } from './params';

const params = (overrides: Partial<ForestParams> = {}): ForestParams => ({ ...FOREST_DEFAULTS, ...overrides });
const extra = (overrides: Partial<ForestParams> = {}): ForestParams => params({ splitter: 'random', bootstrap: false, ...overrides });
const seed = (n = 7) => createRng(n);

/** Walks the model's tree t and calls visit(node, depth) for every node. */
function walk(model: ForestModel, t: number, visit: (node: number, depth: number) => void): void {
  const stack: [number, number][] = [[model.treeRoots[t]!, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    visit(node, depth);
    if (model.feature[node]! >= 0) stack.push([model.left[node]!, depth + 1], [model.left[node]! + 1, depth + 1]);
  }
}

/** Label 1 when x0 is missing or below 0.3, with 30 % of x0 missing and two noise columns. */
function missingTable(n = 1600): { data: LearnerData; train: number[]; test: number[] } {
  const rng = createRng(11);
  const features = new Float32Array(n * 3);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const missing = rng.next() < 0.3;
    features[i * 3] = missing ? NaN : rng.next();
    features[i * 3 + 1] = rng.next();
    features[i * 3 + 2] = rng.next();
    targets[i] = missing || features[i * 3]! < 0.3 ? 1 : 0;
  }
  const cut = Math.floor(n * 0.75);
  return {
    data: { features, numFeatures: 3, targets, task: 'binary', numClasses: 2 },
    train: Array.from({ length: cut }, (_, i) => i),
    test: Array.from({ length: n - cut }, (_, i) => cut + i),
  };
}

describe.each([
  ['random forest', params],
  ['extra trees', extra],
])('%s learns known functions', (_name, make) => {
  it('an axis-aligned XOR, to nearly 100 % on held-out rows, probabilities summing to 1', async () => {
    const { data, train, test } = xorTable(2000);
    const { model, steps } = await fitForest(data, { train }, make(), seed());
    expect(steps).toBe(100);
    expect(model.trees).toBe(100);
    const p = predictForest(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length * 2);
    expect(accuracy(p, data.targets, test, 2)).toBeGreaterThan(0.97);
    for (let i = 0; i < test.length; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 5);
  });

  it('Friedman #1 regression to a good R²', async () => {
    const { data, train, test } = friedmanTable(2400);
    const { model } = await fitForest(data, { train }, make({ trees: 60 }), seed());
    const p = predictForest(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length);
    expect(r2(p, data.targets, test)).toBeGreaterThan(0.8);
    // All columns per split does at least as well on a table where half the columns matter.
    const all = await fitForest(data, { train }, make({ trees: 60, maxFeatures: 1 }), seed());
    expect(r2(predictForest(all.model, rowsOf(data, test), test.length), data.targets, test)).toBeGreaterThan(0.85);
  });

  it('four classes, probabilities per class summing to 1', async () => {
    const { data, train, test } = quadrantTable(2000);
    const { model } = await fitForest(data, { train }, make({ trees: 40 }), seed());
    const p = predictForest(model, rowsOf(data, test), test.length);
    expect(p.length).toBe(test.length * 4);
    expect(accuracy(p, data.targets, test, 4)).toBeGreaterThan(0.97);
    for (let i = 0; i < test.length; i++) expect(p[4 * i]! + p[4 * i + 1]! + p[4 * i + 2]! + p[4 * i + 3]!).toBeCloseTo(1, 5);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('learns where NaN goes', async () => {
    const { data, train, test } = missingTable();
    const { model } = await fitForest(data, { train }, make({ trees: 30, maxFeatures: 1 }), seed());
    expect(accuracy(predictForest(model, rowsOf(data, test), test.length), data.targets, test, 2)).toBeGreaterThan(0.97);
    const p = predictForest(model, Float32Array.of(NaN, 0.5, 0.5, 0.1, 0.5, 0.5, 0.8, 0.5, 0.5), 3);
    expect([p[1]! > 0.8, p[3]! > 0.8, p[5]! < 0.2]).toEqual([true, true, true]);
    expect(Array.from(model.missingLeft).some((m, node) => m === 1 && model.feature[node] === 0)).toBe(true);
  });
});

describe('tree shapes', () => {
  it('fully grown trees fit their bootstrap sample: training accuracy near 100 %', async () => {
    const { data, train } = xorTable(800, 3, 4);
    const { model } = await fitForest(data, { train }, params({ trees: 20 }), seed());
    expect(accuracy(predictForest(model, rowsOf(data, train), train.length), data.targets, train, 2)).toBeGreaterThan(0.97);
  });

  it('maxDepth and minSamplesLeaf hold in every tree, and leaves are probability vectors', async () => {
    const { data, train } = friedmanTable(1000);
    const { model } = await fitForest(data, { train }, params({ trees: 10, maxDepth: 4, minSamplesLeaf: 25, bootstrap: false }), seed());
    const X = rowsOf(data, train);
    for (let t = 0; t < model.trees; t++) {
      let deepest = 0;
      walk(model, t, (_node, depth) => void (deepest = Math.max(deepest, depth)));
      expect(deepest).toBeLessThanOrEqual(4);
      const perLeaf = new Map<number, number>();
      for (let i = 0; i < train.length; i++) {
        let node = model.treeRoots[t]!;
        while (model.feature[node]! >= 0) {
          const x = X[i * data.numFeatures + model.feature[node]!]!;
          node = (x !== x ? model.missingLeft[node] === 1 : x <= model.threshold[node]!) ? model.left[node]! : model.left[node]! + 1;
        }
        perLeaf.set(node, (perLeaf.get(node) ?? 0) + 1);
      }
      for (const count of perLeaf.values()) expect(count).toBeGreaterThanOrEqual(25);
    }
    const cls = quadrantTable(600);
    const fitted = await fitForest(cls.data, { train: cls.train }, params({ trees: 3 }), seed());
    const leaves = fitted.model.leafValues;
    expect(leaves.length % 4).toBe(0);
    for (let l = 0; l < leaves.length / 4; l++) expect(leaves[4 * l]! + leaves[4 * l + 1]! + leaves[4 * l + 2]! + leaves[4 * l + 3]!).toBeCloseTo(1, 5);
  });

  it("'sqrt' tries ceil(√columns) per node, a fraction floor(f × columns), at least one", () => {
    expect([columnsPerNode('sqrt', 20), columnsPerNode('sqrt', 2), columnsPerNode('sqrt', 1), columnsPerNode('sqrt', 0)]).toEqual([5, 2, 1, 0]);
    expect([columnsPerNode(1, 7), columnsPerNode(0.5, 7), columnsPerNode(0.01, 7)]).toEqual([7, 3, 1]);
  });

  it('predicts NaN in a column that had none in training, and skips constant columns', async () => {
    const { data, train } = xorTable(800, 5, 0);
    const features = new Float32Array(800 * 3);
    for (let i = 0; i < 800; i++) features.set([data.features[2 * i]!, data.features[2 * i + 1]!, 4], 3 * i);
    const { model } = await fitForest({ ...data, features, numFeatures: 3 }, { train }, params({ trees: 10 }), seed());
    expect(Array.from(model.feature)).not.toContain(2);
    const p = predictForest(model, Float32Array.of(NaN, NaN, NaN, 0.5, NaN, 4), 2);
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 5);
  });

  it('a table of constant columns gives one-leaf trees predicting the class frequencies', async () => {
    const n = 100;
    const data: LearnerData = { features: new Float32Array(n).fill(1), numFeatures: 1, targets: Float32Array.from({ length: n }, (_, i) => (i < 30 ? 1 : 0)), task: 'binary', numClasses: 2 };
    const { model } = await fitForest(data, { train: Array.from({ length: n }, (_, i) => i) }, params({ trees: 5, bootstrap: false }), seed());
    expect(forestSize(model).nodes).toBe(5);
    const p = predictForest(model, Float32Array.of(1), 1);
    expect(p[1]).toBeCloseTo(0.3, 6);
  });

  it('forestSize counts the nodes and the bytes of the arrays; the model survives structured cloning', async () => {
    const { data, train } = xorTable(400);
    const { model } = await fitForest(data, { train }, params({ trees: 5 }), seed());
    const size = forestSize(model);
    expect(size.nodes).toBe(model.feature.length);
    // Each tree has at most 2 × its rows − 1 nodes.
    expect(size.nodes).toBeLessThanOrEqual(5 * (2 * train.length - 1));
    expect(size.bytes).toBe(model.treeRoots.byteLength + size.nodes * 13 + model.leafValues.byteLength);
    const copy = structuredClone(model);
    expect(predictForest(copy, rowsOf(data, train), train.length)).toEqual(predictForest(model, rowsOf(data, train), train.length));
  });
});

describe('determinism', () => {
  it.each([
    ['random forest', params({ trees: 15 })],
    ['extra trees', extra({ trees: 15 })],
  ])('%s: the same seed and data give the same model bit for bit, another seed another forest', async (_name, p) => {
    const { data, train, test } = friedmanTable(800);
    const a = await fitForest(data, { train, validation: test }, p, seed(3));
    const b = await fitForest(data, { train, validation: test }, p, seed(3));
    expect(b.model).toEqual(a.model);
    const c = await fitForest(data, { train }, p, seed(4));
    expect(c.model).not.toEqual(a.model);
    expect(predictForest(c.model, rowsOf(data, test), test.length)).not.toEqual(predictForest(a.model, rowsOf(data, test), test.length));
  });
});

describe('hooks', () => {
  it('reports every evaluateEvery trees, awaits checkpoint there, and honours stop', async () => {
    const { data, train, test } = xorTable(600);
    const reported: number[] = [];
    const losses: number[] = [];
    let checkpoints = 0;
    let pending = false;
    const fitted = await fitForest(data, { train, validation: test }, params(), seed(), {
      evaluateEvery: 4,
      onEvaluation: (step, trainLoss, outputs) => {
        expect(pending).toBe(false);
        reported.push(step);
        losses.push(trainLoss);
        expect(outputs!.length).toBe(test.length * 2);
        return step === 12 ? 'stop' : undefined;
      },
      checkpoint: async () => {
        pending = true;
        await new Promise((resolve) => setTimeout(resolve, 1));
        pending = false;
        checkpoints++;
      },
    });
    expect(reported).toEqual([4, 8, 12]);
    expect(checkpoints).toBe(3);
    expect(fitted.steps).toBe(12);
    expect(fitted.model.trees).toBe(12);
    // Out-of-bag log loss: positive, finite, and falling as trees are added.
    for (const loss of losses) expect(loss > 0 && Number.isFinite(loss)).toBe(true);
    expect(losses[2]!).toBeLessThan(losses[0]!);
  });

  it('the reported validation outputs are the returned forest’s predictions, with a last report of its size', async () => {
    const cases: [() => { data: LearnerData; train: number[]; test: number[] }, ForestParams][] = [
      [() => xorTable(700), params({ trees: 25 })],
      [() => quadrantTable(700), extra({ trees: 23 })],
      [() => friedmanTable(700), params({ trees: 13, maxFeatures: 0.5 })],
    ];
    for (const [make, p] of cases) {
      const { data, train, test } = make();
      const steps: number[] = [];
      let last: Float32Array | null = null;
      const fitted = await fitForest(data, { train, validation: test }, p, seed(), {
        onEvaluation: (step, trainLoss, outputs) => {
          steps.push(step);
          expect(Number.isFinite(trainLoss)).toBe(true);
          last = outputs;
        },
      });
      expect(steps).toEqual([...Array.from({ length: Math.floor(p.trees / 10) }, (_, i) => 10 * (i + 1)), ...(p.trees % 10 === 0 ? [] : [p.trees])]);
      expect(predictForest(fitted.model, rowsOf(data, test), test.length)).toEqual(last);
    }
  });

  it('without validation rows the outputs are null; without bootstrap the loss is in-bag', async () => {
    const { data, train } = friedmanTable(600);
    const losses: number[] = [];
    await fitForest(data, { train }, extra({ trees: 20 }), seed(), {
      onEvaluation: (_s, loss, outputs) => {
        losses.push(loss);
        expect(outputs).toBeNull();
      },
    });
    expect(losses.length).toBe(2);
    // Fully grown trees on every row reproduce the training targets.
    expect(losses[1]!).toBeLessThan(1e-6);
  });
});

describe('resources', () => {
  it('50 fits in a row retain no memory, and each model owns exactly-sized arrays', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { data, train, test } = xorTable(1000, 1, 6);
    const fit = () => fitForest(data, { train, validation: test }, params({ trees: 10 }), seed(), { onEvaluation: () => undefined });
    const used = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    };
    for (let i = 0; i < 10; i++) await fit();
    const before = await used();
    let last: ForestModel | null = null;
    for (let i = 0; i < 50; i++) last = (await fit()).model;
    const after = await used();
    expect(last!.trees).toBe(10);
    expect(after - before).toBeLessThan(2 ** 20);
    for (const array of [last!.feature, last!.threshold, last!.left, last!.leafValues, last!.missingLeft]) expect(array.buffer.byteLength).toBe(array.byteLength);
  });
});

describe('refuses bad input before allocating', () => {
  const { data, train } = xorTable(100);
  it.each([
    [{ trees: 0 }, /trees/],
    [{ trees: 2001 }, /trees/],
    [{ trees: 1.5 }, /trees/],
    [{ splitter: 'greedy' }, /splitter/],
    [{ maxFeatures: 0 }, /maxFeatures/],
    [{ maxFeatures: 1.5 }, /maxFeatures/],
    [{ maxFeatures: 'log2' }, /maxFeatures/],
    [{ bootstrap: 1 }, /bootstrap/],
    [{ minSamplesLeaf: 0 }, /minSamplesLeaf/],
    [{ maxDepth: 65 }, /maxDepth/],
    [{ maxDepth: -1 }, /maxDepth/],
    [{ maxBins: 256 }, /maxBins/],
    [{ maxBins: 1 }, /maxBins/],
  ] as [Partial<ForestParams>, RegExp][])('params %o', async (overrides, message) => {
    expect(() => checkForestParams(params(overrides))).toThrow(message);
    await expect(fitForest(data, { train }, params(overrides), seed())).rejects.toThrow(message);
  });

  it('accepts the defaults', () => {
    expect(() => checkForestParams(params())).not.toThrow();
    expect(Object.isFrozen(FOREST_DEFAULTS)).toBe(true);
  });

  it('bad rows, targets and shapes', async () => {
    await expect(fitForest(data, { train: [0, 100] }, params(), seed())).rejects.toThrow(/row index below 100/);
    await expect(fitForest(data, { train: [] }, params(), seed())).rejects.toThrow(/no training rows/);
    await expect(fitForest({ ...data, targets: new Float32Array(100).fill(2) }, { train }, params(), seed())).rejects.toThrow(/class index/);
    await expect(fitForest({ ...data, numFeatures: 3 }, { train }, params(), seed())).rejects.toThrow(/whole rows/);
    await expect(fitForest({ ...data, task: 'regression', targets: new Float32Array(100).fill(Infinity) }, { train }, params(), seed())).rejects.toThrow(/finite/);
  });

  it('a fit too large to train, with a message naming rows × features', async () => {
    // 2^22 rows × 1 feature of a 300-class task: the grower's leaf outputs and the report sums pass 2 GiB.
    const n = 2 ** 22;
    const many: LearnerData = { features: new Float32Array(n), numFeatures: 1, targets: new Float32Array(n), task: 'multiclass', numClasses: 300 };
    await expect(fitForest(many, { train: Array.from({ length: n }, (_, i) => i) }, params(), seed())).rejects.toThrow(/4,194,304 training rows × 1 features .* MiB to train, more than the 2048 MiB allowed/);
  });
});
