/**
 * Early stopping of poor trials. A pruner turns the study so far into a PruningPlan: plain data that the
 * training worker checks after every epoch with `decide` (decide.ts), without a round trip to the page.
 * With one worker this makes pruning deterministic: the plan is fixed before the trial starts.
 *
 * Steps count finished epochs (1 = after the first epoch), as resources do in the Hyperband papers.
 * Intermediate values are the validation objective of the trial's first run (fold 0 under cross-validation).
 */

export type PrunerKind = 'none' | 'median' | 'asha' | 'hyperband';

export const PRUNER_KINDS: readonly PrunerKind[] = ['none', 'median', 'asha', 'hyperband'];

export type Direction = 'maximize' | 'minimize';

/** Median stopping: stop when the trial's best so far is worse than the median of completed trials at that step. */
export interface MedianPlan {
  readonly kind: 'median';
  readonly warmupSteps: number;
  /** Median of completed trials' values at step s, at index s − 1; null where fewer than the minimum reported. */
  readonly medians: readonly (number | null)[];
}

/** One rung of successive halving: trials reaching `step` continue only if in the top 1/η of `competitors`. */
export interface Rung {
  readonly step: number;
  /** Values other trials recorded at this rung (any state). */
  readonly competitors: readonly number[];
}

/** Asynchronous successive halving (ASHA); Hyperband is ASHA in a bracket chosen per trial. */
export interface HalvingPlan {
  readonly kind: 'halving';
  readonly reductionFactor: number;
  readonly rungs: readonly Rung[];
  /** Hyperband's bracket for this trial; absent for plain ASHA. */
  readonly bracket?: number;
}

export type PruningPlan = MedianPlan | HalvingPlan;

export interface PruningDecision {
  readonly prune: boolean;
  /** Rungs passed at this step (ASHA/Hyperband): the trial was promoted and continues. */
  readonly promotedAt?: number;
}
