/**
 * How big a network is before it is built: its parameter count and the bytes its weights, its optimizer's
 * state and one training batch's activations take, worked out with plain arithmetic from the ModelSpec and
 * the prepared input's layout, layer by layer as ./families builds it (no tfjs, so the page may use it too).
 * The parameter count is exact (families.test.ts-style tests hold it to tfjs's countParams()); the bytes
 * are an estimate within a small factor, whose job is refusing a model orders of magnitude too big for a
 * worker (units_1 = 65536 twice, a vocabulary of a million by 4096) before it allocates anything, with a
 * message naming what makes it big. checkModelMemory is that refusal, against MODEL_MEMORY_BUDGET_BYTES.
 */
import type { TaskKind } from '../data/types';
import type { ConvBlockSpec, HiddenLayerSpec, ModelSpec, Normalization, OptimizerName } from '../protocol/training';
import { TrainingError } from './errors';

/**
 * The most one worker may spend on one trial's model, together: weights, gradients and optimizer state, and
 * one batch's activations (times K for K models trained together). 1 GiB leaves room under a browser tab's
 * few GiB for the data, the evaluation and a second worker, and is far above every preset's models (the
 * largest, a 3-block CNN of 64·4 filters or a 10,000-word bag of words into 512 units, need tens of MiB).
 */
export const MODEL_MEMORY_BUDGET_BYTES = 1024 ** 3;

/** float32 everywhere: weights, gradients, optimizer slots and activations. */
const BYTES_PER_VALUE = 4;

/** The layout a model reads, as prepare.ts prepares it (a PreparedInput fits: its IDF weights are not counted). */
export type SizeInput =
  | { readonly kind: 'table'; readonly features: number }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly channels: number }
  | { readonly kind: 'tokens'; readonly sequenceLength: number; readonly vocabularySize: number }
  | { readonly kind: 'bow'; readonly vocabularySize: number };

export interface SizeShape {
  readonly input: SizeInput;
  readonly task: TaskKind;
  /** Classes for classification; ignored for regression (one output). */
  readonly numClasses: number;
}

/** One part of the estimate: a layer's weights, or the values one of its outputs holds per example. */
export interface SizePart {
  /** In the parameters' words, e.g. "units_1 = 65536 on 784 inputs". */
  readonly what: string;
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Values this layer's outputs hold per example (kept for the backward pass). */
  readonly activations: number;
}

export interface ModelMemory {
  /** Every parameter, as tfjs's countParams() counts them (batch normalisation's moving statistics included). */
  readonly params: number;
  readonly trainableParams: number;
  readonly weightBytes: number;
  /** Gradients and the optimizer's slots (Adam's two moments, RMSprop's two, momentum's or Adagrad's one). */
  readonly optimizerBytes: number;
  /** One batch's layer outputs and their gradients. */
  readonly activationBytes: number;
  readonly totalBytes: number;
  readonly parts: readonly SizePart[];
}

/** Per-parameter values the optimizer keeps, as tfjs's optimizers create them (see model.ts createOptimizer). */
function optimizerSlots(optimizer: OptimizerName, momentum: number): number {
  switch (optimizer) {
    case 'adam':
    case 'adamw':
      return 2; // first and second moments
    case 'rmsprop':
      return 2; // tfjs keeps mean squares and moments even without momentum
    case 'sgd':
      return momentum > 0 ? 1 : 0;
    case 'adagrad':
      return 1;
  }
}

const part = (what: string, trainable: number, nonTrainable: number, activations: number): SizePart => ({ what, trainable, nonTrainable, activations });

/** A normalisation layer over `width` channels: batch keeps γ, β and moving mean and variance; layer γ and β. */
function normalizationPart(what: string, normalization: Normalization, width: number, values: number): SizePart | null {
  if (normalization === 'batch') return part(what, 2 * width, 2 * width, 2 * values); // its output and the activation's
  if (normalization === 'layer') return part(what, 2 * width, 0, 2 * values);
  return null;
}

