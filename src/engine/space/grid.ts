/**
 * Enumerates every point of a search space in a stable order: the first parameter varies slowest,
 * as in scikit-learn's ParameterGrid. Conditional parameters appear only in the points where they are active.
 * The size is checked arithmetically first (./finite.ts), so an enormous grid is refused without being built.
 */
import { finitePoints, finiteSize } from './finite';
import { gridValues } from './sample';
import type { ParamSet, SearchSpace } from './types';
import { SearchSpaceError } from './validate';

/** A grid larger than this is almost certainly a mistake (a float range with a tiny step). */
export const MAX_GRID_POINTS = 100_000;

/** How many points the grid has, without building it; throws what enumerateGrid would. */
export function gridSize(space: SearchSpace): number {
  // Only continuous floats have no grid values; listing an int's values here would build a huge range.
  const problems = space.params.flatMap((p) => (p.kind === 'float' && p.step === undefined ? [gridValues(p) as string] : []));
  if (problems.length > 0) throw new SearchSpaceError(problems);
  const size = finiteSize(space);
  if (size > MAX_GRID_POINTS) throw new SearchSpaceError([`the grid has more than ${MAX_GRID_POINTS.toLocaleString('en')} points`]);
  return size;
}

export function enumerateGrid(space: SearchSpace): ParamSet[] {
  gridSize(space);
  return [...finitePoints(space)];
}
