/**
 * Grid search: every point of the space once, in a stable order. The index of each point is stored on its
 * trial, so a resumed study continues with the first index no trial has taken yet.
 */
import { enumerateGrid } from '../space/grid';
import type { Sampler } from './types';

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
      for (const trial of trials) {
        const index = trial.system['gridIndex'];
        if (typeof index === 'number') taken.add(index);
      }
      for (let index = 0; index < points.length; index++) {
        if (!taken.has(index)) return { params: points[index]!, system: { gridIndex: index } };
      }
      return null;
    },
  };
}
