/**
 * Studies kept in the browser (IndexedDB), so a reload or a crashed tab loses nothing already recorded.
 * Each change is one transaction: it lands whole or not at all, so a full disk or a crash mid-write never
 * leaves a half-written study.
 *
 * The invariant: a trial that ended (complete, pruned or failed) is never changed again. Writes that would
 * change one are refused with StudyDbError code 'trial-finished'; rewriting it identically is allowed, so
 * callers may simply record a trial whenever it changes.
 *
 * A study stored as 'running' that this connection did not start (the tab was closed, crashed or reloaded
 * mid-run) is reported as 'interrupted'; its running trials keep their epochs on disk but are shown as
 * 'stopped' in the loaded record, exactly as studyImport does. Resuming reruns them from scratch: call
 * `restartTrial` (which drops that trial's old epochs) before running one again.
 *
 * Writes that finish a trial commit with durability 'strict' (flushed to disk before they resolve): a
 * completed trial is never recomputed, so losing it to a power cut after it was acknowledged loses work.
 */
import { isBetter } from '../engine/study/objective';
import type { BestResult, EpochRecord, Trial } from '../engine/study/types';
import type { StudyRecord, StudyState } from '../orchestrator/studyRecord';
import type { BackendReport } from '../protocol/backend';
import type { TrainedModel, TrainingResult } from '../protocol/training';
import { openDatabase, requestResult, StudyDbError, transact } from './idb';
import {
  ALL_STORES,
  DB_NAME,
  DB_VERSION,
  EPOCHS,
  fromStoredEpoch,
  fromStoredTrial,
  isFinished,
  MODELS,
  sameData,
  STUDIES,
  studyRange,
  toStoredEpoch,
  toStoredTrial,
  TRIALS,
  trialEpochRange,
  upgradeStudyDb,
  type StoredEpoch,
  type StoredModel,
  type StoredStudy,
  type StoredTrial,
  type StudyStatus,
  type StudySummaryStats,
} from './studyDbSchema';

export { StudyDbError, type StudyDbErrorCode } from './idb';
export type { StudyStatus } from './studyDbSchema';

/** One line of the saved-studies list: enough to show and sort it without loading trials. */
export interface StudyListItem extends StudySummaryStats {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: number;
  readonly status: StudyStatus;
  readonly datasetName: string;
  readonly datasetSource: StudyRecord['dataset']['source'];
  readonly fingerprint: string;
  readonly presetId: string;
  readonly objective: StudyRecord['objective'];
}

export interface LoadedStudy {
  /** The record as the runner and UI use it (same shape as studyImport's result). */
  readonly record: StudyRecord;
  readonly status: StudyStatus;
  readonly name: string;
  readonly updatedAt: number;
}

export interface StudyStatusDetails {
  readonly message?: string | null;
  readonly startedAt?: number | null;
  readonly finishedAt?: number | null;
  readonly backend?: BackendReport | null;
  readonly best?: BestResult | null;
}

export interface StudyDb {
  /** Saves a new study with any trials it already has (an import, say); refuses an id already saved. */
  createStudy(record: StudyRecord, options?: { readonly name?: string }): Promise<void>;
  /** Writes the trial's row and epochs as they are now (never deletes epochs). */
  recordTrialState(studyId: string, trial: Trial): Promise<void>;
  /** Before rerunning an interrupted or stopped trial: drops its old epochs and writes it as running. */
  restartTrial(studyId: string, trial: Trial): Promise<void>;
  /** A batch of progress for one running trial, all or nothing. */
  appendEpochs(studyId: string, trialNumber: number, epochs: readonly EpochRecord[]): Promise<void>;
  /** The refit model of the best configuration, with the study's best result, in one transaction. */
  saveBestModel(studyId: string, best: BestResult, model: TrainedModel, testPredictions?: TrainingResult['testPredictions'] | null): Promise<void>;
  setStudyStatus(studyId: string, status: StudyStatus, details?: StudyStatusDetails): Promise<void>;
  /** Most recently updated first. */
  listStudies(): Promise<StudyListItem[]>;
  loadStudy(studyId: string): Promise<LoadedStudy | null>;
  deleteStudy(studyId: string): Promise<void>;
  close(): void;
}

