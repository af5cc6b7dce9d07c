/**
 * The layout of the "sweeplab" IndexedDB database and the record types in it. Kept apart from the
 * operations so that a later version's migration reads as one list of steps.
 *
 * Stores (all keys are arrays so that one key range selects a study's, or a trial's, rows in order):
 * - studies: one row per study, keyed by id: configuration, dataset summary, status and a summary for lists.
 * - trials:  keyed [studyId, number]: the Trial without its epochs.
 * - epochs:  keyed [studyId, trialNumber, fold, epoch]: one EpochRecord per row, so progress is appended
 *            without rewriting the trial, and a crash loses at most the batch being written.
 * - models:  keyed by studyId: the best configuration's refit model (weights as an ArrayBuffer).
 */
import type { BestResult, EpochRecord, Objective, Trial, TrialState } from '../engine/study/types';
import type { DatasetSummary } from '../orchestrator/studyRecord';
import type { BackendReport } from '../protocol/backend';
import type { TrainedModel, TrainingResult } from '../protocol/training';
import type { StudyConfig } from '../search/config';

export const DB_NAME = 'sweeplab';
/** Bump with a new step in `upgradeStudyDb` whenever a store or index changes. */
export const DB_VERSION = 1;

export const STUDIES = 'studies';
export const TRIALS = 'trials';
export const EPOCHS = 'epochs';
export const MODELS = 'models';
export const ALL_STORES = [STUDIES, TRIALS, EPOCHS, MODELS] as const;

/**
 * What is written. 'running' stays on disk if the tab dies; a reader that did not start the run itself
 * reports such a study as 'interrupted'.
 */
export type StudyStatus = 'running' | 'finished' | 'stopped' | 'interrupted' | 'failed';

export interface StudySummaryStats {
  readonly trialCount: number;
  readonly completeCount: number;
  /** Best objective value among complete trials, by the study's direction; null until one completes. */
  readonly bestValue: number | null;
  readonly bestTrialNumber: number | null;
}

export interface StoredStudy {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: number;
  readonly status: StudyStatus;
  readonly message: string | null;
  readonly config: StudyConfig;
  readonly objective: Objective;
  /** Includes the fingerprint (SHA-256) and, for a built-in dataset, its id: what a resume must reload. */
  readonly dataset: DatasetSummary;
  readonly backend: BackendReport | null;
  readonly best: BestResult | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly summary: StudySummaryStats;
}

export type StoredTrial = Omit<Trial, 'epochs'> & { readonly studyId: string };
export type StoredEpoch = EpochRecord & { readonly studyId: string; readonly trialNumber: number };

export interface StoredModel {
  readonly studyId: string;
  readonly trialNumber: number;
  readonly savedAt: number;
  readonly model: TrainedModel;
  readonly testPredictions: TrainingResult['testPredictions'] | null;
}

/** Each step brings the database from the previous version; a fresh install runs them all. */
export function upgradeStudyDb(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(STUDIES, { keyPath: 'id' });
    db.createObjectStore(TRIALS, { keyPath: ['studyId', 'number'] });
    db.createObjectStore(EPOCHS, { keyPath: ['studyId', 'trialNumber', 'fold', 'epoch'] });
    db.createObjectStore(MODELS, { keyPath: 'studyId' });
  }
  // if (oldVersion < 2) { … } — future steps go here, in order.
}

/** Trials that may never change again once written. */
export const FINISHED_TRIAL_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed'];
export const isFinished = (state: TrialState): boolean => FINISHED_TRIAL_STATES.includes(state);

/** Key ranges: an array key sorts after every number, so [id, []] closes "everything under id". */
export const studyRange = (studyId: string): IDBKeyRange => IDBKeyRange.bound([studyId], [studyId, []]);
export const trialEpochRange = (studyId: string, trialNumber: number): IDBKeyRange => IDBKeyRange.bound([studyId, trialNumber], [studyId, trialNumber, []]);

export function toStoredTrial(studyId: string, trial: Trial): StoredTrial {
  const stored: Record<string, unknown> = { studyId };
  for (const [key, value] of Object.entries(trial)) if (key !== 'epochs' && value !== undefined) stored[key] = value;
  return stored as StoredTrial;
}

export function fromStoredTrial(stored: StoredTrial, epochs: EpochRecord[]): Trial {
  const trial: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) if (key !== 'studyId') trial[key] = value;
  return { ...(trial as Omit<Trial, 'epochs'>), epochs };
}

export const toStoredEpoch = (studyId: string, trialNumber: number, e: EpochRecord): StoredEpoch => ({
  studyId,
  trialNumber,
  fold: e.fold,
  epoch: e.epoch,
  loss: e.loss,
  ...(e.valLoss !== undefined ? { valLoss: e.valLoss } : {}),
  ...(e.valScore !== undefined ? { valScore: e.valScore } : {}),
});

export const fromStoredEpoch = (e: StoredEpoch): EpochRecord => ({
  fold: e.fold,
  epoch: e.epoch,
  loss: e.loss,
  ...(e.valLoss !== undefined ? { valLoss: e.valLoss } : {}),
  ...(e.valScore !== undefined ? { valScore: e.valScore } : {}),
});

/** Structural equality of cloneable data (key order ignored), to tell a harmless rewrite from a change. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer || ArrayBuffer.isView(b) || b instanceof ArrayBuffer) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
