/** Progress arithmetic for the status bar: trials done out of the budget, elapsed time, an estimate of what remains. */
import type { StudyRecord } from '../../orchestrator/studyRecord';

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly remainingMs: number | null;
}

export function studyProgress(study: StudyRecord, now: number): Progress {
  const finished = study.trials.filter((t) => t.state !== 'running');
  const total = Math.max(study.config.maxTrials, study.trials.length);
  const elapsedMs = study.startedAt === null ? 0 : (study.finishedAt ?? now) - study.startedAt;
  let remainingMs: number | null = null;
  if (study.state === 'running' && finished.length > 0) {
    const perTrial = finished.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) / finished.length;
    const running = study.trials.find((t) => t.state === 'running');
    const runningLeft = running ? Math.max(0, perTrial - (now - running.startedAt)) : 0;
    const notStarted = Math.max(0, total - study.trials.length);
    remainingMs = runningLeft + notStarted * perTrial;
  }
  return { done: finished.length, total, elapsedMs, remainingMs };
}
