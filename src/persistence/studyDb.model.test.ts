/**
 * Model-based test of the study database: random sequences of trial starts, epoch reports, endings,
 * crashes (the connection is killed, possibly mid-write) and reloads are run against the database and a
 * plain in-memory model. After every step the database must hold exactly what was acknowledged: a finished
 * trial never changes, and no epoch written before a crash is lost.
 */
import 'fake-indexeddb/auto';
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochRecord, TrialState } from '../engine/study/types';
import { openStudyDb, StudyDbError, type StudyDb } from './studyDb';
import { endedTrial, epoch, runningTrial, sampleStudy } from './studyDbFixtures';

const STUDY = 'study-1';
const FINISHED: readonly TrialState[] = ['complete', 'pruned', 'failed'];

interface ModelTrial {
  state: TrialState;
  /** Keyed "fold/epoch"; values as written. */
  epochs: Map<string, EpochRecord>;
}
interface Model {
  trials: ModelTrial[];
  /** Whether this page (connection) is running the study; otherwise a stored 'running' reads 'interrupted'. */
  activeHere: boolean;
}
interface Real {
  factory: IDBFactory;
  db: StudyDb;
  raw: IDBDatabase[];
  /** Transactions opened on those connections: a crash kills the unfinished ones before they commit. */
  txs: IDBTransaction[];
}

const key = (e: EpochRecord) => `${e.fold}/${e.epoch}`;
const sorted = (m: Map<string, EpochRecord>) => [...m.values()].sort((a, b) => a.fold - b.fold || a.epoch - b.epoch);

/** A factory that remembers the connections it opened, so a test can kill one as a crashing tab would. */
async function openTracked(real: Pick<Real, 'factory' | 'raw' | 'txs'>): Promise<StudyDb> {
  const factory = real.factory;
  const tracking = {
    open(name: string, version?: number) {
      const request = factory.open(name, version);
      request.addEventListener('success', () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        db.transaction = (...args: Parameters<IDBDatabase['transaction']>) => {
          const tx = transaction(...args);
          real.txs.push(tx);
          return tx;
        };
        real.raw.push(db);
      });
      return request;
    },
  };
  return openStudyDb({ factory: tracking });
}

const trialAt = (m: Model, pick: number) => (m.trials.length === 0 ? -1 : pick % m.trials.length);

async function refused(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof StudyDbError ? error.code : `unexpected ${String(error)}`;
  }
}

/** The whole stored study must equal the model. */
async function checkAgainstModel(m: Model, r: Real) {
  const loaded = (await r.db.loadStudy(STUDY))!;
  expect(loaded.status).toBe(m.activeHere ? 'running' : 'interrupted');
  expect(loaded.record.trials.map((t) => t.number)).toEqual(m.trials.map((_, i) => i));
  loaded.record.trials.forEach((t, i) => {
    const want = m.trials[i]!;
    expect(t.state).toBe(!m.activeHere && want.state === 'running' ? 'stopped' : want.state);
    expect(t.epochs).toEqual(sorted(want.epochs));
  });
}

/** The trial's current contents, to hand to recordTrialState as the runner would. */
function asTrial(m: Model, n: number) {
  return { ...runningTrial(n), epochs: sorted(m.trials[n]!.epochs) };
}

class StartTrial implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => m.activeHere;
  async run(m: Model, r: Real) {
    const n = m.trials.length;
    await r.db.recordTrialState(STUDY, runningTrial(n));
    m.trials.push({ state: 'running', epochs: new Map() });
    await checkAgainstModel(m, r);
  }
  toString = () => 'startTrial';
}

class ReportEpochs implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly fold: number,
    readonly epochs: readonly number[],
  ) {}
  check = (m: Readonly<Model>) => m.trials.length > 0;
  async run(m: Model, r: Real) {
    const n = trialAt(m, this.pick);
    const trial = m.trials[n]!;
    const batch = this.epochs.map((e) => epoch(this.fold, e, 1 / (e + 2 + n)));
    const outcome = await refused(r.db.appendEpochs(STUDY, n, batch));
    if (FINISHED.includes(trial.state)) {
      const unchanged = batch.every((e) => JSON.stringify(trial.epochs.get(key(e))) === JSON.stringify(e));
      expect(outcome).toBe(unchanged ? null : 'trial-finished');
    } else {
      expect(outcome).toBeNull();
      for (const e of batch) trial.epochs.set(key(e), e);
    }
    await checkAgainstModel(m, r);
  }
  toString = () => `reportEpochs(${this.pick}, fold ${this.fold}, [${this.epochs.join(',')}])`;
}

