/** The study's state in words (role=status, part of the automation contract), a progress bar and timings. */
import { useEffect, useState } from 'react';
import type { StudyRecord } from '../../orchestrator/studyRecord';
import { formatDuration } from '../common/format';
import { useAppState } from '../common/storeContext';
import { studyProgress } from './progress';

function statusText(study: StudyRecord | null, datasetReady: boolean): string {
  if (!study) return datasetReady ? 'Ready: press Start search.' : 'Choose a dataset to begin.';
  switch (study.state) {
    case 'idle':
      return 'Preparing…';
    case 'running':
      return study.backend ? `Running on ${study.backend.chosen}…` : `Choosing a backend: ${study.message ?? 'starting the training worker'}…`;
    case 'finished':
      // A note says why a study ended before its budget (every configuration of a finite space tried).
      return study.message ? `Finished. ${study.message}` : 'Finished.';
    case 'stopped':
      return `Stopped. ${study.message ?? ''}`;
    case 'failed':
      return `Failed: ${study.message ?? 'unknown error'}`;
  }
}

export function StatusBar() {
  const study = useAppState((s) => s.study);
  const datasetReady = useAppState((s) => s.prepared !== null);
  const [now, setNow] = useState(() => Date.now());
  const running = study?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);

  const progress = study ? studyProgress(study, running ? now : (study.finishedAt ?? now)) : null;
  return (
    <section className="status-bar" aria-label="Study status">
      <div role="status" className={`status status-${study?.state ?? 'none'}`}>
        {statusText(study, datasetReady)}
      </div>
      {progress && (
        <div className="progress-line">
          <progress max={progress.total} value={progress.done} aria-label="Trials done" />
          <span>
            {progress.done} / {progress.total} trials · elapsed {formatDuration(progress.elapsedMs)}
            {progress.remainingMs !== null && ` · about ${formatDuration(progress.remainingMs)} left`}
          </span>
        </div>
      )}
    </section>
  );
}
