/**
 * Enumerates every point of a search space in a stable order: the first parameter varies slowest,
 * as in scikit-learn's ParameterGrid. Conditional parameters appear only in the points where they are active.
 * How many points there are has one definition: valueCount per parameter (./sample.ts) and finiteSize over
 * the space (./finite.ts), both arithmetic. The size is checked against MAX_GRID_POINTS before anything is
 * listed, so a grid of 10^16 points is refused with a message naming its largest parameters instead of
 * allocating until the engine gives up ("Invalid array length").
 */
import { finitePoints, finiteSize, MAX_FINITE_SIZE } from './finite';
import { valueAt, valueCount } from './sample';
import type { ParamSet, ParamSpec, ParamValue, SearchSpace } from './types';
import { SearchSpaceError } from './validate';

/** A grid larger than this is almost certainly a mistake (a float range with a tiny step). */
export const MAX_GRID_POINTS = 100_000;

const continuousProblem = (p: ParamSpec) => `"${p.name}" is a continuous float; give it a step or make it categorical to grid-search it`;
const countText = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en') : 'more than 10^308');

/** The finite set of values a grid search visits for this parameter, or an explanation of why there is none. */
export function gridValues(param: ParamSpec): readonly ParamValue[] | string {
  if (param.kind === 'categorical') return param.choices;
  if (param.kind === 'float' && param.step === undefined) return continuousProblem(param);
  // Counted first: listing a range of 10^12 integers would exhaust memory before any cap could apply.
  const count = valueCount(param);
  if (!(count <= MAX_GRID_POINTS)) return `"${param.name}" takes ${countText(count)} values, more than the ${MAX_GRID_POINTS.toLocaleString('en')} a grid allows`;
  return Array.from({ length: count }, (_, k) => valueAt(param, k));
}

/** How many points the grid has, without building it; throws what enumerateGrid would. */
export function gridSize(space: SearchSpace): number {
  // Only continuous floats have no grid values; the others are counted, never listed.
  const problems = space.params.flatMap((p) => (p.kind === 'float' && p.step === undefined ? [continuousProblem(p)] : []));
  if (problems.length > 0) throw new SearchSpaceError(problems);
  const size = finiteSize(space);
  if (size <= MAX_GRID_POINTS) return size;
  // Name the parameters that make it large, largest first, with their counts, so the fix is obvious.
  const largest = space.params
    .map((p) => ({ name: p.name, count: valueCount(p) }))
    .filter((p) => p.count > 1)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)
    .map((p) => `"${p.name}" takes ${countText(p.count)} values`);
  const total = Number.isFinite(size) ? size.toLocaleString('en') : `more than ${MAX_FINITE_SIZE.toLocaleString('en')}`;
  throw new SearchSpaceError([`the grid would have ${total} points, more than the ${MAX_GRID_POINTS.toLocaleString('en')} allowed (${largest.join(', ')})`]);
}

export function enumerateGrid(space: SearchSpace): ParamSet[] {
  gridSize(space);
  return [...finitePoints(space)];
}
