/**
 * Random search. Trial n's parameters come from a stream forked from the study seed by n alone, so they do
 * not depend on how many other trials ran, failed or were retried before it.
 * Draws that repeat an earlier trial exactly are redrawn (a few times) so small spaces are not wasted.
 */
import { isActive } from '../space/conditions';
import { sampleParam } from '../space/sample';
import type { ParamSet, ParamValue, SearchSpace } from '../space/types';
import { createRng } from '../study/rng';
import type { Trial } from '../study/types';
import type { Sampler } from './types';

const MAX_REDRAWS = 16;

function drawPoint(space: SearchSpace, seed: number, trialNumber: number, attempt: number): ParamSet {
  const rng = createRng(seed).fork(`random:${trialNumber}:${attempt}`);
  const values: Record<string, ParamValue> = {};
  for (const param of space.params) {
    if (isActive(param, values)) values[param.name] = sampleParam(param, rng);
  }
  return values;
}

/** A canonical text form of a point, for spotting duplicates. */
export const pointKey = (params: ParamSet): string => JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));

/** A random point for trial n, redrawn a few times if it repeats an earlier trial. */
export function drawRandomPoint(space: SearchSpace, seed: number, trialNumber: number, trials: readonly Trial[]): ParamSet {
  const seen = new Set(trials.map((t) => pointKey(t.params)));
  let point = drawPoint(space, seed, trialNumber, 0);
  for (let attempt = 1; attempt <= MAX_REDRAWS && seen.has(pointKey(point)); attempt++) {
    point = drawPoint(space, seed, trialNumber, attempt);
  }
  return point;
}

export function createRandomSampler(): Sampler {
  return {
    kind: 'random',
    capacity: () => null,
    // Parameters of earlier trials matter (duplicates), their outcomes never do.
    ignoresOutcomes: () => true,
    suggest: ({ space, seed, trialNumber, trials }) => ({ params: drawRandomPoint(space, seed, trialNumber, trials), system: {} }),
  };
}
