/**
 * The input checks every tree learner makes before it allocates anything: the data's shape and classes, row
 * indices, per-row weights, and whole-number parameters. One definition, so the boosted trees and the forests refuse the same bad input
 * with the same words (`who` names the learner in each message).
 */
import type { LearnerData } from './types';

/** The number of rows, after checking that the features are whole rows and the classes fit the task. */
export function checkLearnerData(data: LearnerData, who: string): number {
  const { numFeatures, features, targets, task, numClasses } = data;
  if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new Error(`${who}: numFeatures must be a whole number ≥ 1, got ${numFeatures}`);
  if (features.length % numFeatures !== 0) throw new Error(`${who}: ${features.length} feature values are not whole rows of ${numFeatures}`);
  const numRows = features.length / numFeatures;
  if (targets.length !== numRows) throw new Error(`${who}: ${numRows} feature rows but ${targets.length} targets`);
  if (task === 'binary' && numClasses !== 2) throw new Error(`${who}: a binary task has 2 classes, got ${numClasses}`);
  if (task === 'multiclass' && !(Number.isInteger(numClasses) && numClasses >= 2 && numClasses <= 10_000)) {
    throw new Error(`${who}: a multi-class task needs 2 to 10,000 classes, got ${numClasses}`);
  }
  return numRows;
}

/** The rows as a Uint32Array, each checked to be a row index below numRows; `name` says which rows (training…). */
export function rowIndices(rows: readonly number[], numRows: number, who: string, name: string): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= numRows) throw new Error(`${who}: ${name} row ${i} is ${r}, not a row index below ${numRows}`);
    out[i] = r;
  }
  return out;
}

/** Throws unless `y` is a class index below `classes` (classification) or a finite number (classes 0: regression). */
export function checkTarget(y: number, classes: number, row: number, who: string, name: string): void {
  if (classes > 0 ? !(Number.isInteger(y) && y >= 0 && y < classes) : !Number.isFinite(y)) {
    throw new Error(`${who}: ${name} row ${row} has target ${y}, ${classes > 0 ? `not a class index below ${classes}` : 'not a finite number'}`);
  }
}

/**
 * The per-row weights (LearnerData.weights) after checking them — one finite weight ≥ 0 per row of the data, not
 * all of the training rows' 0 — or null when absent. Every learner calls this, so all refuse the same bad weights
 * with the same words.
 */
export function checkWeights(data: LearnerData, train: ArrayLike<number>, who: string): Float32Array | null {
  const weights = data.weights;
  if (weights === undefined) return null;
  const numRows = data.targets.length;
  if (weights.length !== numRows) throw new RangeError(`${who}: ${weights.length} weights for ${numRows} rows; give one weight per row`);
  for (let r = 0; r < weights.length; r++) {
    const w = weights[r]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`${who}: weight of row ${r} is ${w}, not a finite number ≥ 0`);
  }
  let total = 0;
  for (let i = 0; i < train.length; i++) total += weights[train[i]!] ?? 0;
  if (!(total > 0)) throw new RangeError(`${who}: every training row weighs 0, so there is nothing to learn from`);
  return weights;
}

/** Throws unless the parameter is a whole number from min to max, naming it: "<who> parameter <name> must be …". */
export function checkIntegerParam(who: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${who} parameter ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
