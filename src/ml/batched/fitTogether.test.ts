/**
 * K models trained together give what each gives trained alone with ml/train.ts's `fit`: the same per-epoch
 * training and validation losses (to 1e-5) and the same final weights (to 1e-5), with different learning
 * rates, initial weights and shuffle orders per model, and the trained Layers models predict the same; stopping one model leaves the others unchanged; no
 * tensor leaks. On the cpu backend and, with the routed matMul, on the real WASM backend under Node.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import type { TaskKind } from '../../data/types';
import { denseSpec, type ModelSpec } from '../../protocol/training';
import { buildModel } from '../buildModel';
import { setWasmMatMulRouting } from '../kernels/wasmMatMul';
import { createOptimizer, disposeOptimizer } from '../model';
import { fit, type RunTensors } from '../train';
import { fitTogether, groupProblem } from './fitTogether';

const TOLERANCE = 1e-5;
const FEATURES = 6;

interface Trace {
  losses: number[];
  valLosses: number[];
  weights: Float32Array[];
  /** The trained Layers model's own predictions (its fused Dense kernels read the written-back weights). */
  outputs: Float32Array;
}

function makeRun(task: TaskKind, rows: number, classes: number): RunTensors {
  const rng = createRng(99);
  const x = Float32Array.from({ length: rows * FEATURES }, () => rng.next() * 2 - 1);
  // A learnable target: a class (or value) from a fixed linear score of the features.
  const score = (r: number) => x.slice(r * FEATURES, (r + 1) * FEATURES).reduce((s, v, j) => s + v * (j - 2.5), 0);
  const targets = Float32Array.from({ length: rows }, (_, r) => (task === 'regression' ? score(r) : Math.min(classes - 1, Math.max(0, Math.floor(score(r) + classes / 2)))));
  const evalRows = Math.floor(rows / 3);
  const trainRows = rows - evalRows;
  const y = (from: number, n: number) =>
    task === 'regression'
      ? tf.tensor2d(targets.slice(from, from + n), [n, 1])
      : tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(targets.slice(from, from + n)), 'int32'), classes).toFloat() as tf.Tensor2D);
  return {
    xTrain: tf.tensor2d(x.slice(0, trainRows * FEATURES), [trainRows, FEATURES]),
    yTrain: y(0, trainRows),
    xEval: tf.tensor2d(x.slice(trainRows * FEATURES), [evalRows, FEATURES]),
    yEval: y(trainRows, evalRows),
    input: { kind: 'table', features: FEATURES },
    targetScale: { mean: 0, std: 1 },
    evalTargets: targets.slice(trainRows),
    scaler: { mean: new Float64Array(0), std: new Float64Array(0) },
  } as RunTensors;
}

const specFor = (learningRate: number, overrides: Partial<ModelSpec> = {}): ModelSpec =>
  denseSpec({
    hidden: [
      { units: 16, activation: 'relu', dropout: 0 },
      { units: 8, activation: 'tanh', dropout: 0 },
    ],
    optimizer: 'adam',
    learningRate,
    batchSize: 32, // 100 training rows: the last batch of each epoch is partial
    epochs: 5,
    ...overrides,
  });

const shapeOf = (task: TaskKind, classes: number) => ({ inputSize: FEATURES, task, numClasses: classes });

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data())));
}

async function outputsOf(model: tf.LayersModel, run: RunTensors): Promise<Float32Array> {
  const outputs = model.predict(run.xEval) as tf.Tensor;
  const values = (await outputs.data()) as Float32Array;
  outputs.dispose();
  return values;
}

async function alone(spec: ModelSpec, seed: number, run: RunTensors, task: TaskKind, classes: number, stopAfter?: number): Promise<Trace> {
  const rng = createRng(seed);
  const model = buildModel(spec, shapeOf(task, classes), rng);
  const optimizer = createOptimizer(spec);
  const trace: Trace = { losses: [], valLosses: [], weights: [], outputs: new Float32Array(0) };
  await fit(model, run, {
    spec,
    optimizer,
    task,
    rng: rng.fork('shuffle'),
    classWeights: null,
    evaluateEachEpoch: true,
    onEpoch: (epoch, loss, evaluation) => {
      trace.losses.push(loss);
      trace.valLosses.push(evaluation!['loss']!);
      return stopAfter !== undefined && epoch + 1 >= stopAfter ? 'stop' : undefined;
    },
    checkpoint: async () => {},
  });
  trace.weights = await weightsOf(model);
  trace.outputs = await outputsOf(model, run);
  model.dispose();
  disposeOptimizer(optimizer);
  return trace;
}

