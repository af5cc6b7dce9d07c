/**
 * Seeded synthetic tables for the GBDT's tests: functions with a known answer (an axis-aligned XOR, Friedman #1,
 * regions of a plane) so a test can say how well a correct learner must do. Test support only.
 */
import { createRng } from '../../engine/study/rng';
import type { LearnerData } from '../types';

export interface TestTable {
  readonly data: LearnerData;
  readonly train: number[];
  readonly test: number[];
}

function split(numRows: number, testRows: number): { train: number[]; test: number[] } {
  const all = Array.from({ length: numRows }, (_, i) => i);
  return { train: all.slice(0, numRows - testRows), test: all.slice(numRows - testRows) };
}

/** label = (x0 > 0) xor (x1 > 0.3), plus `noise` irrelevant columns; exactly learnable by axis-aligned splits. */
export function xorTable(numRows: number, seed = 1, noise = 2): TestTable {
  const rng = createRng(seed);
  const numFeatures = 2 + noise;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  for (let i = 0; i < numRows; i++) {
    for (let j = 0; j < numFeatures; j++) features[i * numFeatures + j] = rng.next() * 2 - 1;
    targets[i] = features[i * numFeatures]! > 0 !== features[i * numFeatures + 1]! > 0.3 ? 1 : 0;
  }
  return { data: { features, numFeatures, targets, task: 'binary', numClasses: 2 }, ...split(numRows, Math.floor(numRows / 4)) };
}

/** Friedman #1: y = 10 sin(π x0 x1) + 20 (x2 − ½)² + 10 x3 + 5 x4 + N(0, 1) noise, x uniform in [0, 1]^10. */
export function friedmanTable(numRows: number, seed = 2): TestTable {
  const rng = createRng(seed);
  const numFeatures = 10;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const x = features.subarray(i * numFeatures, (i + 1) * numFeatures);
    for (let j = 0; j < numFeatures; j++) x[j] = rng.next();
    const gauss = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    targets[i] = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]! + gauss;
  }
  return { data: { features, numFeatures, targets, task: 'regression', numClasses: 0 }, ...split(numRows, Math.floor(numRows / 4)) };
}

/** Four classes: the quadrant of (x0, x1) around (0.2, −0.1), plus two irrelevant columns. */
export function quadrantTable(numRows: number, seed = 3): TestTable {
  const rng = createRng(seed);
  const numFeatures = 4;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  for (let i = 0; i < numRows; i++) {
    for (let j = 0; j < numFeatures; j++) features[i * numFeatures + j] = rng.next() * 2 - 1;
    targets[i] = (features[i * numFeatures]! > 0.2 ? 1 : 0) + (features[i * numFeatures + 1]! > -0.1 ? 2 : 0);
  }
  return { data: { features, numFeatures, targets, task: 'multiclass', numClasses: 4 }, ...split(numRows, Math.floor(numRows / 4)) };
}

/** Binary labels independent of the features: anything learned is noise, so early stopping must cut in early. */
export function noiseTable(numRows: number, seed = 4): TestTable {
  const rng = createRng(seed);
  const numFeatures = 5;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  for (let i = 0; i < numRows * numFeatures; i++) features[i] = rng.next();
  for (let i = 0; i < numRows; i++) targets[i] = rng.next() < 0.5 ? 1 : 0;
  return { data: { features, numFeatures, targets, task: 'binary', numClasses: 2 }, ...split(numRows, Math.floor(numRows / 4)) };
}

export function accuracy(probabilities: Float32Array, targets: Float32Array, rows: readonly number[], k: number): number {
  let correct = 0;
  rows.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    if (best === targets[row]) correct++;
  });
  return correct / rows.length;
}

export function r2(predicted: Float32Array, targets: Float32Array, rows: readonly number[]): number {
  const mean = rows.reduce((s, r) => s + targets[r]!, 0) / rows.length;
  let residual = 0;
  let total = 0;
  rows.forEach((row, i) => {
    residual += (targets[row]! - predicted[i]!) ** 2;
    total += (targets[row]! - mean) ** 2;
  });
  return 1 - residual / total;
}

/** The listed rows' features, row-major. */
export function rowsOf(data: LearnerData, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * data.numFeatures);
  rows.forEach((row, i) => out.set(data.features.subarray(row * data.numFeatures, (row + 1) * data.numFeatures), i * data.numFeatures));
  return out;
}

/**
 * An imbalanced binary table: about `minorityShare` of the rows are class 1, whose two informative columns are
 * shifted by `shift` standard deviations (normal noise, so the classes overlap), plus two noise columns. An
 * unweighted model predicts the minority rarely; one with balanced class weights should find more of it.
 */
export function imbalancedTable(numRows: number, seed = 5, minorityShare = 0.05, shift = 1.5): TestTable {
  const rng = createRng(seed);
  const numFeatures = 4;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  for (let i = 0; i < numRows; i++) {
    const y = rng.next() < minorityShare ? 1 : 0;
    targets[i] = y;
    for (let j = 0; j < numFeatures; j++) features[i * numFeatures + j] = gauss() + (j < 2 && y === 1 ? shift : 0);
  }
  return { data: { features, numFeatures, targets, task: 'binary', numClasses: 2 }, ...split(numRows, Math.floor(numRows / 4)) };
}

/** Balanced class weights n / (k · count) of the training rows, as a weight per row of the data. */
export function balancedRowWeights(data: LearnerData, train: readonly number[]): Float32Array {
  const counts = new Array<number>(data.numClasses).fill(0);
  for (const r of train) counts[data.targets[r]!]!++;
  return Float32Array.from(data.targets, (c) => (counts[c]! > 0 ? train.length / (data.numClasses * counts[c]!) : 0));
}

/** Mean recall over the classes (balanced accuracy) of argmax predictions, and each class's recall. */
export function balancedAccuracy(probabilities: Float32Array, targets: Float32Array, rows: readonly number[], k: number): { balanced: number; recall: number[] } {
  const hits = new Array<number>(k).fill(0);
  const totals = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    const y = targets[row]!;
    totals[y]!++;
    if (best === y) hits[y]!++;
  });
  const recall = hits.map((h, c) => (totals[c]! > 0 ? h / totals[c]! : 0));
  return { balanced: recall.reduce((s, r) => s + r, 0) / k, recall };
}
