import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LayersTrainedModel, TrainedModel } from '../protocol/training';
import { QUOTA_MESSAGE } from './idb';
import { openStudyDb, StudyDbError, type StudyDb } from './studyDb';
import { endedTrial, epoch, runningTrial, sampleStudy } from './studyDbFixtures';
import { DB_NAME, DB_VERSION } from './studyDbSchema';

const opened: StudyDb[] = [];
async function open(factory: IDBFactory, now?: () => number) {
  const db = await openStudyDb({ factory, ...(now ? { now } : {}) });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

const model = { modelTopology: { layers: [] }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1, 2]).buffer } as unknown as TrainedModel;

async function expectCode(promise: Promise<unknown>, code: StudyDbError['code']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudyDbError);
  expect((error as StudyDbError).code).toBe(code);
  return error as StudyDbError;
}

describe('study database', () => {
  it('round-trips a study, its trials, epochs and best model', async () => {
    const factory = new IDBFactory();
    const db = await open(factory);
    const study = sampleStudy();
    await db.createStudy(study, { name: 'Iris run' });
    const t0 = runningTrial(0);
    await db.recordTrialState(study.id, t0);
    await db.appendEpochs(study.id, 0, [epoch(0, 0), epoch(0, 1)]);
    await db.appendEpochs(study.id, 0, [epoch(1, 0)]);
    const done = endedTrial({ ...t0, epochs: [epoch(0, 0), epoch(0, 1), epoch(1, 0)] }, 'complete', 0.9);
    await db.recordTrialState(study.id, done);
    const best = { trialNumber: 0, params: done.params, value: 0.9, testMetrics: { accuracy: 0.93 } };
    const predictions = { outputs: new Float32Array([0.2, 0.8]), targets: new Float32Array([1]) };
    await db.saveBestModel(study.id, best, model, predictions);
    await db.setStudyStatus(study.id, 'finished', { finishedAt: 9000 });

    const loaded = (await db.loadStudy(study.id))!;
    expect(loaded.status).toBe('finished');
    expect(loaded.name).toBe('Iris run');
    expect(loaded.record).toEqual({ ...study, state: 'finished', finishedAt: 9000, trials: [done], best, bestModel: model, testPredictions: predictions });
    expect(new Float32Array((loaded.record.bestModel as LayersTrainedModel).weightData)).toEqual(new Float32Array([1, 2]));
    expect(await db.loadStudy('nope')).toBeNull();
  });

  it('lists studies most recently updated first, with summaries', async () => {
    let clock = 100;
    const db = await open(new IDBFactory(), () => clock);
    await db.createStudy(sampleStudy('a'));
    clock = 200;
    await db.createStudy(sampleStudy('b'));
    clock = 300;
    await db.recordTrialState('a', endedTrial(runningTrial(0), 'complete', 0.7));
    clock = 400;
    await db.recordTrialState('a', endedTrial(runningTrial(1), 'complete', 0.6));
    await db.recordTrialState('a', endedTrial(runningTrial(2), 'pruned'));
    const list = await db.listStudies();
    expect(list.map((s) => s.id)).toEqual(['a', 'b']);
    expect(list[0]).toMatchObject({ status: 'running', trialCount: 3, completeCount: 2, bestValue: 0.7, bestTrialNumber: 0, datasetSource: { kind: 'builtin', id: 'iris' }, fingerprint: 'ab'.repeat(32) });
    expect(list[1]).toMatchObject({ trialCount: 0, bestValue: null });
  });

  it('deletes a study with everything it owns, leaving others alone', async () => {
    const db = await open(new IDBFactory());
    for (const id of ['a', 'b']) {
      await db.createStudy(sampleStudy(id));
      await db.recordTrialState(id, { ...runningTrial(0), epochs: [epoch(0, 0)] });
      await db.saveBestModel(id, { trialNumber: 0, params: {}, value: 1, testMetrics: null }, model);
    }
    await db.deleteStudy('a');
    expect(await db.loadStudy('a')).toBeNull();
    expect((await db.listStudies()).map((s) => s.id)).toEqual(['b']);
    const b = (await db.loadStudy('b'))!.record;
    expect(b.trials[0]!.epochs).toEqual([epoch(0, 0)]);
    expect(b.bestModel).not.toBeNull();
  });

  it('reports a study left running by another page as interrupted, keeping its running trials’ epochs', async () => {
    const factory = new IDBFactory();
    const first = await open(factory);
    await first.createStudy(sampleStudy());
    await first.recordTrialState('study-1', endedTrial({ ...runningTrial(0), epochs: [epoch(0, 0)] }, 'complete'));
    await first.recordTrialState('study-1', runningTrial(1));
    await first.appendEpochs('study-1', 1, [epoch(0, 0), epoch(0, 1)]);
    expect((await first.listStudies())[0]!.status).toBe('running');
    // The tab dies without a word: a new page opens the same database.
    const second = await open(factory);
    expect((await second.listStudies())[0]!.status).toBe('interrupted');
    const loaded = (await second.loadStudy('study-1'))!;
    expect(loaded.status).toBe('interrupted');
    expect(loaded.record.state).toBe('stopped');
    expect(loaded.record.message).toMatch(/Interrupted/);
    expect(loaded.record.trials.map((t) => t.state)).toEqual(['complete', 'stopped']);
    expect(loaded.record.trials[1]!.epochs).toEqual([epoch(0, 0), epoch(0, 1)]);
    // Resuming: the study runs again here and the trial restarts from scratch.
    await second.setStudyStatus('study-1', 'running');
    await second.restartTrial('study-1', runningTrial(1, 5000));
    const resumed = (await second.loadStudy('study-1'))!;
    expect(resumed.status).toBe('running');
    expect(resumed.record.trials[1]).toMatchObject({ state: 'running', startedAt: 5000, epochs: [] });
  });

  it('never changes a finished trial, but accepts an identical rewrite', async () => {
    const db = await open(new IDBFactory());
    await db.createStudy(sampleStudy());
    const done = endedTrial({ ...runningTrial(0), epochs: [epoch(0, 0)] }, 'pruned');
    await db.recordTrialState('study-1', done);
    await db.recordTrialState('study-1', done);
    await expectCode(db.recordTrialState('study-1', { ...done, state: 'complete', value: 1 }), 'trial-finished');
    await expectCode(db.recordTrialState('study-1', runningTrial(0)), 'trial-finished');
    await expectCode(db.recordTrialState('study-1', { ...done, epochs: [epoch(0, 0), epoch(0, 1)] }), 'trial-finished');
    await expectCode(db.appendEpochs('study-1', 0, [epoch(0, 1)]), 'trial-finished');
    await expectCode(db.appendEpochs('study-1', 0, [epoch(0, 0, 0.123)]), 'trial-finished');
    await expectCode(db.restartTrial('study-1', runningTrial(0)), 'trial-finished');
    await db.appendEpochs('study-1', 0, [epoch(0, 0)]);
    expect((await db.loadStudy('study-1'))!.record.trials).toEqual([done]);
  });

  it('refuses writes for unknown studies or trials, and duplicate study ids', async () => {
    const db = await open(new IDBFactory());
    await expectCode(db.recordTrialState('ghost', runningTrial(0)), 'not-found');
    await expectCode(db.setStudyStatus('ghost', 'stopped'), 'not-found');
    await db.createStudy(sampleStudy());
    await expectCode(db.appendEpochs('study-1', 4, [epoch(0, 0)]), 'not-found');
    await expectCode(db.createStudy(sampleStudy()), 'already-exists');
  });

  it('writes a batch of epochs all or nothing', async () => {
    const db = await open(new IDBFactory());
    await db.createStudy(sampleStudy());
    await db.recordTrialState('study-1', runningTrial(0));
    // NaN is not a valid key: the put throws mid-batch and the whole transaction is undone.
    await expectCode(db.appendEpochs('study-1', 0, [epoch(0, 0), epoch(0, 1), { fold: 0, epoch: Number.NaN, loss: 1 }]), 'invalid-data');
    expect((await db.loadStudy('study-1'))!.record.trials[0]!.epochs).toEqual([]);
  });

  it('maps a full disk to a clear error and leaves no half-written study', async () => {
    const db = await open(new IDBFactory());
    const study = sampleStudy();
    study.trials.push(endedTrial({ ...runningTrial(0), epochs: [epoch(0, 0), epoch(0, 1)] }, 'complete'), runningTrial(1));
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts === 4) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const error = await expectCode(db.createStudy(study), 'quota-exceeded');
    expect(error.message).toBe(QUOTA_MESSAGE);
    expect(error.message).toMatch(/^Browser storage is full: .*[Dd]elete old studies/);
    vi.restoreAllMocks();
    expect(await db.loadStudy(study.id)).toBeNull();
    expect(await db.listStudies()).toEqual([]);
  });

  it('commits finished trials with strict durability, running trials and epochs with the default', async () => {
    const factory = new IDBFactory();
    const writes: { stores: string[]; durability: IDBTransactionDurability }[] = [];
    const recording = {
      open(name: string, version?: number) {
        const request = factory.open(name, version);
        request.addEventListener('success', () => {
          const raw = request.result;
          const transaction = raw.transaction.bind(raw);
          raw.transaction = (...args: Parameters<IDBDatabase['transaction']>) => {
            const tx = transaction(...args);
            if (tx.mode === 'readwrite') writes.push({ stores: [...tx.objectStoreNames], durability: tx.durability });
            return tx;
          };
        });
        return request;
      },
    };
    const db = await openStudyDb({ factory: recording });
    opened.push(db);
    const study = sampleStudy();
    await db.createStudy(study);
    const t0 = runningTrial(0);
    await db.recordTrialState(study.id, t0);
    await db.appendEpochs(study.id, 0, [epoch(0, 0)]);
    await db.recordTrialState(study.id, endedTrial({ ...t0, epochs: [epoch(0, 0)] }, 'complete'));
    await db.recordTrialState(study.id, endedTrial(runningTrial(1), 'pruned'));
    expect(writes.map((w) => w.durability)).toEqual(['default', 'default', 'default', 'strict', 'strict']);
    // An imported or copied study holding finished trials lands strictly too.
    const copy = { ...sampleStudy('study-2'), trials: [endedTrial(runningTrial(0), 'complete')] };
    await db.createStudy(copy);
    expect(writes.at(-1)!.durability).toBe('strict');
  });

  it('refuses a database written by a newer version', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = factory.open(DB_NAME, DB_VERSION + 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    const error = await expectCode(openStudyDb({ factory }), 'unavailable');
    expect(error.message).toMatch(/newer version/);
  });
});
