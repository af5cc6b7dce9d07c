/**
 * Measures training throughput (samples/s) of a reference dense network, or of a small CNN, on the active
 * backend. The backend probe uses them to pick the fastest backend for each workload, `npm run bench` to
 * report figures, and `npm run bench:throughput` to compare ways of training: `model.fit`, our loop with and
 * without the routed WASM matMul, and K models trained together (src/ml/batched).
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
  /**
   * A `performance.now()` time after which the measurement gives up: a software GPU can need many seconds
   * per step (shader compilation), and the probe must not wait for it. Warm-up past the deadline throws
   * ProbeTimeoutError; timed repeats stop there, keeping those already measured.
   */
  readonly deadline?: number;
}

/** The measurement ran past its deadline before it had a figure. */
export class ProbeTimeoutError extends Error {
  override readonly name = 'ProbeTimeoutError';
}

/** The backend probe's convolutional workload: an MNIST-sized CNN, small enough to time in a moment. */
export interface ConvProbeSpec {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Filters of each 3×3 convolution, each followed by 2×2 max pooling. */
  readonly filters: readonly number[];
  readonly denseUnits: number;
  readonly outputSize: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly repeats: number;
}

/** 28×28×1 → conv3×3·8 → maxpool → conv3×3·16 → maxpool → dense 64 → 10 softmax, Adam, batch 64. */
export const PROBE_CNN: ConvProbeSpec = { height: 28, width: 28, channels: 1, filters: [8, 16], denseUnits: 64, outputSize: 10, batchSize: 64, steps: 20, repeats: 3 };

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
async function timeSteps(step: () => tf.Tensor, samplesPerStep: number, spec: Pick<ThroughputSpec, 'steps' | 'repeats'>, options: MeasureOptions): Promise<number[]> {
  const results: number[] = [];
  const warmUpUntil = performance.now() + (options.warmUpMillis ?? 0);
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < WARM_UP_STEPS || performance.now() < warmUpUntil; i++) {
    const loss = step();
    await loss.data();
    loss.dispose();
    if (performance.now() > deadline) throw new ProbeTimeoutError(`still warming up after ${i + 1} step${i === 0 ? '' : 's'}`);
  }
  const budget = options.maxMillisPerRepeat ?? Number.POSITIVE_INFINITY;
  for (let repeat = 0; repeat < spec.repeats && (repeat === 0 || performance.now() < deadline); repeat++) {
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
  return timeTraining(referenceModel(spec, 7), createOptimizer(referenceSpec(spec)), syntheticBatch(spec, []), spec, options);
}

/** Times our training loop on `model` with one batch (x, y), then disposes the model, optimizer and batch. */
async function timeTraining(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  [x, y]: [tf.Tensor, tf.Tensor],
  spec: Pick<ThroughputSpec, 'batchSize' | 'steps' | 'repeats'>,
  options: MeasureOptions,
): Promise<number[]> {
  const variables = trainableVariables(model);
  try {
    return await timeSteps(() => trainStep(model, optimizer, variables, categoricalCrossEntropy, x, y), spec.batchSize, spec, options);
  } finally {
    model.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([x, y]);
  }
}

/** The probe CNN (see PROBE_CNN), seeded, for the given input shape. */
function probeCnn(spec: ConvProbeSpec, seed: number): tf.Sequential {
  const rng = createRng(seed);
  const glorot = () => tf.initializers.glorotUniform({ seed: rng.uint32() });
  const model = tf.sequential();
  spec.filters.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: glorot(),
        ...(i === 0 ? { inputShape: [spec.height, spec.width, spec.channels] } : {}),
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: spec.denseUnits, activation: 'relu', kernelInitializer: glorot() }));
  model.add(tf.layers.dense({ units: spec.outputSize, activation: 'softmax', kernelInitializer: glorot() }));
  return model;
}

/** Our training loop on the probe CNN with random images: samples/s for each repeat. */
export async function measureConvThroughput(spec: ConvProbeSpec = PROBE_CNN, options: MeasureOptions = {}): Promise<number[]> {
  const model = probeCnn(spec, 7);
  const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 1e-3, momentum: 0, nesterov: false });
  const x = tf.randomNormal([spec.batchSize, spec.height, spec.width, spec.channels], 0, 1, 'float32', 11);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([spec.batchSize], 0, spec.outputSize, 'int32', 13), spec.outputSize).toFloat());
  return timeTraining(model, optimizer, [x, y], spec, options);
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
