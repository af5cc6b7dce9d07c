/** Copies a study record deeply enough that React sees every change (trials and their epoch lists are new arrays). */
import type { StudyRecord } from '../orchestrator/studyRecord';

export function snapshotStudy(study: StudyRecord): StudyRecord {
  return {
    ...study,
    trials: study.trials.map((t) => ({ ...t, epochs: [...t.epochs], foldScores: [...t.foldScores] })),
    best: study.best ? { ...study.best } : null,
  };
}

/** Calls `flush` at most once per `intervalMs`, and always once after the last request. */
export function createThrottle(flush: () => void, intervalMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  return {
    request() {
      if (timer !== null) return;
      const wait = Math.max(0, last + intervalMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        flush();
      }, wait);
    },
    /** Runs the flush now (e.g. when the study ends). */
    now() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      last = Date.now();
      flush();
    },
  };
}
