/** Sampler names → factories, so a study configuration stays serialisable (a name, not a function). */
import { assertNever } from '../../shared/assertNever';
import { createGridSampler } from './grid';
import { createRandomSampler } from './random';
import { createTpeSampler } from './tpe/sampler';
import type { Sampler, SamplerKind } from './types';

export const SAMPLER_KINDS: readonly SamplerKind[] = ['grid', 'random', 'tpe'];

export function createSampler(kind: SamplerKind): Sampler {
  switch (kind) {
    case 'grid':
      return createGridSampler();
    case 'random':
      return createRandomSampler();
    case 'tpe':
      return createTpeSampler();
    default:
      return assertNever(kind, 'sampler kind');
  }
}
