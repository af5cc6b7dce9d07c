/**
 * Measures training throughput (samples/s) of a reference dense network on the active backend. The backend
 * probe uses it to pick the fastest backend, `npm run bench` to report figures, and `npm run
 * bench:throughput` to compare ways of training: `model.fit`, our loop with and without the routed WASM
 * matMul, and K models trained together (src/ml/batched).
 */
import { denseSpec } from '../protocol/training';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../engine/study/rng';
import { buildDenseModel, createOptimizer, disposeOptimizer, trainableVariables } from './model';
import { categoricalCrossEntropy } from './losses';
import { trainStep } from './train';
import { setWasmMatMulRouting, wasmMatMulRouting } from './kernels/wasmMatMul';
import { createGroupStep } from './batched/groupStep';
import { StackedAdam } from './batched/stackedAdam';
import { StackedMlp } from './batched/stackedMlp';
import type { BatchedThroughputSpec, ThroughputResult, ThroughputSpec } from '../protocol/messages';

const WARM_UP_STEPS = 3;

export interface MeasureOptions {
  /** Stop a repeat early once it has run this long, so a slow backend cannot stall the probe. */
  readonly maxMillisPerRepeat?: number;
  /**
   * Keep warming up for at least this long before timing. V8 first runs WebAssembly through its baseline
   * compiler and swaps in optimised code seconds later; here the reference MLP's WASM throughput rose from
   * about 15k to 75–85k samples/s over the first few seconds, so benchmarks warm up, probes need not.
   */
  readonly warmUpMillis?: number;
}

const referenceSpec = (spec: ThroughputSpec) =>
  denseSpec({ hidden: [{ units: spec.hiddenUnits, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 1e-3, batchSize: spec.batchSize, epochs: 1 });

const referenceModel = (spec: ThroughputSpec, seed: number) =>
  buildDenseModel(referenceSpec(spec), { inputSize: spec.inputSize, task: 'multiclass', numClasses: spec.outputSize }, createRng(seed));

/** Random inputs and one-hot targets of `rows` rows, shaped [...lead, rows, width]. */
function syntheticBatch(spec: ThroughputSpec, lead: number[]): [tf.Tensor, tf.Tensor] {
  const x = tf.randomNormal([...lead, spec.batchSize, spec.inputSize], 0, 1, 'float32', 11);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([...lead, spec.batchSize], 0, spec.outputSize, 'int32', 13), spec.outputSize).toFloat());
  return [x, y];
}

/**
 * Warms up, then times `spec.repeats` repeats of `spec.steps` steps; returns samples/s per repeat. Each step
 * returns a tensor that is disposed; the last one is read back, so asynchronous backends are timed honestly.
 */
async function timeSteps(step: () => tf.Tensor, samplesPerStep: number, spec: ThroughputSpec, options: MeasureOptions): Promise<number[]> {
  const results: number[] = [];
  const warmUpUntil = performance.now() + (options.warmUpMillis ?? 0);
  for (let i = 0; i < WARM_UP_STEPS || performance.now() < warmUpUntil; i++) {
    const loss = step();
    await loss.data();
    loss.dispose();
  }
  const budget = options.maxMillisPerRepeat ?? Number.POSITIVE_INFINITY;
  for (let repeat = 0; repeat < spec.repeats; repeat++) {
    const started = performance.now();
    let steps = 0;
    let last: tf.Tensor | null = null;
    while (steps < spec.steps && performance.now() - started < budget) {
      last?.dispose();
      last = step();
      steps++;
    }
    await last!.data();
    last!.dispose();
    results.push((steps * samplesPerStep) / ((performance.now() - started) / 1000));
  }
  return results;
}

/** Our training loop on one reference MLP: samples/s for each repeat. */
export async function measureThroughput(spec: ThroughputSpec, options: MeasureOptions = {}): Promise<number[]> {
  const model = referenceModel(spec, 7);
  const optimizer = createOptimizer(referenceSpec(spec));
  const variables = trainableVariables(model);
  const [x, y] = syntheticBatch(spec, []);
  try {
    return await timeSteps(() => trainStep(model, optimizer, variables, categoricalCrossEntropy, x, y), spec.batchSize, spec, options);
  } finally {
    model.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([x, y]);
  }
}

/** K reference MLPs (different seeds and rates) trained together; aggregate samples/s for each repeat. */
async function measureGroup(spec: BatchedThroughputSpec, options: MeasureOptions): Promise<number[]> {
  const models = Array.from({ length: spec.models }, (_, k) => referenceModel(spec, 7 + k));
  const net = new StackedMlp(models);
  models.forEach((m) => m.dispose());
  const optimizer = new StackedAdam(
    net.variables(),
    models.map((_, k) => 1e-3 * (1 + k / spec.models)),
  );
  const trainer = createGroupStep(net, optimizer, { kind: 'cross-entropy', labelSmoothing: 0, classWeights: null });
  const [x, y] = syntheticBatch(spec, [spec.models]);
  try {
    return await timeSteps(() => trainer.step(x as tf.Tensor3D, y as tf.Tensor3D), spec.models * spec.batchSize, spec, options);
  } finally {
    trainer.dispose();
    optimizer.dispose();
    net.dispose();
    tf.dispose([x, y]);
  }
}

/** tfjs's `model.fit`, one epoch of `spec.steps` batches per repeat (after one warm-up epoch or more). */
async function measureFit(spec: ThroughputSpec, options: MeasureOptions): Promise<number[]> {
  const model = referenceModel(spec, 7);
  model.compile({ optimizer: createOptimizer(referenceSpec(spec)), loss: 'categoricalCrossentropy' });
  const rows = spec.batchSize * spec.steps;
  const x = tf.randomNormal([rows, spec.inputSize], 0, 1, 'float32', 11);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([rows], 0, spec.outputSize, 'int32', 13), spec.outputSize).toFloat());
  const epoch = () => model.fit(x, y, { batchSize: spec.batchSize, epochs: 1, shuffle: false, verbose: 0 });
  try {
    const warmUpUntil = performance.now() + (options.warmUpMillis ?? 0);
    do await epoch();
    while (performance.now() < warmUpUntil);
    const results: number[] = [];
    for (let repeat = 0; repeat < spec.repeats; repeat++) {
      const started = performance.now();
      await epoch(); // fit reads the loss back every batch, so it has finished when it resolves
      results.push(rows / ((performance.now() - started) / 1000));
    }
    return results;
  } finally {
    const optimizer = model.optimizer;
    model.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([x, y]);
  }
}

/** One row of `npm run bench:throughput`, with the WASM matMul routing as the spec asks (restored after). */
export async function measureBatchedThroughput(spec: BatchedThroughputSpec): Promise<ThroughputResult> {
  const before = wasmMatMulRouting();
  setWasmMatMulRouting(spec.matMulRouting);
  const options = spec.warmUpMillis !== undefined ? { warmUpMillis: spec.warmUpMillis } : {};
  try {
    const samplesPerSecond =
      spec.mode === 'fit' ? await measureFit(spec, options) : spec.mode === 'loop' ? await measureThroughput(spec, options) : await measureGroup(spec, options);
    return { backend: tf.getBackend(), samplesPerSecond };
  } finally {
    setWasmMatMulRouting(before);
  }
}
