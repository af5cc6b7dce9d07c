import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStudyDb } from '../persistence/studyDb';
import { epoch, runningTrial, sampleStudy } from '../persistence/studyDbFixtures';
import type { WorkerPool } from '../orchestrator/workerPool';
import { createAppStore } from './appStore';
import { cannotSaveNotice, createStudySaver } from './studySaver';
import { parseUrlOptions } from './urlParams';

describe('study saver', () => {
  it('mirrors a running study: new trials, epochs as they come, the end state, and a restart after a reload', async () => {
    const factory = new IDBFactory();
    const db = await openStudyDb({ factory });
    const errors: string[] = [];
    const saver = createStudySaver(db, (m) => errors.push(m));
    const study = sampleStudy('s1');
    await saver.begin(study);

    const trial = runningTrial(0);
    study.trials.push(trial);
    saver.sync();
    trial.epochs.push(epoch(0, 0), epoch(0, 1));
    saver.sync();
    saver.sync(); // bursts coalesce
    await saver.flush();
    expect((await db.loadStudy('s1'))!.record.trials[0]!.epochs).toHaveLength(2);

    trial.epochs.push(epoch(0, 2));
    trial.state = 'complete';
    trial.value = 0.9;
    trial.foldScores.push(0.9);
    trial.metrics = { accuracy: 0.9 };
    trial.durationMs = 10;
    const second = runningTrial(1);
    second.epochs.push(epoch(0, 0));
    study.trials.push(second);
    saver.sync();
    await saver.flush();
    db.close();

    // A reload: the study comes back interrupted, trial 1 stopped with its epoch; resuming restarts it.
    const reopened = await openStudyDb({ factory });
    const loaded = (await reopened.loadStudy('s1'))!;
    expect(loaded.status).toBe('interrupted');
    expect(loaded.record.trials.map((t) => [t.state, t.epochs.length])).toEqual([
      ['complete', 3],
      ['stopped', 1],
    ]);
    const resumed = loaded.record;
    const saver2 = createStudySaver(reopened, (m) => errors.push(m));
    await saver2.begin(resumed);
    const restarted = resumed.trials[1]!;
    restarted.state = 'running';
    restarted.epochs.length = 0;
    (restarted as { startedAt: number }).startedAt = 5000;
    restarted.epochs.push(epoch(0, 0, 0.3));
    resumed.state = 'running';
    saver2.sync();
    await saver2.flush();
    const after = (await reopened.loadStudy('s1'))!.record.trials;
    expect(after[0]!.epochs).toHaveLength(3);
    expect(after[1]!.epochs).toEqual([epoch(0, 0, 0.3)]);
    expect(errors).toEqual([]);
    reopened.close();
  });
});

describe('a study database that will not open', () => {
  /** A factory whose open() throws, as Firefox's private windows and blocked storage do. */
  const refusing = { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } } as unknown as Pick<IDBFactory, 'open'>;
  /** A factory whose open request fails later with the browser's own error. */
  const failing = {
    open() {
      const request = {} as { onerror?: () => void; error: DOMException };
      request.error = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
      setTimeout(() => request.onerror?.(), 0);
      return request;
    },
  } as unknown as Pick<IDBFactory, 'open'>;

  it('is said with the reason, and that exporting keeps the study', async () => {
    const refused = await openStudyDb({ factory: refusing }).catch((e: unknown) => e);
    expect(cannotSaveNotice(refused)).toBe('Studies cannot be saved in this browser: IndexedDB refused to open (The operation is insecure.). Export the study to keep it.');
    const failed = await openStudyDb({ factory: failing }).catch((e: unknown) => e);
    expect(cannotSaveNotice(failed)).toBe('Studies cannot be saved in this browser: Internal error opening backing store for indexedDB.open. Export the study to keep it.');
    expect(cannotSaveNotice(new Error(''))).toBe('Studies cannot be saved in this browser: no reason given. Export the study to keep it.');
  });

  it('shows as a notice on the page, beside the link notices, instead of saving nothing silently', async () => {
    const workers = { size: 1 } as unknown as WorkerPool;
    const app = createAppStore({ workers, studyDb: openStudyDb({ factory: refusing }) });
    app.actions.applyUrlOptions(parseUrlOptions('?seed=x'));
    await app.actions.refreshSavedStudies();
    const notices = app.store.getState().notices;
    expect(notices).toContain('Studies cannot be saved in this browser: IndexedDB refused to open (The operation is insecure.). Export the study to keep it.');
    expect(notices.some((n) => n.startsWith('Ignored seed=x'))).toBe(true);
  });
});
