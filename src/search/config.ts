/**
 * A study's configuration as plain JSON: everything needed to run it again (space, sampler, budget, seeds,
 * evaluation, backend). Presets produce one; URL parameters adjust it; the export records it.
 */
import type { PrunerKind } from '../engine/pruners/types';
import type { MetricName } from '../metrics/metrics';
import type { SamplerKind } from '../engine/samplers/types';
import type { ParamSet, ParamValue, SearchSpace } from '../engine/space/types';
import type { BackendPreference } from '../protocol/backend';

/**
 * How trials are validated. Cross-validation may be repeated: `repeats` rounds of k folds, each round a new
 * seeded partition of the rows (absent: 1), and a trial's value is the mean over all of them.
 */
export type Evaluation =
  | { readonly kind: 'cross-validation'; readonly folds: number; readonly repeats?: number }
  | { readonly kind: 'holdout'; readonly validationFraction: number };

/** Most folds and most rounds a (repeated) cross-validation may have: each multiplies every trial's training. */
export const MAX_CV_FOLDS = 20;
export const MAX_CV_REPEATS = 10;

/** Training runs a trial of this evaluation makes: folds × repeats, or one for a hold-out. */
export function evaluationRuns(evaluation: Evaluation): number {
  return evaluation.kind === 'cross-validation' ? evaluation.folds * (evaluation.repeats ?? 1) : 1;
}

/** The evaluation in a few words: "hold-out", "5-fold CV", "5-fold CV × 2". */
export function describeEvaluation(evaluation: Evaluation): string {
  if (evaluation.kind === 'holdout') return 'hold-out';
  const repeats = evaluation.repeats ?? 1;
  return `${evaluation.folds}-fold CV${repeats > 1 ? ` × ${repeats}` : ''}`;
}

/** Compact names for a validation choice, as the URL and the search panel spell them: holdout, cv3, cv5, cv10. */
export const VALIDATION_CHOICES = ['holdout', 'cv3', 'cv5', 'cv10'] as const;
export type ValidationChoice = (typeof VALIDATION_CHOICES)[number];

/** A hold-out keeps 20 % of the training rows for validation; k-fold rotates k folds (stratified for classes). */
export function evaluationFor(choice: ValidationChoice): Evaluation {
  return choice === 'holdout' ? { kind: 'holdout', validationFraction: 0.2 } : { kind: 'cross-validation', folds: Number(choice.slice(2)) };
}

export interface StudyConfig {
  readonly presetId: string;
  readonly space: SearchSpace;
  /** Settings every trial shares, under the same names as searchable parameters (a parameter in the space wins). */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  readonly sampler: SamplerKind;
  /** Configurations to try first, in order, before the sampler proposes any (warm start). */
  readonly enqueued: readonly ParamSet[];
  readonly pruner: PrunerKind;
  readonly maxTrials: number;
  /** Caps every trial's epochs (URL `epochs=`), for quick runs on slow backends. */
  readonly maxEpochs: number | null;
  /** Wall-clock budget: no trial starts after this many minutes (running ones finish). Null: none. */
  readonly maxMinutes: number | null;
  readonly seed: number;
  /** Seed of the train/test split, kept apart from the search seed so studies with different seeds share a test set. */
  readonly splitSeed: number;
  /** What to optimise; null: accuracy for classification, R² for regression. */
  readonly objective: MetricName | null;
  readonly testFraction: number;
  readonly evaluation: Evaluation;
  readonly backend: BackendPreference;
  /**
   * Blend the best trials by greedy ensemble selection on their validation outputs when that beats the best
   * trial alone (the members are refit and the blend is tested once). Absent: the best trial alone.
   */
  readonly ensemble?: boolean;
  /**
   * Search on at most this many training rows (a seeded, stratified sample); the final model is still refit
   * on every training row. Absent: all of them.
   */
  readonly searchRows?: number;
}
