/**
 * Builds the pruning plan for the next trial from the trials so far.
 * - median: Optuna's MedianPruner (5 startup trials, no warm-up by default).
 * - asha: asynchronous successive halving, η = 3, rungs at min_resource · η^k epochs (Li et al. 2020).
 * - hyperband: ASHA brackets with min-early-stopping rates 0…B−1; each trial joins one bracket, drawn with
 *   weights favouring aggressive brackets (as Optuna's HyperbandPruner), and competes only within it.
 * A promoted trial keeps training the same model from the rung on: nothing is retrained.
 */
import { assertNever } from '../../shared/assertNever';
import { median } from '../../shared/stats';
import { createRng } from '../study/rng';
import type { Trial } from '../study/types';
import type { Direction, HalvingPlan, PrunerKind, PruningPlan, Rung } from './types';

export interface PrunerSettings {
  readonly kind: PrunerKind;
  /** The most epochs a trial trains (the Hyperband maximum resource). */
  readonly maxEpochs: number;
  readonly reductionFactor?: number;
  readonly minEpochs?: number;
  readonly startupTrials?: number;
  readonly warmupSteps?: number;
}

export interface PlanContext {
  readonly trials: readonly Trial[];
  readonly trialNumber: number;
  readonly seed: number;
  readonly direction: Direction;
}

/** A trial's intermediate values: validation objective of its first run, indexed by step − 1. */
export function intermediateValues(trial: Trial): number[] {
  const values: number[] = [];
  for (const record of trial.epochs) {
    if (record.fold === 0 && record.valScore !== undefined) values[record.epoch] = record.valScore;
  }
  return values;
}

function medianPlan(settings: PrunerSettings, context: PlanContext): PruningPlan | null {
  const completed = context.trials.filter((t) => t.state === 'complete' && t.number !== context.trialNumber);
  if (completed.length < (settings.startupTrials ?? 5)) return null;
  const curves = completed.map(intermediateValues);
  const medians = Array.from({ length: settings.maxEpochs }, (_, i) => {
    const atStep = curves.map((c) => c[i]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return atStep.length > 0 ? median(atStep) : null;
  });
  return { kind: 'median', warmupSteps: settings.warmupSteps ?? 0, medians };
}

export function rungSteps(maxEpochs: number, minEpochs: number, eta: number, earlyStoppingRate: number): number[] {
  const steps: number[] = [];
  for (let k = earlyStoppingRate; ; k++) {
    const step = minEpochs * eta ** k;
    if (step >= maxEpochs) break; // a trial that reaches max epochs simply completes
    steps.push(step);
  }
  return steps;
}

function halvingPlan(settings: PrunerSettings, context: PlanContext, earlyStoppingRate: number, bracket: number | undefined): HalvingPlan {
  const eta = settings.reductionFactor ?? 3;
  const minEpochs = settings.minEpochs ?? 1;
  const peers = context.trials.filter((t) => t.number !== context.trialNumber && (bracket === undefined || t.system['bracket'] === bracket));
  const curves = peers.map(intermediateValues);
  const rungs: Rung[] = rungSteps(settings.maxEpochs, minEpochs, eta, earlyStoppingRate).map((step) => ({
    step,
    competitors: curves.map((c) => c[step - 1]).filter((v): v is number => v !== undefined && Number.isFinite(v)),
  }));
  return { kind: 'halving', reductionFactor: eta, rungs, ...(bracket !== undefined ? { bracket } : {}) };
}

export function hyperbandBrackets(settings: PrunerSettings): number {
  const eta = settings.reductionFactor ?? 3;
  const ratio = settings.maxEpochs / (settings.minEpochs ?? 1);
  return Math.max(1, Math.floor(Math.log(ratio) / Math.log(eta) + 1e-9) + 1);
}

/** The bracket a trial joins: fixed by seed and trial number, so a resumed study agrees with itself. */
export function hyperbandBracket(settings: PrunerSettings, seed: number, trialNumber: number): number {
  const eta = settings.reductionFactor ?? 3;
  const count = hyperbandBrackets(settings);
  const weights = Array.from({ length: count }, (_, i) => eta ** (count - 1 - i) / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = createRng(seed).fork(`hyperband:${trialNumber}`).next() * total;
  for (let i = 0; i < count; i++) {
    u -= weights[i]!;
    if (u <= 0) return i;
  }
  return count - 1;
}

export function createPruningPlan(settings: PrunerSettings, context: PlanContext): PruningPlan | null {
  switch (settings.kind) {
    case 'none':
      return null;
    case 'median':
      return medianPlan(settings, context);
    case 'asha':
      return halvingPlan(settings, context, 0, undefined);
    case 'hyperband': {
      const bracket = hyperbandBracket(settings, context.seed, context.trialNumber);
      return halvingPlan(settings, context, bracket, bracket);
    }
    default:
      return assertNever(settings.kind, 'pruner kind');
  }
}
