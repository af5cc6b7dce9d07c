/**
 * Duplicate suppression shared by the random and TPE samplers (and the grid, for warm-start trials): which
 * configurations the trials so far have tried, whether a finite space is spent, and, when redraws keep
 * landing on tried points, a deterministic choice among the untried ones.
 *
 * Every trial counts as tried whatever its state: completed, pruned and running ones are known or coming,
 * and failed ones would fail again. Enqueued (warm-start) trials are trials like any other. Nothing here
 * reads outcomes, so a suggestion stays independent of which trials have finished.
 */
import { finitePoints, finiteSize, isPointOf } from '../space/finite';
import type { ParamSet, SearchSpace } from '../space/types';
import type { Rng } from '../study/rng';
import type { Trial } from '../study/types';

/** Finite spaces up to this size are walked in full to choose uniformly among untried points. */
export const ENUMERATE_UNTRIED_LIMIT = 100_000;

/** A canonical text form of a point, for spotting duplicates. */
export const pointKey = (params: ParamSet): string => JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));

export interface Tried {
  /** Keys of every trial's parameters. */
  readonly keys: ReadonlySet<string>;
  /** How many distinct points of the space those are (a warm start outside the space is not one). */
  readonly pointsOfSpace: number;
}

export function triedPoints(space: SearchSpace, trials: readonly Trial[]): Tried {
  const keys = new Set<string>();
  const ofSpace = new Set<string>();
  for (const trial of trials) {
    const key = pointKey(trial.params);
    keys.add(key);
    if (!ofSpace.has(key) && isPointOf(space, trial.params)) ofSpace.add(key);
  }
  return { keys, pointsOfSpace: ofSpace.size };
}

/** Whether every configuration of a finite space has been tried; never for an infinite one. */
export const spaceExhausted = (space: SearchSpace, tried: Tried): boolean => tried.pointsOfSpace >= finiteSize(space);

/**
 * An untried point of a finite space, or null when none is left. Small spaces: uniformly among the untried
 * points (`rng` picks which). Larger ones: the first untried point in grid order, which the walk reaches
 * within |tried| + 1 points, so no space is ever built whole.
 */
export function pickUntried(space: SearchSpace, tried: Tried, rng: Rng): ParamSet | null {
  const size = finiteSize(space);
  const left = size - tried.pointsOfSpace;
  if (!Number.isFinite(size) || left <= 0) return null;
  const small = size <= ENUMERATE_UNTRIED_LIMIT;
  let skip = small ? rng.int(0, left - 1) : 0;
  const maxSteps = small ? size : tried.pointsOfSpace + 1;
  let first: ParamSet | null = null;
  let steps = 0;
  for (const point of finitePoints(space)) {
    if (++steps > maxSteps) break;
    if (tried.keys.has(pointKey(point))) continue;
    first ??= point;
    if (skip-- === 0) return point;
  }
  return first;
}