async function together(specs: ModelSpec[], seeds: number[], run: RunTensors, task: TaskKind, classes: number, stopAfter: (k: number) => number | undefined): Promise<Trace[]> {
  const rngs = seeds.map((s) => createRng(s));
  const members = specs.map((spec, k) => ({ spec, model: buildModel(spec, shapeOf(task, classes), rngs[k]!), rng: rngs[k]!.fork('shuffle') }));
  expect(groupProblem(members, task)).toBeNull();
  const traces: Trace[] = specs.map(() => ({ losses: [], valLosses: [], weights: [], outputs: new Float32Array(0) }));
  const outcomes = await fitTogether(members, run, {
    task,
    classWeights: null,
    evaluateEachEpoch: true,
    onEpoch: (k, epoch, loss, evaluation) => {
      traces[k]!.losses.push(loss);
      traces[k]!.valLosses.push(evaluation!['loss']!);
      const stop = stopAfter(k);
      return stop !== undefined && epoch + 1 >= stop ? 'stop' : undefined;
    },
    checkpoint: async () => {},
  });
  for (const [k, member] of members.entries()) {
    expect(outcomes[k]!.epochsRun).toBe(traces[k]!.losses.length);
    traces[k]!.weights = await weightsOf(member.model);
    traces[k]!.outputs = await outputsOf(member.model, run);
    member.model.dispose();
  }
  return traces;
}

function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

async function expectSameAsAlone(task: TaskKind, classes: number, stopAfter: (k: number) => number | undefined = () => undefined) {
  const run = makeRun(task, 150, classes);
  const rates = [0.003, 0.01, 0.001, 0.02];
  const seeds = [1, 2, 3, 4];
  const specs = rates.map((r) => specFor(r));
  const before = tf.memory().numTensors;
  const grouped = await together(specs, seeds, run, task, classes, stopAfter);
  expect(tf.memory().numTensors).toBe(before);
  let worst = 0;
  for (const [k, spec] of specs.entries()) {
    const solo = await alone(spec, seeds[k]!, run, task, classes, stopAfter(k));
    expect(grouped[k]!.losses.length).toBe(solo.losses.length);
    worst = Math.max(worst, worstDifference(grouped[k]!.losses, solo.losses), worstDifference(grouped[k]!.valLosses, solo.valLosses));
    solo.weights.forEach((w, i) => (worst = Math.max(worst, worstDifference(grouped[k]!.weights[i]!, w))));
    worst = Math.max(worst, worstDifference(grouped[k]!.outputs, solo.outputs));
  }
  tf.dispose([run.xTrain, run.yTrain, run.xEval, run.yEval]);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
  return worst;
}

describe.each(['cpu', 'wasm'])('models trained together on %s', (backend) => {
  afterAll(() => setWasmMatMulRouting(false));

  it('match training each alone (classification, 4 models, own rates, seeds and orders)', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    setWasmMatMulRouting(true);
    await expectSameAsAlone('multiclass', 3);
  });

  it('match training each alone (regression)', async () => {
    await tf.setBackend(backend);
    await expectSameAsAlone('regression', 1);
  });

  it('stop one model without disturbing the others', async () => {
    await tf.setBackend(backend);
    await expectSameAsAlone('multiclass', 3, (k) => (k === 1 ? 2 : k === 3 ? 4 : undefined));
  });
});

describe('groupProblem', () => {
  it('names what cannot be trained together', async () => {
    await tf.setBackend('cpu');
    const rng = createRng(5);
    const plain = specFor(0.01);
    const withDropout = specFor(0.01, { hidden: [{ units: 16, activation: 'relu', dropout: 0.2 }] });
    const sgd = specFor(0.01, { optimizer: 'sgd' });
    const model = (spec: ModelSpec) => buildModel(spec, shapeOf('multiclass', 3), rng);
    const cases = [withDropout, sgd, specFor(0.01, { batchSize: 16 })].map((spec) => [{ spec: plain, model: model(plain) }, { spec, model: model(spec) }]);
    const problems = cases.map((members) => groupProblem(members, 'multiclass'));
    expect(problems[0]).toMatch(/dropout/);
    expect(problems[1]).toMatch(/optimizer sgd/);
    expect(problems[2]).toMatch(/batch size/);
    cases.flat().forEach((m) => m.model.dispose());
  });
});
