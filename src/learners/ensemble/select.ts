/**
 * Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew & Ksikes, "Ensemble Selection
 * from Libraries of Models", ICML 2004), as auto-sklearn and AutoGluon build their final ensembles: start
 * empty and, each round, add (again, possibly) the candidate whose addition makes the averaged prediction
 * score best on the rows all candidates predicted out of fold. Counts become weights.
 *
 * Why with replacement: a model picked several times earns a larger weight, and the paper found it keeps
 * the hill-climb from overfitting as the ensemble grows. Why out-of-fold rows: each candidate's outputs
 * there are honest, so the blend's score is too (the test rows never take part).
 *
 * Deterministic: ties go to the lower candidate index, and a score that is NaN counts as the worst.
 */
import type { TaskKind } from '../../data/types';
import { commonLength } from './blend';

/** AutoGluon's default number of rounds. */
export const DEFAULT_ROUNDS = 25;

export interface EnsembleOptions {
  /** Greedy additions after the initial ones (default 25, as AutoGluon). */
  readonly rounds?: number;
  /**
   * Start from the `initialBest` best single candidates, each added once (Caruana's sorted initialisation),
   * before the greedy rounds. 0 (the default) starts empty; 1 gives the same result as 0, since the first
   * greedy round from empty picks the best single candidate anyway.
   */
  readonly initialBest?: number;
  /**
   * Keep only the additions up to the best score seen (the first such, if several), as the paper suggests
   * and AutoGluon does; by default every round counts, as in auto-sklearn.
   */
  readonly keepBestRound?: boolean;
}

export interface EnsembleSelection {
  /** One per candidate, summing to 1: how often each was added, over all additions kept. */
  readonly weights: number[];
  /** The score after each addition (initial ones first), higher is better; every round, kept or not. */
  readonly scores: number[];
}

/** NaN (a metric undefined on these outputs) never wins; -Infinity still compares. */
const comparable = (score: number): number => (Number.isNaN(score) ? -Infinity : score);

export function selectEnsemble(
  candidates: readonly Float32Array[],
  targets: Float32Array,
  task: TaskKind,
  numClasses: number,
  score: (outputs: Float32Array) => number,
  options?: EnsembleOptions,
): EnsembleSelection {
  const rounds = options?.rounds ?? DEFAULT_ROUNDS;
  const initialBest = options?.initialBest ?? 0;
  if (!Number.isInteger(rounds) || rounds < 0) throw new RangeError(`Ensemble: rounds must be an integer ≥ 0, got ${rounds}`);
  if (!Number.isInteger(initialBest) || initialBest < 0 || initialBest > candidates.length) {
    throw new RangeError(`Ensemble: initialBest must be an integer in 0…${candidates.length}, got ${initialBest}`);
  }
  if (rounds + initialBest === 0) throw new RangeError('Ensemble: nothing to select (rounds and initialBest are both 0)');
  const length = commonLength(candidates);
  const width = task === 'regression' ? 1 : numClasses;
  if (task !== 'regression' && !(Number.isInteger(numClasses) && numClasses >= 2)) throw new RangeError(`Ensemble: a ${task} task needs ≥ 2 classes, got ${numClasses}`);
  if (length !== targets.length * width) {
    throw new RangeError(`Ensemble: ${targets.length} rows × ${width} outputs need ${targets.length * width} values per candidate, got ${length}`);
  }

  const m = candidates.length;
  const counts = new Array<number>(m).fill(0);
  const sum = new Float64Array(length);
  const trial = new Float32Array(length);
  const scores: number[] = [];
  let added = 0;

  /** The score of the current ensemble with candidate `c` added once more. */
  const scoreWith = (c: number): number => {
    const candidate = candidates[c]!;
    const divisor = added + 1;
    for (let i = 0; i < length; i++) trial[i] = (sum[i]! + candidate[i]!) / divisor;
    return comparable(score(trial));
  };
  const order: number[] = [];
  const add = (c: number): void => {
    const candidate = candidates[c]!;
    for (let i = 0; i < length; i++) sum[i] = sum[i]! + candidate[i]!;
    counts[c]!++;
    added++;
    order.push(c);
  };

  if (initialBest > 0) {
    // Single scores (the ensemble is still empty), best first, ties to the lower index.
    const singles = candidates.map((_, c) => ({ c, value: scoreWith(c) }));
    singles.sort((a, b) => (b.value === a.value ? a.c - b.c : b.value - a.value));
    for (const { c } of singles.slice(0, initialBest)) {
      add(c);
      for (let i = 0; i < length; i++) trial[i] = sum[i]! / added;
      scores.push(comparable(score(trial)));
    }
  }

  for (let round = 0; round < rounds; round++) {
    let best = 0;
    let bestValue = scoreWith(0);
    for (let c = 1; c < m; c++) {
      const value = scoreWith(c);
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    // scoreWith computed exactly what the ensemble now averages, so its value is the new score.
    add(best);
    scores.push(bestValue);
  }

  let kept = order.length;
  if (options?.keepBestRound) {
    // The first addition at which the best score was reached.
    kept = scores.reduce((bestAt, value, i) => (value > scores[bestAt - 1]! ? i + 1 : bestAt), 1);
    counts.fill(0);
    for (const c of order.slice(0, kept)) counts[c]!++;
  }
  return { weights: counts.map((count) => count / kept), scores };
}
