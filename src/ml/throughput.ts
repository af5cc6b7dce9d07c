/**
 * Measures training throughput (samples/s) of a reference dense network on the active backend. The backend
 * probe uses it to pick the fastest backend, and `npm run bench` to report figures.
 */
import { denseSpec } from '../protocol/training';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../engine/study/rng';
import { buildDenseModel, createOptimizer, disposeOptimizer, trainableVariables } from './model';
import { categoricalCrossEntropy } from './losses';
import { trainStep } from './train';
import type { ThroughputSpec } from '../protocol/messages';

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

/** Returns samples/s for each repeat. Includes the final read-back, so asynchronous backends are timed honestly. */
export async function measureThroughput(spec: ThroughputSpec, options: MeasureOptions = {}): Promise<number[]> {
  const rng = createRng(7);
  const modelSpec = denseSpec({ hidden: [{ units: spec.hiddenUnits, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 1e-3, batchSize: spec.batchSize, epochs: 1 });
  const model = buildDenseModel(modelSpec, { inputSize: spec.inputSize, task: 'multiclass', numClasses: spec.outputSize }, rng);
  const optimizer = createOptimizer(modelSpec);
  const variables = trainableVariables(model);
  const x = tf.randomNormal([spec.batchSize, spec.inputSize], 0, 1, 'float32', 11);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([spec.batchSize], 0, spec.outputSize, 'int32', 13), spec.outputSize).toFloat());
  const step = () => trainStep(model, optimizer, variables, categoricalCrossEntropy, x, y);
  const results: number[] = [];
  try {
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
      let last: tf.Scalar | null = null;
      while (steps < spec.steps && performance.now() - started < budget) {
        last?.dispose();
        last = step();
        steps++;
      }
      await last!.data();
      last!.dispose();
      results.push((steps * spec.batchSize) / ((performance.now() - started) / 1000));
    }
  } finally {
    model.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([x, y]);
  }
  return results;
}
