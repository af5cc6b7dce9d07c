/**
 * The sampler contract. A sampler proposes the parameters of the next trial from the space, the study's
 * seed and the trials so far, or says the space is exhausted. Samplers keep no hidden state: whatever they
 * need to remember goes into the suggestion's `system` and comes back to them on the trials.
 */
import type { ParamSet, SearchSpace } from '../space/types';
import type { Trial } from '../study/types';

export interface SamplerContext {
  readonly space: SearchSpace;
  readonly seed: number;
  /** Number the new trial will get (0-based). */
  readonly trialNumber: number;
  readonly trials: readonly Trial[];
  /** Whether larger objective values are better; model-based samplers need it. */
  readonly direction: 'maximize' | 'minimize';
}

export interface Suggestion {
  readonly params: ParamSet;
  readonly system: Readonly<Record<string, unknown>>;
}

export type SamplerKind = 'grid' | 'random' | 'tpe';

export interface Sampler {
  readonly kind: SamplerKind;
  /** Null when there is nothing left to try. */
  suggest(context: SamplerContext): Suggestion | null;
  /** How many trials the sampler can produce at most, or null if unbounded. */
  capacity(space: SearchSpace): number | null;
  /**
   * Whether `suggest(context)` gives the same point whatever the outcomes of `unknown` trials that the
   * context shows as running would have been: then the runner may suggest before they finish (to train
   * trials together) without changing what is suggested. Absent: never.
   */
  ignoresOutcomes?(context: SamplerContext, unknown: number): boolean;
}
