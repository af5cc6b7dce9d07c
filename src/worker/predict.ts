/**
 * Predictions from a trained model for new rows, in the worker: the model is rebuilt from its Layers
 * artifacts, the rows get the same preparation as in training (table standardisation with the training
 * rows' mean and std, images as they are, token ids cut to the model's vocabulary and length, bag-of-words /
 * TF-IDF with the training IDF), and the outputs come back as probabilities per class, or values in the
 * target's own units for regression.
 */
import * as tf from '@tensorflow/tfjs';
import { TABLE_LAYOUT } from '../data/types';
import { bagOfWords, cutTokens, type TokenMatrix } from '../ml/text';
import type { MethodMap } from '../protocol/messages';
import type { TrainedModel } from '../protocol/training';

type Params = MethodMap['predict']['params'];

/**
 * The last model loaded. A model reaches the worker by structured clone, so every call brings a new object:
 * the cache compares identity first (in-process callers), then the topology and the weight bytes, so asking
 * again about the same model reuses it instead of rebuilding it each time.
 */
/** Models built from artifacts so far (tests check that the cache works). */
let loads = 0;
export const modelLoads = () => loads;

let cached: { source: TrainedModel; topology: string; weights: Uint8Array; model: Promise<tf.LayersModel> } | null = null;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function loadModel(trained: TrainedModel): Promise<tf.LayersModel> {
  if (cached?.source === trained) return cached.model;
  const topology = JSON.stringify(trained.modelTopology);
  const weights = new Uint8Array(trained.weightData);
  if (cached && cached.topology === topology && sameBytes(cached.weights, weights)) {
    cached.source = trained;
    return cached.model;
  }
  const previous = cached;
  loads++;
  const model = tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: trained.modelTopology, weightSpecs: trained.weightSpecs as tf.io.WeightsManifestEntry[], weightData: trained.weightData }),
  );
  cached = { source: trained, topology, weights: weights.slice(), model };
  // A failed load must not stay cached; a replaced model's weights are released.
  model.catch(() => {
    if (cached?.model === model) cached = null;
  });
  void previous?.model.then((m) => m.dispose(), () => undefined);
  return model;
}

/** The rows as the model's input tensor, prepared as training prepared them. */
function inputTensor(trained: TrainedModel, features: Float32Array, rows: number): tf.Tensor {
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

/** Probabilities (rows × classes) or regression values (rows) for `rows` rows of raw features. */
export async function predict({ model: trained, features, rows }: Params): Promise<MethodMap['predict']['result']> {
  if (!Number.isInteger(rows) || rows < 0 || (rows > 0 && features.length % rows !== 0)) throw new Error(`${features.length} values do not make ${rows} rows.`);
  if (rows === 0) return { outputs: new Float32Array(0) };
  const model = await loadModel(trained);
  const input = inputTensor(trained, features, rows);
  let output: tf.Tensor | null = null;
  try {
    output = tf.tidy(() => model.predict(input) as tf.Tensor);
    const values = (await output.data()) as Float32Array;
    if (trained.preprocessing.task !== 'regression') return { outputs: values };
    // The network predicts standardised targets; the caller wants the target's own units.
    const { mean, std } = trained.preprocessing.targetScale;
    return { outputs: Float32Array.from(values, (v) => v * std + mean) };
  } finally {
    input.dispose();
    output?.dispose();
  }
}

/** Releases the cached model (tests check that nothing else is left). */
export async function forgetPredictionModel(): Promise<void> {
  const last = cached;
  cached = null;
  if (last) await last.model.then((m) => m.dispose(), () => undefined);
}