/** common.ts denseStack: dense (no bias when normalised), normalisation, dropout, residual shortcut. */
function denseParts(inputWidth: number, inputWords: string, hidden: readonly HiddenLayerSpec[], normalization: Normalization, residual: boolean): { parts: SizePart[]; width: number } {
  const parts: SizePart[] = [];
  const normalised = normalization !== 'none';
  let width = inputWidth;
  let words = inputWords;
  hidden.forEach((layer, i) => {
    const u = layer.units;
    parts.push(part(`units_${i + 1} = ${u} on ${words}`, width * u + (normalised ? 0 : u), 0, u + (layer.dropout > 0 ? u : 0)));
    const norm = normalizationPart(`the ${normalization} normalisation of layer ${i + 1}`, normalization, u, u);
    if (norm) parts.push(norm);
    if (residual) {
      parts.push(part(`layer ${i + 1}'s residual shortcut from ${words}`, width === u ? 0 : width * u, 0, width === u ? u : 2 * u));
    }
    width = u;
    words = `${u} inputs`;
  });
  return { parts, width };
}

/** common.ts outputHead: softmax over the classes, or one linear unit. */
function headPart(width: number, shape: SizeShape): SizePart {
  const out = shape.task === 'regression' ? 1 : shape.numClasses;
  return part(`the output layer's ${out} ${out === 1 ? 'unit' : 'classes'} on ${width} inputs`, width * out + out, 0, out);
}

/** families/cnn.ts: per block a (separable) 'same' convolution, normalisation, 2×2 'same' pooling, dropout. */
function cnnParts(blocks: readonly ConvBlockSpec[], separable: boolean, globalPooling: 'avg' | 'max' | 'flatten', normalization: Normalization, input: Extract<SizeInput, { kind: 'image' }>) {
  const parts: SizePart[] = [];
  const normalised = normalization !== 'none';
  let { height, width, channels } = input;
  blocks.forEach((block, i) => {
    const { filters: f, kernelSize: k } = block;
    const kernel = separable ? k * k * channels + channels * f : k * k * channels * f;
    const values = height * width * f;
    let outputs = values;
    if (block.pooling !== 'none') {
      height = Math.ceil(height / 2);
      width = Math.ceil(width / 2);
      outputs += height * width * f;
    }
    if (block.dropout > 0) outputs += height * width * f;
    parts.push(part(`block ${i + 1}'s ${f} filters of ${k}×${k} on ${channels} channels of ${values / f} pixels`, kernel + (normalised ? 0 : f), 0, outputs));
    const norm = normalizationPart(`the ${normalization} normalisation of block ${i + 1}`, normalization, f, values);
    if (norm) parts.push(norm);
    channels = f;
  });
  const flat = globalPooling === 'flatten' ? height * width * channels : channels;
  const words = globalPooling === 'flatten' ? `${height}×${width}×${channels} = ${flat} flattened values` : `${flat} pooled channels`;
  return { parts, width: flat, words };
}

/** The parts of the network `spec` describes, input to output, as ./families builds it. */
export function modelParts(spec: ModelSpec, shape: SizeShape): SizePart[] {
  const { architecture, hidden, normalization } = spec;
  const { input } = shape;
  const inputValues = input.kind === 'table' ? input.features : input.kind === 'image' ? input.height * input.width * input.channels : input.kind === 'tokens' ? input.sequenceLength : input.vocabularySize;
  const parts: SizePart[] = [part('the input', 0, 0, inputValues)];
  let width: number;
  let words: string;
  let residual = false;
  switch (architecture.kind) {
    case 'mlp':
      residual = architecture.residual;
      width = inputValues;
      words = input.kind === 'image' ? `${input.height}×${input.width}×${input.channels} = ${inputValues} pixel values` : `${inputValues} inputs`;
      break;
    case 'cnn': {
      if (input.kind !== 'image') throw new TrainingError('A convolutional network needs image input.');
      const cnn = cnnParts(architecture.blocks, architecture.separable, architecture.globalPooling, normalization, input);
      parts.push(...cnn.parts);
      ({ width, words } = cnn);
      break;
    }
    case 'bow':
      width = inputValues;
      words = `a vocabulary of ${inputValues} words`;
      break;
    case 'embedding':
    case 'conv1d': {
      if (input.kind !== 'tokens') throw new TrainingError(`An ${architecture.kind} model needs text (token ids).`);
      // text.ts builds the embedding on the prepared vocabulary (the smaller of vocab_size and the dataset's).
      const { vocabularySize: v, sequenceLength: s } = input;
      const e = architecture.embeddingDim;
      parts.push(part(`vocab_size = ${v} × embedding_dim = ${e}`, v * e, 0, s * e));
      if (architecture.kind === 'embedding') {
        width = e;
      } else {
        const { filters: f, kernelSize: k } = architecture;
        parts.push(part(`the conv1d's ${f} filters of width ${k} on ${e} embedding values`, k * e * f + f, 0, s * f));
        width = f;
      }
      words = `${width} pooled values`;
      break;
    }
    default:
      throw new TrainingError(`A ${architecture.kind} model is not a network and is fitted without tfjs.`);
  }
  const dense = denseParts(width, words, hidden, normalization, residual);
  return [...parts, ...dense.parts, headPart(dense.width, shape)];
}

