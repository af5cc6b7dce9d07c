/** The study the orchestrator runs and the UI shows: configuration, dataset summary, trials, outcome. */
import type { BestResult, Objective, Trial } from '../engine/study/types';
import type { TaskKind } from '../data/types';
import type { BackendReport } from '../protocol/backend';
import type { TrainedModel, TrainingResult } from '../protocol/training';
import type { StudyConfig } from '../search/config';

export type StudyState = 'idle' | 'running' | 'finished' | 'stopped' | 'failed';

export interface DatasetSummary {
  readonly name: string;
  readonly source: { readonly kind: 'builtin'; readonly id: string } | { readonly kind: 'file'; readonly fileName: string };
  readonly rows: number;
  readonly columns: number;
  readonly target: string;
  readonly task: TaskKind;
  readonly classNames: readonly string[];
  readonly featureNames: readonly string[];
  /** SHA-256 of the file's bytes. */
  readonly fingerprint: string;
  readonly trainRows: number;
  readonly testRows: number;
}

export interface StudyRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly config: StudyConfig;
  readonly objective: Objective;
  readonly dataset: DatasetSummary;
  state: StudyState;
  /** Why the study stopped or failed, or why it finished before its budget (every configuration tried), in words for the UI. */
  message: string | null;
  backend: BackendReport | null;
  readonly trials: Trial[];
  best: BestResult | null;
  /** The best configuration refit on the training split, for export and prediction (not part of the study JSON). */
  bestModel: TrainedModel | null;
  /** The refit model's outputs on the test rows (for the confusion matrix); not part of the study JSON. */
  testPredictions: TrainingResult['testPredictions'] | null;
  startedAt: number | null;
  finishedAt: number | null;
}
