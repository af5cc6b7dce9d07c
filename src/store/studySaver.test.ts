import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStudyDb } from '../persistence/studyDb';
import { epoch, runningTrial, sampleStudy } from '../persistence/studyDbFixtures';
import { createStudySaver } from './studySaver';

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
