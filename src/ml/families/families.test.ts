/**
 * Every model family with every head (binary, multiclass, regression) on tiny learnable synthetic data, on
 * tfjs's cpu backend: output shapes, a falling training loss, an exportable model, and no leaked tensor
 * through the worker's runTrainingJob. Also the family/layout checks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import type { InputLayout, ModelData, TaskKind } from '../../data/types';
import { denseSpec, type Architecture, type LayersTrainedModel, type ModelSpec, type TrainingJob } from '../../protocol/training';
import { activateCpuBackend } from '../../worker/inProcessWorker';
import { runTrainingJob } from '../../worker/trialRunner';
import { buildModel } from '../buildModel';
import { TrainingError } from '../errors';
import { prepareRun } from '../prepare';

beforeAll(activateCpuBackend);

const ROWS = 48;
const CLASSES: Record<TaskKind, number> = { binary: 2, multiclass: 3, regression: 0 };

/**
 * A signal `s` per row (a class index, or a value in [0, 3)) written into the input: a table's first column,
 * a bright column band in an image (its position is the class), or words from a class's own ids in a text.
 */
function synthetic(layout: InputLayout, task: TaskKind): ModelData {
  const rng = createRng(11);
  const k = CLASSES[task];
  const signal = Array.from({ length: ROWS }, (_, r) => (task === 'regression' ? rng.next() * 3 : r % k));
  let width: number;
  let features: Float32Array;
  if (layout.kind === 'image') {
    const { height, width: w } = layout;
    width = height * w;
    features = new Float32Array(ROWS * width);
    signal.forEach((s, r) => {
      for (let y = 0; y < height; y++) for (let x = 0; x < w; x++) features[r * width + y * w + x] = 0.2 * rng.next() + (Math.abs(x - 2 * s) < 1 ? 0.8 : 0);
    });
  } else if (layout.kind === 'tokens') {
    width = layout.sequenceLength;
    features = new Float32Array(ROWS * width);
    signal.forEach((s, r) => {
      const band = Math.min(2, Math.floor(s)); // words 2–5 for band 0, 6–9 for band 1, 10–13 for band 2
      const length = 4 + rng.int(0, width - 4);
      for (let j = 0; j < length; j++) features[r * width + j] = rng.next() < 0.8 ? 2 + band * 4 + rng.int(0, 3) : 14 + rng.int(0, 5);
    });
  } else {
    width = 3;
    features = Float32Array.from({ length: ROWS * width }, (_, i) => (i % width === 0 ? signal[Math.floor(i / width)]! * 5 + rng.next() : rng.next()));
  }
  return {
    numRows: ROWS,
    numFeatures: width,
    featureNames: Array.from({ length: width }, (_, i) => `f${i}`),
    features,
    targets: Float32Array.from(signal),
    task: { kind: task, target: 'y', classNames: Array.from({ length: k }, (_, i) => `c${i}`) },
    input: layout,
  };
}

const IMAGE: InputLayout = { kind: 'image', height: 6, width: 6, channels: 1 };
const TOKENS: InputLayout = { kind: 'tokens', sequenceLength: 10, vocabularySize: 20 };
const TABLE: InputLayout = { kind: 'table' };

const FAMILIES: readonly { readonly name: string; readonly layout: InputLayout; readonly architecture: Architecture; readonly extra?: Partial<ModelSpec> }[] = [
  { name: 'mlp', layout: TABLE, architecture: { kind: 'mlp', residual: false } },
  { name: 'residual mlp', layout: TABLE, architecture: { kind: 'mlp', residual: true }, extra: { normalization: 'layer' } },
  { name: 'mlp on images', layout: IMAGE, architecture: { kind: 'mlp', residual: false } },
  {
    name: 'cnn',
    layout: IMAGE,
    architecture: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3, pooling: 'max', dropout: 0.1 }, { filters: 4, kernelSize: 5, pooling: 'avg', dropout: 0 }], separable: false, globalPooling: 'avg' },
    extra: { normalization: 'batch', augmentation: { flip: true, shift: 0.1, rotation: 5, noise: 0.02 } },
  },
  { name: 'separable cnn', layout: IMAGE, architecture: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3, pooling: 'none', dropout: 0 }], separable: true, globalPooling: 'flatten' } },
  { name: 'bow', layout: TOKENS, architecture: { kind: 'bow', vocabularySize: 20, tfidf: true } },
  { name: 'embedding', layout: TOKENS, architecture: { kind: 'embedding', vocabularySize: 16, sequenceLength: 8, embeddingDim: 8, pooling: 'avg' } },
  { name: 'conv1d', layout: TOKENS, architecture: { kind: 'conv1d', vocabularySize: 20, sequenceLength: 10, embeddingDim: 8, filters: 8, kernelSize: 3 } },
];

