/**
 * Predictions from a trained model for new rows, in the worker: a network is rebuilt from its Layers
 * artifacts, a learner (trees, linear) predicts from its plain data, an ensemble averages its members'
 * outputs with their weights; the rows get the same preparation as in training (table standardisation with the training
 * rows' mean and std, images as they are, token ids cut to the model's vocabulary and length, bag-of-words /
 * TF-IDF with the training IDF), and the outputs come back as probabilities per class, or values in the
 * target's own units for regression.
 */
import * as tf from '@tensorflow/tfjs';
import { TABLE_LAYOUT } from '../data/types';
import { bagOfWords, cutTokens, type TokenMatrix } from '../ml/text';
import type { MethodMap } from '../protocol/messages';
import { blendPredictions } from '../learners/ensemble';
import { predictLearner } from '../learners/registry';
import { isLayersModel, type LayersTrainedModel, type TrainedModel } from '../protocol/training';

type Params = MethodMap['predict']['params'];

/**
 * Networks loaded so far, most recent last. A model reaches the worker by structured clone, so every call
 * brings a new object: the cache compares identity first (in-process callers), then the topology and the
 * weight bytes, so asking again about the same model reuses it instead of rebuilding it each time. An
 * ensemble may hold several networks, so a few are kept.
 */
/** Models built from artifacts so far (tests check that the cache works). */
let loads = 0;
export const modelLoads = () => loads;

const CACHED_MODELS = 4;
interface CachedModel {
  source: LayersTrainedModel;
  readonly topology: string;
  readonly weights: Uint8Array;
  readonly model: Promise<tf.LayersModel>;
}
let cache: CachedModel[] = [];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function loadModel(trained: LayersTrainedModel): Promise<tf.LayersModel> {
  const byIdentity = cache.find((c) => c.source === trained);
  if (byIdentity) return byIdentity.model;
  const topology = JSON.stringify(trained.modelTopology);
  const weights = new Uint8Array(trained.weightData);
  const same = cache.find((c) => c.topology === topology && sameBytes(c.weights, weights));
  if (same) {
    same.source = trained;
    return same.model;
  }
  loads++;
  const model = tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: trained.modelTopology, weightSpecs: trained.weightSpecs as tf.io.WeightsManifestEntry[], weightData: trained.weightData }),
  );
  const entry: CachedModel = { source: trained, topology, weights: weights.slice(), model };
  cache.push(entry);
  // A failed load must not stay cached; a model pushed out of the cache has its weights released.
  model.catch(() => {
    cache = cache.filter((c) => c !== entry);
  });
  for (const old of cache.splice(0, Math.max(0, cache.length - CACHED_MODELS))) void old.model.then((m) => m.dispose(), () => undefined);
  return model;
}

/** The rows as the model's input tensor, prepared as training prepared them. */
function inputTensor(trained: LayersTrainedModel, features: Float32Array, rows: number): tf.Tensor {
  const p = trained.preprocessing;
  const layout = p.input ?? TABLE_LAYOUT;
  const width = rows > 0 ? features.length / rows : 0;
  const all = Array.from({ length: rows }, (_, i) => i);
  switch (layout.kind) {
    case 'table': {
      const n = p.featureNames.length;
      if (width !== n) throw new Error(`Each row needs ${n} features; got ${width}.`);
      const scaled = Float32Array.from(features, (v, i) => (v - p.mean[i % n]!) / p.std[i % n]!);
      return tf.tensor2d(scaled, [rows, n]);
    }
    case 'image': {
      const { height, width: w, channels } = layout;
      if (width !== height * w * channels) throw new Error(`Each image needs ${height}×${w}×${channels} values; got ${width}.`);
      return tf.tensor4d(features, [rows, height, w, channels]);
    }
    case 'tokens': {
      if (width !== layout.sequenceLength) throw new Error(`Each text needs ${layout.sequenceLength} token ids; got ${width}.`);
      const tokens: TokenMatrix = { ids: features, sequenceLength: layout.sequenceLength };
      if (p.bagOfWords) {
        const { vocabularySize, idf } = p.bagOfWords;
        return tf.tensor2d(bagOfWords(tokens, all, vocabularySize, idf ? Float32Array.from(idf) : null), [rows, vocabularySize]);
      }
      const cut = p.tokens ?? { sequenceLength: layout.sequenceLength, vocabularySize: layout.vocabularySize };
      return tf.tensor2d(cutTokens(tokens, all, cut.sequenceLength, cut.vocabularySize), [rows, cut.sequenceLength], 'int32');
    }
  }
}

/** A network's outputs: probabilities (rows × classes) or regression values in the target's units. */
async function networkOutputs(trained: LayersTrainedModel, features: Float32Array, rows: number): Promise<Float32Array> {
  const model = await loadModel(trained);
  const input = inputTensor(trained, features, rows);
  let output: tf.Tensor | null = null;
  try {
    output = tf.tidy(() => model.predict(input) as tf.Tensor);
    const values = (await output.data()) as Float32Array;
    if (trained.preprocessing.task !== 'regression') return values;
    // The network predicts standardised targets; the caller wants the target's own units.
    const { mean, std } = trained.preprocessing.targetScale;
    return Float32Array.from(values, (v) => v * std + mean);
  } finally {
    input.dispose();
    output?.dispose();
  }
}

async function outputsOf(trained: TrainedModel, features: Float32Array, rows: number): Promise<Float32Array> {
  if (isLayersModel(trained)) return networkOutputs(trained, features, rows);
  if (trained.format === 'learner') {
    const n = trained.preprocessing.featureNames.length;
    if (features.length !== rows * n) throw new Error(`Each row needs ${n} features; got ${features.length / rows}.`);
    return predictLearner(trained.learner, features, rows);
  }
  const outputs: Float32Array[] = [];
  for (const member of trained.members) outputs.push(await outputsOf(member.model, features, rows));
  return blendPredictions(outputs, trained.members.map((m) => m.weight));
}

/** Probabilities (rows × classes) or regression values (rows) for `rows` rows of raw features. */
export async function predict({ model: trained, features, rows }: Params): Promise<MethodMap['predict']['result']> {
  if (!Number.isInteger(rows) || rows < 0 || (rows > 0 && features.length % rows !== 0)) throw new Error(`${features.length} values do not make ${rows} rows.`);
  if (rows === 0) return { outputs: new Float32Array(0) };
  return { outputs: await outputsOf(trained, features, rows) };
}

/** Releases the cached models (tests check that nothing else is left). */
export async function forgetPredictionModel(): Promise<void> {
  const last = cache;
  cache = [];
  await Promise.all(last.map((c) => c.model.then((m) => m.dispose(), () => undefined)));
}
