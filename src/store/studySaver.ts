/**
 * Keeps the IndexedDB copy of the running study in step with the live record. The runner mutates the study
 * many times a second; `sync()` writes only what changed since the last write (new epochs, trial states,
 * the study's status, the best model), in order, through one chain of promises, and coalesces bursts into
 * one pass, so the database sees a handful of small transactions per epoch at most.
 *
 * A failed write never stops the study: the error is handed to `onError` (a notice in the UI) and the
 * saver tries again on the next change. A database that cannot be opened at all is said once, by
 * `cannotSaveNotice`: nothing will be kept, and the person should know before a study ends.
 */
import type { Trial } from '../engine/study/types';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { StudyDbError, type StudyDb, type StudyStatus } from '../persistence/studyDb';

interface SavedTrial {
  epochs: number;
  state: Trial['state'];
  startedAt: number;
}

export interface StudySaver {
  /** Records a study that is about to run (new, or resumed after a stop or a reload). */
  begin(study: StudyRecord): Promise<void>;
  /** Writes what changed since the last call; cheap to call on every change. */
  sync(): void;
  /** Waits for every write requested so far. */
  flush(): Promise<void>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The page's notice when the study database cannot be opened (private windows, storage turned off, a
 * newer version's database): saving is off for this page, so the way to keep a study is to export it.
 */
export function cannotSaveNotice(error: unknown): string {
  // A 'failed' error's own message starts "Saving studies failed:"; the browser's words are the reason.
  const reason = error instanceof StudyDbError && error.code === 'failed' && error.cause !== undefined ? errorText(error.cause) : errorText(error);
  return `Studies cannot be saved in this browser: ${reason.trim().replace(/\.+$/, '') || 'no reason given'}. Export the study to keep it.`;
}

const statusOf = (study: StudyRecord): StudyStatus => (study.state === 'idle' ? 'running' : study.state);

export function createStudySaver(db: StudyDb, onError: (message: string) => void): StudySaver {
  let study: StudyRecord | null = null;
  const saved = new Map<number, SavedTrial>();
  let savedStatus: StudyStatus | null = null;
  let savedBestModel: unknown = null;
  let chain: Promise<void> = Promise.resolve();
  let pending = false;

  async function writeTrial(record: StudyRecord, trial: Trial): Promise<void> {
    const before = saved.get(trial.number);
    // The runner restarted the trial (resume, or an out-of-memory retry): its old epochs must go first.
    const restarted = before !== undefined && (trial.epochs.length < before.epochs || trial.startedAt !== before.startedAt);
    if (restarted && trial.state === 'running') await db.restartTrial(record.id, trial);
    if (!before || restarted || before.state !== trial.state) await db.recordTrialState(record.id, trial); // with its epochs so far
    else if (trial.epochs.length > before.epochs) await db.appendEpochs(record.id, trial.number, trial.epochs.slice(before.epochs));
    saved.set(trial.number, { epochs: trial.epochs.length, state: trial.state, startedAt: trial.startedAt });
  }

  async function writeChanges(): Promise<void> {
    pending = false;
    const record = study;
    if (!record) return;
    for (const trial of record.trials) await writeTrial(record, trial);
    const status = statusOf(record);
    if (status !== savedStatus) {
      await db.setStudyStatus(record.id, status, {
        message: record.message ?? undefined,
        startedAt: record.startedAt ?? undefined,
        finishedAt: record.finishedAt ?? undefined,
        backend: record.backend,
        best: record.best,
      });
      savedStatus = status;
    }
    if (record.best && record.bestModel && record.bestModel !== savedBestModel) {
      await db.saveBestModel(record.id, record.best, record.bestModel, record.testPredictions);
      savedBestModel = record.bestModel;
    }
  }

  const enqueue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)));
    return chain;
  };

  return {
    begin(record) {
      study = record;
      saved.clear();
      savedStatus = null;
      savedBestModel = null;
      return enqueue(async () => {
        const existing = await db.loadStudy(record.id);
        if (!existing) await db.createStudy(record);
        else for (const trial of existing.record.trials) saved.set(trial.number, { epochs: trial.epochs.length, state: trial.state, startedAt: trial.startedAt });
      });
    },
    sync() {
      if (pending || !study) return;
      pending = true;
      void enqueue(writeChanges);
    },
    flush() {
      return enqueue(async () => {
        if (pending) await writeChanges();
      });
    },
  };
}
