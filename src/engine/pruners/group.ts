/**
 * Pruning for trials trained together. Alone, trial m's plan is made from the outcomes of trials 0…m−N (the
 * study runner's determinism rule). In a group, some of those trials are still training beside it, and trials
 * on other workers may still be running. A member may join only when its plan is nonetheless exactly the one
 * it would have had, which depends on the pruner:
 * - none: no plan, nothing to see.
 * - median: medians over *completed* trials, which a trial still training cannot be known to become; so only
 *   a plan that is null however those trials end (too few completed for the pruner to start) is safe.
 * - asha / hyperband: a rung's competitors are the other trials' first-run values at that step, any state.
 *   Group-mates train epoch by epoch in lockstep, earlier members reporting first, so the worker adds their
 *   values at the rung as they arrive ("peers"): the same values their finished curves would have given.
 *   A competitor still running elsewhere cannot be added that way, so it keeps the trial out of the group.
 */
import type { Trial } from '../study/types';
import { createPruningPlan, hyperbandBracket, type PlanContext, type PrunerSettings } from './plan';
import type { PruningPlan } from './types';

/** A trial as seen before its outcome is known: parameters and bookkeeping only. */
export const withoutOutcome = (trial: Trial): Trial => ({ ...trial, state: 'running', value: null, epochs: [], foldScores: [], metrics: {} });

export interface MemberPruning {
  readonly plan: PruningPlan | null;
  /** Trial numbers (among `lockstep`) whose first-run values at each rung the worker adds as competitors. */
  readonly peers: readonly number[];
}

/**
 * The plan of `context.trialNumber` when `lockstep` trials (earlier members of its group) and `unknown` ones
 * (running elsewhere) would have been finished and visible to it alone; null when no plan made now can equal
 * that one. `context.trials` may show those trials in any state: they are hidden here.
 */
export function planBesideUnfinished(settings: PrunerSettings, context: PlanContext, lockstep: readonly Trial[], unknown: readonly Trial[]): MemberPruning | null {
  const hidden = new Set([...lockstep, ...unknown].map((t) => t.number));
  const seen = context.trials.map((t) => (hidden.has(t.number) ? withoutOutcome(t) : t));
  const plan = createPruningPlan(settings, { ...context, trials: seen });
  if (hidden.size === 0) return { plan, peers: [] };
  switch (settings.kind) {
    case 'none':
      return { plan: null, peers: [] };
    case 'median': {
      const allCompleted = seen.map((t): Trial => (hidden.has(t.number) ? { ...t, state: 'complete' } : t));
      return plan === null && createPruningPlan(settings, { ...context, trials: allCompleted }) === null ? { plan: null, peers: [] } : null;
    }
    case 'asha':
    case 'hyperband': {
      const bracket = settings.kind === 'hyperband' ? hyperbandBracket(settings, context.seed, context.trialNumber) : undefined;
      const competes = (t: Trial) => bracket === undefined || t.system['bracket'] === bracket;
      if (unknown.some(competes)) return null;
      return { plan, peers: lockstep.filter(competes).map((t) => t.number) };
    }
  }
}

/** The plan with `values` (peers' values at `step`; non-finite ones are left out, as plans leave them) added to the rung at `step`. */
export function withPeerValues(plan: PruningPlan, step: number, values: readonly (number | undefined)[]): PruningPlan {
  if (plan.kind !== 'halving') return plan; // median plans never get peers (see above)
  const extra = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (extra.length === 0) return plan;
  return { ...plan, rungs: plan.rungs.map((r) => (r.step === step ? { ...r, competitors: [...r.competitors, ...extra] } : r)) };
}
