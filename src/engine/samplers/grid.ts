/**
 * Grid search: every point of the space once, in a stable order. The index of each point is stored on its
 * trial, so a resumed study continues with the first index no trial has taken yet. A point some other trial
 * already tried (a warm start, an imported trial) is skipped too: it would train the same configuration again.
 */
import { enumerateGrid } from '../space/grid';
import type { Sampler } from './types';
import { pointKey } from './untried';

export function createGridSampler(): Sampler {
  // Enumerating is cheap for the grids people write, but cache per space object to keep suggest() O(1) amortised.
  let cachedSpace: unknown = null;
  let cachedPoints: ReturnType<typeof enumerateGrid> = [];
  const pointsFor = (space: Parameters<Sampler['capacity']>[0]) => {
    if (cachedSpace !== space) {
      cachedPoints = enumerateGrid(space);
      cachedSpace = space;
    }
    return cachedPoints;
  };

  return {
    kind: 'grid',
    capacity: (space) => pointsFor(space).length,
    ignoresOutcomes: () => true,
    suggest({ space, trials }) {
      const points = pointsFor(space);
      const taken = new Set<number>();
      const tried = new Set<string>();
      for (const trial of trials) {
        const index = trial.system['gridIndex'];
        if (typeof index === 'number') taken.add(index);
        else tried.add(pointKey(trial.params));
      }
      for (let index = 0; index < points.length; index++) {
        if (!taken.has(index) && !tried.has(pointKey(points[index]!))) return { params: points[index]!, system: { gridIndex: index } };
      }
      return null;
    },
  };
}