export interface StudyDbOptions {
  /** Defaults to the page's `indexedDB`; tests pass fake-indexeddb's. */
  readonly factory?: Pick<IDBFactory, 'open'>;
  readonly name?: string;
  readonly now?: () => number;
}

const INTERRUPTED_MESSAGE = 'Interrupted: the page was closed or reloaded while this study ran. Completed trials are kept; resume reruns the unfinished ones.';

const notFound = (what: string) => new StudyDbError('not-found', `${what} is not saved in this browser (it may have been deleted).`);
const finishedError = (studyId: string, trial: number, state: string) =>
  new StudyDbError('trial-finished', `Trial ${trial} of study ${studyId} already ended (${state}); a finished trial is never changed.`);

const storeOf = (tx: IDBTransaction, name: string) => tx.objectStore(name);

function summaryOf(record: StudyRecord): StudySummaryStats {
  let stats: StudySummaryStats = { trialCount: 0, completeCount: 0, bestValue: null, bestTrialNumber: null };
  for (const t of record.trials) stats = withTrial(stats, undefined, toStoredTrial(record.id, t), record.objective);
  return stats;
}

/** Summary after `next` replaces `previous` (undefined: a new trial). */
function withTrial(stats: StudySummaryStats, previous: StoredTrial | undefined, next: StoredTrial, objective: StudyRecord['objective']): StudySummaryStats {
  const nowComplete = next.state === 'complete' && (previous === undefined || previous.state !== 'complete');
  const improves = nowComplete && next.value !== null && Number.isFinite(next.value) && (stats.bestValue === null || isBetter(next.value, stats.bestValue, objective));
  return {
    trialCount: stats.trialCount + (previous === undefined ? 1 : 0),
    completeCount: stats.completeCount + (nowComplete ? 1 : 0),
    bestValue: improves ? next.value : stats.bestValue,
    bestTrialNumber: improves ? next.number : stats.bestTrialNumber,
  };
}

/**
 * A finished trial is the study's result and is never recomputed on resume, so its write waits for the disk
 * ('strict'); running trials and epochs keep the browser's faster default, since resume reruns them anyway.
 */
const durabilityFor = (trials: readonly Trial[]): IDBTransactionDurability | undefined =>
  trials.some((t) => isFinished(t.state)) ? 'strict' : undefined;

const persistedStatus = (state: StudyState): StudyStatus => (state === 'idle' ? 'running' : state);

