/** Comparing objective values, whichever direction the study optimises. */
import type { Objective, Trial } from './types';

export function isBetter(candidate: number, incumbent: number, objective: Objective): boolean {
  return objective.direction === 'maximize' ? candidate > incumbent : candidate < incumbent;
}

/** The completed trial with the best value; ties go to the earlier trial, as in GridSearchCV and Optuna. */
export function findBestTrial(trials: readonly Trial[], objective: Objective): Trial | null {
  let best: Trial | null = null;
  for (const trial of trials) {
    if (trial.state !== 'complete' || trial.value === null || !Number.isFinite(trial.value)) continue;
    if (best === null || isBetter(trial.value, best.value!, objective)) best = trial;
  }
  return best;
}

/** Trials ranked best first; trials without a value go last in trial order. */
export function rankTrials(trials: readonly Trial[], objective: Objective): Trial[] {
  const sign = objective.direction === 'maximize' ? -1 : 1;
  return [...trials].sort((a, b) => {
    const av = a.value ?? Number.NaN;
    const bv = b.value ?? Number.NaN;
    const aOk = Number.isFinite(av);
    const bOk = Number.isFinite(bv);
    if (aOk && bOk && av !== bv) return sign * (av - bv);
    if (aOk !== bOk) return aOk ? -1 : 1;
    return a.number - b.number;
  });
}
