/**
 * Enumerates every point of a search space in a stable order: the first parameter varies slowest,
 * as in scikit-learn's ParameterGrid. Conditional parameters appear only in the points where they are active.
 */
import { isActive } from './conditions';
import { gridValues } from './sample';
import type { ParamSet, ParamValue, SearchSpace } from './types';
import { SearchSpaceError } from './validate';

/** A grid larger than this is almost certainly a mistake (a float range with a tiny step). */
export const MAX_GRID_POINTS = 100_000;

export function enumerateGrid(space: SearchSpace): ParamSet[] {
  const valuesByParam = space.params.map((p) => gridValues(p));
  const problems = valuesByParam.filter((v): v is string => typeof v === 'string');
  if (problems.length > 0) throw new SearchSpaceError(problems);

  const points: ParamSet[] = [];
  const visit = (index: number, partial: Record<string, ParamValue>): void => {
    if (points.length > MAX_GRID_POINTS) {
      throw new SearchSpaceError([`the grid has more than ${MAX_GRID_POINTS.toLocaleString('en')} points`]);
    }
    if (index === space.params.length) {
      points.push({ ...partial });
      return;
    }
    const param = space.params[index]!;
    if (!isActive(param, partial)) {
      visit(index + 1, partial);
      return;
    }
    for (const value of valuesByParam[index] as readonly ParamValue[]) {
      partial[param.name] = value;
      visit(index + 1, partial);
    }
    delete partial[param.name];
  };
  visit(0, {});
  return points;
}

export function gridSize(space: SearchSpace): number {
  return enumerateGrid(space).length;
}
