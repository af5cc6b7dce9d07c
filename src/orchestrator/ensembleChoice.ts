/**
 * The final model as an ensemble: keeps the best trials' out-of-fold outputs while a study runs, then blends
 * them by greedy ensemble selection (Caruana et al. 2004, as auto-sklearn and AutoGluon do) on those
 * validation outputs only, and keeps the blend when it beats the best trial alone on the same rows. The
 * test rows never take part: the chosen members are refit and the blend is scored once, like a single best.
 */
import { isBetter } from '../engine/study/objective';
import type { EnsembleMember, Objective, Trial } from '../engine/study/types';
import type { ModelData } from '../data/types';
import { blendPredictions, selectEnsemble } from '../learners/ensemble';
import { metricsOfOutputs } from '../metrics/outputMetrics';
import type { TrainingRun } from '../protocol/training';

/** Candidates kept for selection: the best trials by validation value (AutoGluon blends from its top models too). */
export const ENSEMBLE_CANDIDATES = 20;
/** Rounds of greedy selection with replacement (AutoGluon's default is 25). */
export const ENSEMBLE_ROUNDS = 25;

export interface EnsembleChoice {
  readonly members: readonly EnsembleMember[];
  /** The blend's validation score on the out-of-fold rows. */
  readonly value: number;
  readonly bestSingleValue: number;
}

/**
 * Each trial's outputs on its validation rows, concatenated over folds in the order of `runs` (every trial
 * of a study has the same folds, so the rows line up), kept for the best ENSEMBLE_CANDIDATES trials only.
 */
export function createOutputKeeper(objective: Objective) {
  const kept = new Map<number, { value: number; outputs: Float32Array }>();
  return {
    keep(trial: Trial, outputs: readonly Float32Array[]): void {
      if (trial.state !== 'complete' || trial.value === null || outputs.length === 0) return;
      const total = outputs.reduce((n, o) => n + o.length, 0);
      const joined = new Float32Array(total);
      outputs.reduce((at, o) => (joined.set(o, at), at + o.length), 0);
      kept.set(trial.number, { value: trial.value, outputs: joined });
      if (kept.size <= ENSEMBLE_CANDIDATES) return;
      // Drop the worst (ties: the later trial), so memory stays at ENSEMBLE_CANDIDATES outputs.
      let worst: number | null = null;
      for (const [n, k] of kept) if (worst === null || isBetter(kept.get(worst)!.value, k.value, objective) || (kept.get(worst)!.value === k.value && n > worst)) worst = n;
      kept.delete(worst!);
    },
    forget(trialNumber: number): void {
      kept.delete(trialNumber);
    },
    /** The kept trials, best first (ties: the earlier trial). */
    candidates(): { trialNumber: number; value: number; outputs: Float32Array }[] {
      return [...kept.entries()]
        .map(([trialNumber, k]) => ({ trialNumber, ...k }))
        .sort((a, b) => (a.value === b.value ? a.trialNumber - b.trialNumber : isBetter(a.value, b.value, objective) ? -1 : 1));
    },
  };
}

export type OutputKeeper = ReturnType<typeof createOutputKeeper>;

/** The objective of outputs on the out-of-fold rows, higher is better (minimised metrics negated). */
function scorer(data: ModelData, targets: Float32Array, objective: Objective) {
  const k = data.task.kind === 'regression' ? 0 : data.task.classNames.length;
  const sign = objective.direction === 'maximize' ? 1 : -1;
  return (outputs: Float32Array) => sign * metricsOfOutputs(outputs, targets, data.task.kind, k)[objective.metric]!;
}

/**
 * A blend of the kept trials that beats the best of them on the out-of-fold rows, or null (fewer than two
 * candidates, or no blend better than the best single trial).
 */
export function chooseEnsemble(keeper: OutputKeeper, data: ModelData, runs: readonly TrainingRun[], objective: Objective): EnsembleChoice | null {
  const candidates = keeper.candidates();
  if (candidates.length < 2) return null;
  const targets = Float32Array.from(runs.flatMap((r) => r.evaluate), (row) => data.targets[row]!);
  const score = scorer(data, targets, objective);
  const outputs = candidates.map((c) => c.outputs);
  const { weights } = selectEnsemble(outputs, targets, data.task.kind, data.task.kind === 'regression' ? 0 : data.task.classNames.length, score, { rounds: ENSEMBLE_ROUNDS });
  const members = candidates.map((c, i) => ({ trialNumber: c.trialNumber, weight: weights[i]! })).filter((m) => m.weight > 0);
  if (members.length < 2) return null;
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const blended = score(blendPredictions(outputs, weights)) * sign;
  // Scored on the same out-of-fold rows as the best single trial's own outputs (not its mean of fold scores).
  const single = score(outputs[0]!) * sign;
  if (!isBetter(blended, single, objective)) return null;
  return { members, value: blended, bestSingleValue: single };
}