class EndTrial implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly how: 'complete' | 'pruned' | 'failed',
  ) {}
  check = (m: Readonly<Model>) => m.trials.length > 0;
  async run(m: Model, r: Real) {
    const n = trialAt(m, this.pick);
    const trial = m.trials[n]!;
    const outcome = await refused(r.db.recordTrialState(STUDY, endedTrial(asTrial(m, n), this.how)));
    if (FINISHED.includes(trial.state)) {
      // An identical rewrite is harmless; anything else must be refused.
      expect(outcome).toBe(trial.state === this.how ? null : 'trial-finished');
    } else {
      expect(outcome).toBeNull();
      trial.state = this.how;
    }
    await checkAgainstModel(m, r);
  }
  toString = () => `${this.how}Trial(${this.pick})`;
}

/** Resume after a reload: the study runs here again and an unfinished trial restarts from scratch. */
class Resume implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => !m.activeHere;
  async run(m: Model, r: Real) {
    await r.db.setStudyStatus(STUDY, 'running');
    m.activeHere = true;
    const n = trialAt(m, this.pick);
    if (n >= 0) {
      const outcome = await refused(r.db.restartTrial(STUDY, runningTrial(n)));
      if (FINISHED.includes(m.trials[n]!.state)) expect(outcome).toBe('trial-finished');
      else {
        expect(outcome).toBeNull();
        m.trials[n] = { state: 'running', epochs: new Map() };
      }
    }
    await checkAgainstModel(m, r);
  }
  toString = () => `resume(${this.pick})`;
}

/**
 * The tab dies: optionally while a batch of epochs is being written, after a few scheduler turns. The
 * connection is force-closed (in-flight transactions abort) and a new page opens the database.
 */
class Crash implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly inFlight: boolean,
    readonly ticks: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const n = m.trials.findIndex((t) => t.state === 'running');
    const batch = [epoch(9, 0), epoch(9, 1)];
    const pending = this.inFlight && n >= 0 ? refused(r.db.appendEpochs(STUDY, n, batch)) : null;
    for (let i = 0; i < this.ticks; i++) await new Promise((resolve) => setImmediate(resolve));
    // fake-indexeddb's forced close lets running transactions finish; a dying tab does not, so abort them.
    for (const tx of r.txs.splice(0)) {
      try {
        tx.abort();
      } catch {
        // already committed
      }
    }
    for (const raw of r.raw.splice(0)) forceCloseDatabase(raw as unknown as typeof IDBDatabase);
    await pending;
    r.db = await openTracked(r);
    m.activeHere = false;
    if (pending) {
      // The batch that was in flight landed whole or not at all.
      const stored = (await r.db.loadStudy(STUDY))!.record.trials[n]!.epochs.filter((e) => e.fold === 9);
      expect([0, batch.length]).toContain(stored.length);
      for (const e of stored) m.trials[n]!.epochs.set(key(e), e);
    }
    await checkAgainstModel(m, r);
  }
  toString = () => `crash(${this.inFlight ? `mid-write after ${this.ticks} ticks` : 'idle'})`;
}

/** A clean reload: the page closes its connection and a new one opens. */
class Reload implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    r.db.close();
    r.raw.length = 0;
    r.txs.length = 0;
    r.db = await openTracked(r);
    m.activeHere = false;
    await checkAgainstModel(m, r);
  }
  toString = () => 'reload';
}

const commands = [
  fc.constant(new StartTrial()),
  fc.tuple(fc.nat(20), fc.nat(2), fc.uniqueArray(fc.nat(6), { minLength: 1, maxLength: 3 })).map(([p, f, es]) => new ReportEpochs(p, f, es)),
  fc.tuple(fc.nat(20), fc.constantFrom('complete' as const, 'pruned' as const, 'failed' as const)).map(([p, how]) => new EndTrial(p, how)),
  fc.nat(20).map((p) => new Resume(p)),
  fc.tuple(fc.boolean(), fc.nat(12)).map(([inFlight, ticks]) => new Crash(inFlight, ticks)),
  fc.constant(new Reload()),
];

describe('study database (model-based)', () => {
  it('never loses or changes a finished trial, nor an epoch written before a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const real: Real = { factory: new IDBFactory(), raw: [], txs: [], db: undefined as unknown as StudyDb };
        real.db = await openTracked(real);
        await real.db.createStudy(sampleStudy(STUDY));
        try {
          await fc.asyncModelRun(() => ({ model: { trials: [], activeHere: true }, real }), cmds);
        } finally {
          real.db.close();
        }
      }),
      { numRuns: 50 },
    );
  });
});
