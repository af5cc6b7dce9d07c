/**
 * Seeded, stratified splits: a train/test hold-out and k folds for cross-validation. Stratifying keeps each
 * class's share the same in every part, which matters on small datasets like Iris.
 */
import type { Rng } from '../engine/study/rng';
import { DataError } from './errors';
import type { Fold, Split } from './types';

/** Groups row indices by class (classification) or puts them all in one group (regression), each shuffled. */
function shuffledStrata(indices: readonly number[], labels: Float32Array | null, rng: Rng): number[][] {
  if (labels === null) return [rng.shuffle([...indices])];
  const byClass = new Map<number, number[]>();
  for (const i of indices) {
    const label = labels[i]!;
    const group = byClass.get(label) ?? [];
    group.push(i);
    byClass.set(label, group);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((label) => rng.shuffle(byClass.get(label)!));
}

/**
 * Holds out `testFraction` of the rows. With `labels` the hold-out is stratified: each class contributes
 * round(count × fraction) rows (at least one when the class has two or more).
 */
export function trainTestSplit(numRows: number, labels: Float32Array | null, testFraction: number, rng: Rng): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  const all = Array.from({ length: numRows }, (_, i) => i);
  const train: number[] = [];
  const test: number[] = [];
  for (const group of shuffledStrata(all, labels, rng)) {
    let take = Math.round(group.length * testFraction);
    if (labels !== null && take === 0 && group.length >= 2) take = 1;
    test.push(...group.slice(0, take));
    train.push(...group.slice(take));
  }
  if (train.length < 2 || test.length < 1) {
    throw new DataError('too-few-rows', `${numRows} rows are too few to hold out a test set; add more data.`);
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Stratified k-fold: deals each class's shuffled rows round-robin into k folds, continuing the deal across
 * classes so fold sizes differ by at most one.
 */
export function kFold(indices: readonly number[], labels: Float32Array | null, k: number, rng: Rng): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  if (indices.length < k) {
    throw new DataError('too-few-rows', `${indices.length} training rows cannot be split into ${k} folds.`);
  }
  const buckets: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of shuffledStrata(indices, labels, rng)) {
    for (const i of group) {
      buckets[next]!.push(i);
      next = (next + 1) % k;
    }
  }
  return buckets.map((validation, f) => ({
    validation: [...validation].sort((a, b) => a - b),
    train: buckets
      .filter((_, g) => g !== f)
      .flat()
      .sort((a, b) => a - b),
  }));
}

/** Splits `indices` into train and validation parts for a single hold-out validation. */
export function holdOut(indices: readonly number[], labels: Float32Array | null, fraction: number, rng: Rng): Fold {
  const subset = trainTestSplit(indices.length, labels ? Float32Array.from(indices, (i) => labels[i]!) : null, fraction, rng);
  return { train: subset.train.map((i) => indices[i]!), validation: subset.test.map((i) => indices[i]!) };
}

/** The split a dataset prescribes (an official test set, as Fashion-MNIST has): every other row trains. */
export function designatedSplit(numRows: number, testRows: readonly number[]): Split {
  const isTest = new Uint8Array(numRows);
  for (const r of testRows) isTest[r] = 1;
  const train: number[] = [];
  for (let r = 0; r < numRows; r++) if (!isTest[r]) train.push(r);
  if (train.length < 2) throw new DataError('too-few-rows', `Only ${train.length} row(s) are left for training once the ${testRows.length} designated test rows are held out; mark more rows "train".`);
  return { train, test: [...testRows] };
}
