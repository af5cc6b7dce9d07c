/** Decides, after an epoch, whether a trial stops: the one function both the worker and the tests call. */
import { assertNever } from '../../shared/assertNever';
import type { Direction, HalvingPlan, MedianPlan, PruningDecision, PruningPlan } from './types';

const better = (a: number, b: number, direction: Direction) => (direction === 'maximize' ? a > b : a < b);

function decideMedian(plan: MedianPlan, values: readonly number[], direction: Direction): PruningDecision {
  const step = values.length;
  if (step <= plan.warmupSteps) return { prune: false };
  const last = values[step - 1]!;
  if (!Number.isFinite(last)) return { prune: true };
  const median = plan.medians[step - 1];
  if (median === null || median === undefined) return { prune: false };
  const best = values.reduce((acc, v) => (better(v, acc, direction) ? v : acc));
  return { prune: better(median, best, direction) };
}

/**
 * Optuna's promotion rule: with n values at the rung (the trial's included), the trial continues if it is at
 * least as good as the ⌊n/η⌋-th best (the best itself when n < η).
 */
export function isPromotable(value: number, competitors: readonly number[], reductionFactor: number, direction: Direction): boolean {
  const all = [...competitors, value].sort((a, b) => (direction === 'maximize' ? b - a : a - b));
  const index = Math.max(0, Math.floor(all.length / reductionFactor) - 1);
  return direction === 'maximize' ? value >= all[index]! : value <= all[index]!;
}

function decideHalving(plan: HalvingPlan, values: readonly number[], direction: Direction): PruningDecision {
  const step = values.length;
  const rung = plan.rungs.find((r) => r.step === step);
  if (!rung) return { prune: false };
  const value = values[step - 1]!;
  if (!Number.isFinite(value)) return { prune: true };
  return isPromotable(value, rung.competitors, plan.reductionFactor, direction) ? { prune: false, promotedAt: step } : { prune: true };
}

export function decide(plan: PruningPlan, values: readonly number[], direction: Direction): PruningDecision {
  switch (plan.kind) {
    case 'median':
      return decideMedian(plan, values, direction);
    case 'halving':
      return decideHalving(plan, values, direction);
    default:
      return assertNever(plan, 'pruning plan');
  }
}