export async function openStudyDb(options: StudyDbOptions = {}): Promise<StudyDb> {
  const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  if (!factory) throw new StudyDbError('unavailable', 'IndexedDB is not available here (some private windows turn it off)');
  const now = options.now ?? (() => Date.now());
  const db = await openDatabase(factory, options.name ?? DB_NAME, DB_VERSION, upgradeStudyDb);
  /** Studies this page is running: only these are really 'running'; other 'running' rows were interrupted. */
  const active = new Set<string>();

  async function getStudy(tx: IDBTransaction, studyId: string): Promise<StoredStudy> {
    const study = await requestResult<StoredStudy | undefined>(storeOf(tx, STUDIES).get(studyId));
    if (!study) throw notFound(`Study ${studyId}`);
    return study;
  }

  /** Refuses unless every given epoch is already stored exactly so (a finished trial's epochs are final). */
  async function assertEpochsUnchanged(tx: IDBTransaction, stored: StoredTrial, epochs: readonly EpochRecord[]): Promise<void> {
    if (epochs.length === 0) return;
    const existing = await requestResult<StoredEpoch[]>(storeOf(tx, EPOCHS).getAll(trialEpochRange(stored.studyId, stored.number)));
    const byKey = new Map(existing.map((e) => [`${e.fold}/${e.epoch}`, e]));
    for (const e of epochs) {
      const old = byKey.get(`${e.fold}/${e.epoch}`);
      if (!old || !sameData(fromStoredEpoch(old), e)) throw finishedError(stored.studyId, stored.number, stored.state);
    }
  }

  /** Writes one trial (row + epochs) inside `tx`, enforcing the invariant; returns the updated study row. */
  async function putTrial(tx: IDBTransaction, study: StoredStudy, trial: Trial): Promise<StoredStudy> {
    const next = toStoredTrial(study.id, trial);
    const previous = await requestResult<StoredTrial | undefined>(storeOf(tx, TRIALS).get([study.id, trial.number]));
    if (previous && isFinished(previous.state)) {
      if (!sameData(previous, next)) throw finishedError(study.id, trial.number, previous.state);
      await assertEpochsUnchanged(tx, previous, trial.epochs);
      return study;
    }
    storeOf(tx, TRIALS).put(next);
    for (const e of trial.epochs) storeOf(tx, EPOCHS).put(toStoredEpoch(study.id, trial.number, e));
    return { ...study, summary: withTrial(study.summary, previous, next, study.objective) };
  }

  function reportedStatus(study: StoredStudy): StudyStatus {
    return study.status === 'running' && !active.has(study.id) ? 'interrupted' : study.status;
  }

  const api: StudyDb = {
    async createStudy(record, options = {}) {
      const status = persistedStatus(record.state);
      const row: StoredStudy = {
        id: record.id,
        name: options.name ?? `${record.dataset.name} · ${record.config.presetId}`,
        createdAt: record.createdAt,
        updatedAt: now(),
        status,
        message: record.message,
        config: record.config,
        objective: record.objective,
        dataset: record.dataset,
        backend: record.backend,
        best: record.best,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt,
        summary: summaryOf(record),
      };
      await transact(
        db,
        ALL_STORES,
        'readwrite',
        async (tx) => {
          // add(), not put(): an existing study with this id is refused (ConstraintError → 'already-exists').
          await requestResult(storeOf(tx, STUDIES).add(row));
          for (const trial of record.trials) {
            storeOf(tx, TRIALS).put(toStoredTrial(record.id, trial));
            for (const e of trial.epochs) storeOf(tx, EPOCHS).put(toStoredEpoch(record.id, trial.number, e));
          }
          if (record.bestModel && record.best) {
            const model: StoredModel = { studyId: record.id, trialNumber: record.best.trialNumber, savedAt: now(), model: record.bestModel, testPredictions: record.testPredictions };
            storeOf(tx, MODELS).put(model);
          }
        },
        durabilityFor(record.trials),
      );
      if (status === 'running') active.add(record.id);
    },

    async recordTrialState(studyId, trial) {
      await transact(
        db,
        [STUDIES, TRIALS, EPOCHS],
        'readwrite',
        async (tx) => {
          const study = await getStudy(tx, studyId);
          const updated = await putTrial(tx, study, trial);
          if (updated !== study) storeOf(tx, STUDIES).put({ ...updated, updatedAt: now() });
        },
        durabilityFor([trial]),
      );
    },

    async restartTrial(studyId, trial) {
      if (trial.state !== 'running') throw new StudyDbError('invalid-data', `A restarted trial must be running, not ${trial.state}.`);
      await transact(db, [STUDIES, TRIALS, EPOCHS], 'readwrite', async (tx) => {
        const study = await getStudy(tx, studyId);
        const previous = await requestResult<StoredTrial | undefined>(storeOf(tx, TRIALS).get([studyId, trial.number]));
        if (previous && isFinished(previous.state)) throw finishedError(studyId, trial.number, previous.state);
        storeOf(tx, EPOCHS).delete(trialEpochRange(studyId, trial.number));
        const next = toStoredTrial(studyId, trial);
        storeOf(tx, TRIALS).put(next);
        for (const e of trial.epochs) storeOf(tx, EPOCHS).put(toStoredEpoch(studyId, trial.number, e));
        storeOf(tx, STUDIES).put({ ...study, updatedAt: now(), summary: withTrial(study.summary, previous, next, study.objective) });
      });
    },

    async appendEpochs(studyId, trialNumber, epochs) {
      if (epochs.length === 0) return;
      await transact(db, [TRIALS, EPOCHS], 'readwrite', async (tx) => {
        const trial = await requestResult<StoredTrial | undefined>(storeOf(tx, TRIALS).get([studyId, trialNumber]));
        if (!trial) throw notFound(`Trial ${trialNumber} of study ${studyId}`);
        if (isFinished(trial.state)) {
          await assertEpochsUnchanged(tx, trial, epochs);
          return;
        }
        for (const e of epochs) storeOf(tx, EPOCHS).put(toStoredEpoch(studyId, trialNumber, e));
      });
    },

    async saveBestModel(studyId, best, model, testPredictions = null) {
      await transact(db, [STUDIES, MODELS], 'readwrite', async (tx) => {
        const study = await getStudy(tx, studyId);
        const row: StoredModel = { studyId, trialNumber: best.trialNumber, savedAt: now(), model, testPredictions };
        storeOf(tx, MODELS).put(row);
        storeOf(tx, STUDIES).put({ ...study, best, updatedAt: now() });
      });
    },

    async setStudyStatus(studyId, status, details = {}) {
      await transact(db, [STUDIES], 'readwrite', async (tx) => {
        const study = await getStudy(tx, studyId);
        const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
        storeOf(tx, STUDIES).put({ ...study, ...defined, status, updatedAt: now() });
      });
      if (status === 'running') active.add(studyId);
      else active.delete(studyId);
    },

    async listStudies() {
      const rows = await transact(db, [STUDIES], 'readonly', (tx) => requestResult<StoredStudy[]>(storeOf(tx, STUDIES).getAll()));
      return rows
        .map(
          (s): StudyListItem => ({
            id: s.id,
            name: s.name,
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            status: reportedStatus(s),
            datasetName: s.dataset.name,
            datasetSource: s.dataset.source,
            fingerprint: s.dataset.fingerprint,
            presetId: s.config.presetId,
            objective: s.objective,
            ...s.summary,
          }),
        )
        .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async loadStudy(studyId) {
      const found = await transact(db, ALL_STORES, 'readonly', async (tx) => {
        const study = await requestResult<StoredStudy | undefined>(storeOf(tx, STUDIES).get(studyId));
        if (!study) return null;
        const trials = await requestResult<StoredTrial[]>(storeOf(tx, TRIALS).getAll(studyRange(studyId)));
        const epochs = await requestResult<StoredEpoch[]>(storeOf(tx, EPOCHS).getAll(studyRange(studyId)));
        const model = await requestResult<StoredModel | undefined>(storeOf(tx, MODELS).get(studyId));
        return { study, trials, epochs, model };
      });
      if (!found) return null;
      const { study, trials, epochs, model } = found;
      const status = reportedStatus(study);
      const byTrial = new Map<number, EpochRecord[]>();
      // Epoch keys sort by [trial, fold, epoch]: each trial's list comes out in training order.
      for (const e of epochs) {
        const list = byTrial.get(e.trialNumber) ?? [];
        list.push(fromStoredEpoch(e));
        byTrial.set(e.trialNumber, list);
      }
      const interrupted = status === 'interrupted';
      const record: StudyRecord = {
        id: study.id,
        createdAt: study.createdAt,
        config: study.config,
        objective: study.objective,
        dataset: study.dataset,
        state: interrupted ? 'stopped' : status,
        message: interrupted ? INTERRUPTED_MESSAGE : study.message,
        backend: study.backend,
        trials: trials.map((t) => {
          const trial = fromStoredTrial(t, byTrial.get(t.number) ?? []);
          // Nothing runs it any more; the runner's resume picks 'stopped' trials up and reruns them.
          return interrupted && trial.state === 'running' ? { ...trial, state: 'stopped' } : trial;
        }),
        best: study.best,
        bestModel: model?.model ?? null,
        testPredictions: model?.testPredictions ?? null,
        startedAt: study.startedAt,
        finishedAt: study.finishedAt,
      };
      return { record, status, name: study.name, updatedAt: study.updatedAt };
    },

    async deleteStudy(studyId) {
      await transact(db, ALL_STORES, 'readwrite', async (tx) => {
        storeOf(tx, STUDIES).delete(studyId);
        storeOf(tx, TRIALS).delete(studyRange(studyId));
        storeOf(tx, EPOCHS).delete(studyRange(studyId));
        storeOf(tx, MODELS).delete(studyId);
        return Promise.resolve();
      });
      active.delete(studyId);
    },

    close() {
      active.clear();
      db.close();
    },
  };
  return api;
}
