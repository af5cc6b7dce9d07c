/**
 * Random search. Trial n's parameters come from a stream forked from the study seed by n alone, so they do
 * not depend on how many other trials ran, failed or were retried before it.
 * Draws that repeat an earlier trial exactly are redrawn (a few times) so small spaces are not wasted; on a
 * finite space, if the redraws all repeat, an untried point is chosen instead (./untried.ts), and once every
 * point has been tried the sampler reports exhaustion.
 */
import { isActive } from '../space/conditions';
import { finiteSize } from '../space/finite';
import { sampleParam } from '../space/sample';
import type { ParamSet, ParamValue, SearchSpace } from '../space/types';
import { createRng } from '../study/rng';
import type { Trial } from '../study/types';
import type { Sampler } from './types';
import { pickUntried, pointKey, spaceExhausted, triedPoints } from './untried';

const MAX_REDRAWS = 16;

function drawPoint(space: SearchSpace, seed: number, trialNumber: number, attempt: number): ParamSet {
  const rng = createRng(seed).fork(`random:${trialNumber}:${attempt}`);
  const values: Record<string, ParamValue> = {};
  for (const param of space.params) {
    if (isActive(param, values)) values[param.name] = sampleParam(param, rng);
  }
  return values;
}

/**
 * A random point for trial n, redrawn a few times if it repeats an earlier trial; null when the space is
 * finite and every point of it has been tried. The draws are those of `random:n:attempt` as before, so a
 * seed gives the same trials; only a draw that would have repeated a point on a finite space changes.
 */
export function drawRandomPoint(space: SearchSpace, seed: number, trialNumber: number, trials: readonly Trial[]): ParamSet | null {
  const tried = triedPoints(space, trials);
  if (spaceExhausted(space, tried)) return null;
  let point = drawPoint(space, seed, trialNumber, 0);
  for (let attempt = 1; attempt <= MAX_REDRAWS && tried.keys.has(pointKey(point)); attempt++) {
    point = drawPoint(space, seed, trialNumber, attempt);
  }
  if (tried.keys.has(pointKey(point)) && Number.isFinite(finiteSize(space))) {
    // Redraws keep landing on tried points (a small or nearly spent space): choose among what is left.
    return pickUntried(space, tried, createRng(seed).fork(`untried:${trialNumber}`)) ?? point;
  }
  return point;
}

export function createRandomSampler(): Sampler {
  return {
    kind: 'random',
    capacity: (space) => (Number.isFinite(finiteSize(space)) ? finiteSize(space) : null),
    // Parameters of earlier trials matter (duplicates, exhaustion), their outcomes never do.
    ignoresOutcomes: () => true,
    suggest({ space, seed, trialNumber, trials }) {
      const params = drawRandomPoint(space, seed, trialNumber, trials);
      return params ? { params, system: {} } : null;
    },
  };
}