/** The parameters and bytes of `models` networks like `spec` trained together, batch `spec.batchSize`. */
export function estimateModelMemory(spec: ModelSpec, shape: SizeShape, models = 1): ModelMemory {
  const parts = modelParts(spec, shape);
  const trainableParams = parts.reduce((sum, p) => sum + p.trainable, 0);
  const params = trainableParams + parts.reduce((sum, p) => sum + p.nonTrainable, 0);
  const activations = parts.reduce((sum, p) => sum + p.activations, 0);
  const weightBytes = models * params * BYTES_PER_VALUE;
  // One gradient per trainable weight while a step runs, plus the optimizer's slots.
  const optimizerBytes = models * trainableParams * (1 + optimizerSlots(spec.optimizer, spec.momentum)) * BYTES_PER_VALUE;
  // Each output is kept for the backward pass, which makes a gradient of the same size.
  const activationBytes = models * 2 * spec.batchSize * activations * BYTES_PER_VALUE;
  return { params, trainableParams, weightBytes, optimizerBytes, activationBytes, totalBytes: weightBytes + optimizerBytes + activationBytes, parts };
}

/** "1.9 GiB", "350 MiB": sizes in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

/** "51 M", "4.3 G", "12,345": counts of weights in a message. */
function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} M`;
  return n.toLocaleString('en-US');
}

/**
 * Throws a TrainingError when `models` networks like `spec` (K trained together; 1 alone) would need more than
 * `budget` bytes, before anything is built. The message gives the total and names the biggest contributor:
 * a layer's weights with their gradients and optimizer state, or a layer's activations for one batch.
 */
export function checkModelMemory(spec: ModelSpec, shape: SizeShape, models = 1, budget = MODEL_MEMORY_BUDGET_BYTES): ModelMemory {
  const memory = estimateModelMemory(spec, shape, models);
  if (memory.totalBytes <= budget) return memory;
  const perWeight = (1 + 1 + optimizerSlots(spec.optimizer, spec.momentum)) * BYTES_PER_VALUE;
  const weightCost = (p: SizePart) => models * (p.trainable * perWeight + p.nonTrainable * BYTES_PER_VALUE);
  const activationCost = (p: SizePart) => models * 2 * spec.batchSize * p.activations * BYTES_PER_VALUE;
  const byWeights = memory.parts.reduce((a, b) => (weightCost(b) > weightCost(a) ? b : a));
  const byActivations = memory.parts.reduce((a, b) => (activationCost(b) > activationCost(a) ? b : a));
  const together = models > 1 ? ` for ${models} models trained together` : '';
  const biggest =
    weightCost(byWeights) >= activationCost(byActivations)
      ? `${byWeights.what} makes ${formatCount(models * (byWeights.trainable + byWeights.nonTrainable))} weights${together} (${formatBytes(weightCost(byWeights))} with their gradients and ${spec.optimizer}'s state)`
      : `${byActivations.what} makes ${formatBytes(activationCost(byActivations))} of activations for a batch of ${spec.batchSize}${together}`;
  throw new TrainingError(
    `${biggest}: this model needs about ${formatBytes(memory.totalBytes)} (weights, optimizer state and one batch's activations), over the ${formatBytes(budget)} a worker allows. Make the model smaller.`,
  );
}