const spec = (architecture: Architecture, extra: Partial<ModelSpec> = {}) =>
  denseSpec({ architecture, hidden: [{ units: 8, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.03, batchSize: 12, epochs: 6, ...extra });

const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe.each(FAMILIES)('$name', ({ layout, architecture, extra }) => {
  it.each(['binary', 'multiclass', 'regression'] as const)('%s: trains, its loss falls, it exports, and no tensor leaks', async (task) => {
    const data = synthetic(layout, task);
    const job: TrainingJob = {
      datasetKey: 'synthetic',
      model: spec(architecture, extra),
      runs: [{ train: rows(0, 36), evaluate: rows(36, ROWS) }],
      evaluation: 'validation',
      objective: task === 'regression' ? 'r2' : 'accuracy',
      seed: 3,
      exportModel: true,
    };
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    const result = await runTrainingJob(job, data, { onEpoch: (r) => void losses.push(r.loss), checkpoint: async () => {} });
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(6);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(result.cost!.parameters).toBeGreaterThan(0);
    expect(result.model!.preprocessing.input).toEqual(layout);
    const output = ((result.model as LayersTrainedModel).modelTopology as { config: { output_layers: unknown[] } }).config.output_layers;
    expect(output).toHaveLength(1);
  });

  it('outputs k probabilities per row for classes and one value for regression', () => {
    const rng = createRng(1);
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const data = synthetic(layout, task);
      const run = prepareRun(data, { train: rows(0, 8), evaluate: rows(8, 12) }, architecture);
      const model = buildModel(spec(architecture, extra), { inputSize: data.numFeatures, task, numClasses: CLASSES[task], input: run.input }, rng);
      const outputs = tf.tidy(() => model.predict(run.xEval) as tf.Tensor);
      expect(outputs.shape).toEqual([4, task === 'regression' ? 1 : CLASSES[task]]);
      if (task !== 'regression') expect(Array.from(tf.tidy(() => tf.sum(outputs, -1)).dataSync()).every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
      tf.dispose([outputs, run.xTrain, run.xEval, run.yTrain, run.yEval]);
      model.dispose();
    }
  });
});

describe('family and layout', () => {
  it('refuses a family that cannot read the dataset, before making a tensor', async () => {
    const before = tf.memory().numTensors;
    const job = (architecture: Architecture): TrainingJob => ({
      datasetKey: 'x',
      model: spec(architecture),
      runs: [{ train: rows(0, 36), evaluate: rows(36, ROWS) }],
      evaluation: 'validation',
      objective: 'accuracy',
      seed: 1,
    });
    const hooks = { onEpoch: () => {}, checkpoint: async () => {} };
    const cnn: Architecture = { kind: 'cnn', blocks: [], separable: false, globalPooling: 'avg' };
    await expect(runTrainingJob(job(cnn), synthetic(TABLE, 'binary'), hooks)).rejects.toThrow('A convolutional network needs image input; this dataset is a table');
    await expect(runTrainingJob(job({ kind: 'mlp', residual: false }), synthetic(TOKENS, 'binary'), hooks)).rejects.toThrow(/needs a table or images; this dataset is text/);
    await expect(runTrainingJob(job({ kind: 'bow', vocabularySize: 10, tfidf: false }), synthetic(IMAGE, 'binary'), hooks)).rejects.toThrow(TrainingError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports what a token model needs: the cut, or the IDF of a bag of words', async () => {
    const hooks = { onEpoch: () => {}, checkpoint: async () => {} };
    const job = (architecture: Architecture): TrainingJob => ({
      datasetKey: 'x',
      model: { ...spec(architecture), epochs: 1 },
      runs: [{ train: rows(0, 36), evaluate: rows(36, ROWS) }],
      evaluation: 'test',
      objective: 'accuracy',
      seed: 1,
      exportModel: true,
    });
    const embedding = await runTrainingJob(job(FAMILIES[6]!.architecture), synthetic(TOKENS, 'binary'), hooks);
    expect(embedding.model!.preprocessing.tokens).toEqual({ sequenceLength: 8, vocabularySize: 16 });
    const bow = await runTrainingJob(job(FAMILIES[5]!.architecture), synthetic(TOKENS, 'binary'), hooks);
    expect(bow.model!.preprocessing.bagOfWords!.idf).toHaveLength(20);
    expect(bow.model!.preprocessing.mean).toEqual([]);
  });
});
