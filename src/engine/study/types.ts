/**
 * The study as plain, cloneable data: what was tried, what happened, and what was best. The orchestrator
 * updates it, the UI reads it, and the export writes it out as it is.
 */
import type { MetricName } from '../../metrics/metrics';
import type { ParamSet } from '../space/types';

export type TrialState = 'running' | 'complete' | 'failed' | 'pruned' | 'stopped';

export type ObjectiveMetric = MetricName;

export interface Objective {
  readonly metric: ObjectiveMetric;
  readonly direction: 'maximize' | 'minimize';
}

/** One epoch of one fold of one trial. Validation fields are absent when the run has no validation data. */
export interface EpochRecord {
  readonly fold: number;
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number;
  readonly valScore?: number;
}

/** Final metrics of a model on some evaluation data, keyed by metric name (accuracy, loss, r2, rmse…). */
export type Metrics = Readonly<Record<string, number>>;

export interface Trial {
  readonly number: number;
  state: TrialState;
  readonly params: ParamSet;
  /** Sampler and pruner bookkeeping (e.g. the grid index), kept on the trial so a resume needs nothing else. */
  readonly system: Readonly<Record<string, unknown>>;
  readonly epochs: EpochRecord[];
  /** Objective value of each cross-validation fold (one entry for a hold-out evaluation). */
  readonly foldScores: number[];
  /** Validation metrics averaged over folds. */
  metrics: Metrics;
  /** The objective: the mean over folds. Null until the trial completes. */
  value: number | null;
  readonly startedAt: number;
  durationMs: number | null;
  backend: string | null;
  error?: string;
  /**
   * Epochs each run trained (after early stopping), or for boosted trees the rounds each run kept: what a
   * refit without validation data trains for. Absent in studies saved before it was recorded.
   */
  epochsRun?: number[];
  /** Epochs finished when a pruner stopped the trial. */
  prunedAtEpoch?: number;
  /** Epochs at which the trial passed a successive-halving rung and continued training the same model. */
  promotions?: number[];
  /** Model size and single-row prediction latency (ms) on the backend that trained it. */
  cost?: { readonly parameters: number; readonly bytes: number; readonly latencyMs: number };
  /** Set when it was trained together with others as one computation: the group's size (itself included). */
  group?: { readonly size: number };
}

export interface BestResult {
  readonly trialNumber: number;
  readonly params: ParamSet;
  readonly value: number;
  /** Metrics of the best configuration refit on the whole training split, scored on the held-out test split. */
  testMetrics: Metrics | null;
  /**
   * Set when the final model is a weighted blend of trials (greedy ensemble selection on their validation
   * outputs): the members and weights (summing to 1). `value` is then the blend's validation score and
   * `trialNumber`/`params` name its best single member.
   */
  ensemble?: { readonly members: readonly EnsembleMember[]; readonly bestSingleValue: number };
}

export interface EnsembleMember {
  readonly trialNumber: number;
  readonly weight: number;
}
