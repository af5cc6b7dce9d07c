/**
 * Trials trained together change nothing about a study: the same small study (Iris, 3-fold CV, cpu backend,
 * in-process workers) run with group=1 and group=8 gives, trial by trial and bit for bit, the same parameters,
 * per-epoch records, fold scores, metrics, values, pruning and failures, and the same best trial and test
 * scores — for random and grid search, with ASHA, Hyperband and median pruning, on one or two workers, for
 * TPE (whose random start-up trials may be grouped, its model-based ones never), after a stop and resume in
 * the middle of a group, and when a group call fails as a whole and its members are trained again alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainTestSplit } from '../data/split';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { PrunerKind } from '../engine/pruners/types';
import type { SamplerKind } from '../engine/samplers/types';
import { createRng } from '../engine/study/rng';
import type { StudyConfig } from '../search/config';
import { configFromPreset, findPreset } from '../search/presets';
import { createInProcessWorker } from '../worker/inProcessWorker';
import { newStudyRecord } from './newStudy';
import type { StudyRecord } from './studyRecord';
import { createStudyRunner } from './studyRunner';
import { WorkerCallError, type WorkerClient } from './workerClient';
import { createWorkerPool } from './workerPool';

const table = await loadTable(readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
const { data } = prepareForTarget(table, 'target');

/**
 * One hidden layer of 8 or 16 units (two group keys), rates from slow to absurd: 1e30 fails its trial, refused
 * before training by the learning-rate rule (this config skips the space check, as a hand-edited study file could).
 */
function config(sampler: SamplerKind, pruner: PrunerKind, overrides: Partial<StudyConfig> = {}): StudyConfig {
  const base = configFromPreset(findPreset('seed-autokeras')!, { maxEpochs: 6, maxTrials: 12, seed: 4, pruner, sampler });
  return {
    ...base,
    space: {
      params: [
        { name: 'units', kind: 'categorical', choices: [8, 16] },
        { name: 'learning_rate', kind: 'categorical', choices: [0.001, 0.003, 0.01, 0.03, 0.1, 1e30] },
      ],
    },
    fixed: { layers: 1, activation: 'relu', optimizer: 'adam', epochs: 6, batch_size: 16, dropout: 0 },
    enqueued: [],
    evaluation: { kind: 'cross-validation', folds: 3 },
    ...overrides,
  };
}

/** Runs a study to its end; with `stopWhen`, stops it the first time that holds, then resumes it. */
async function runStudy(studyConfig: StudyConfig, groupSize: number, slots = 1, stopWhen?: (study: StudyRecord) => boolean, spawn = createInProcessWorker): Promise<StudyRecord> {
  const split = trainTestSplit(data.numRows, data.targets, studyConfig.testFraction, createRng(studyConfig.splitSeed));
  const study = newStudyRecord({ config: studyConfig, data, split, datasetName: 'Iris', source: { kind: 'builtin', id: 'iris' }, columns: 5, fingerprint: table.fingerprint, now: new Date(0) });
  const workers = createWorkerPool(spawn, undefined, slots);
  let stopped = false;
  const onChange = () => {
    if (stopWhen && !stopped && stopWhen(study)) {
      stopped = true;
      runner.stop();
    }
  };
  const runner = createStudyRunner({ study, data, split, workers, groupSize, onChange });
  await runner.run();
  if (stopWhen) {
    expect(study.state).toBe('stopped');
    await runner.run();
  }
  for (let slot = 0; slot < slots; slot++) workers.discard(slot);
  return study;
}

/** Everything a trial's outcome is, but its timing, latency and group tag. */
const outcomes = (study: StudyRecord) =>
  study.trials.map((t) => ({
    number: t.number,
    params: t.params,
    system: t.system,
    state: t.state,
    epochs: t.epochs,
    foldScores: t.foldScores,
    metrics: t.metrics,
    value: t.value,
    error: t.error,
    prunedAtEpoch: t.prunedAtEpoch,
    promotions: t.promotions,
    parameters: t.cost?.parameters,
  }));

async function expectSameWithGroups(studyConfig: StudyConfig, slots = 1, slotsAlone = slots) {
  const alone = await runStudy(studyConfig, 1, slotsAlone);
  const together = await runStudy(studyConfig, 8, slots);
  expect(together.state).toBe(alone.state);
  expect(outcomes(together)).toEqual(outcomes(alone));
  expect(together.best).toEqual(alone.best);
  expect(alone.trials.some((t) => t.group)).toBe(false);
  return { alone, together, grouped: together.trials.filter((t) => (t.group?.size ?? 1) > 1) };
}

describe('trials trained together', () => {
  it('give the same study as trained alone: random search, no pruning, a failing trial', async () => {
    const { alone, grouped } = await expectSameWithGroups(config('random', 'none'));
    expect(alone.state).toBe('finished');
    expect(alone.trials.some((t) => t.state === 'failed' && /"learning_rate" must be above 0/.test(t.error ?? ''))).toBe(true);
    expect(grouped.length).toBeGreaterThan(4);
  });

  it.each(['asha', 'hyperband'] as const)('give the same study with %s pruning (group-mates compete at the rungs)', async (pruner) => {
    const { alone, grouped } = await expectSameWithGroups(config('random', pruner, { maxTrials: 16 }));
    expect(alone.trials.some((t) => t.state === 'pruned')).toBe(true);
    expect(grouped.some((t) => t.state === 'pruned')).toBe(true);
  });

  it('give the same study with median pruning (grouped only while the plan cannot depend on group-mates)', async () => {
    const { alone } = await expectSameWithGroups(config('random', 'median', { maxTrials: 16 }));
    expect(alone.trials.some((t) => t.state === 'pruned')).toBe(true);
  });

  it('give the same study on two workers as alone on two (ASHA), and as alone on one (no pruning)', async () => {
    const { grouped } = await expectSameWithGroups(config('random', 'asha'), 2);
    expect(grouped.length).toBeGreaterThan(0);
    // Without pruning nothing a trial gets depends on outcomes, so the number of workers does not matter either.
    expect((await expectSameWithGroups(config('random', 'none'), 2, 1)).grouped.length).toBeGreaterThan(0);
  });

  it('resume a group stopped mid-way: its members rerun one by one, with the same final study', async () => {
    const studyConfig = config('random', 'asha');
    const alone = await runStudy(studyConfig, 1);
    const midGroup = (s: StudyRecord) => s.trials.filter((t) => t.state === 'running').length > 2 && s.trials.some((t) => t.state === 'running' && t.epochs.length > 0);
    const resumed = await runStudy(studyConfig, 8, 1, midGroup);
    expect(resumed.trials.filter((t) => t.group).length).toBeGreaterThan(0);
    expect(outcomes(resumed)).toEqual(outcomes(alone));
    expect(resumed.best).toEqual(alone.best);
  });

  it('train the members of a group call that failed as a whole again one by one, with the same study', async () => {
    const studyConfig = config('random', 'asha');
    const alone = await runStudy(studyConfig, 1);
    let failures = 0;
    // The one stand-in: a real worker whose first trainGroup answers as tfjs does when memory runs out.
    const spawn = (): WorkerClient => {
      const real = createInProcessWorker();
      return {
        get alive() {
          return real.alive;
        },
        terminate: () => real.terminate(),
        call: ((method: string, params: unknown, options: unknown) => {
          if (method === 'trainGroup' && failures++ === 0) return Promise.reject(new WorkerCallError('out-of-memory', 'Cannot allocate 64 MB'));
          return (real.call as (m: string, p: unknown, o: unknown) => Promise<unknown>)(method, params, options);
        }) as WorkerClient['call'],
      };
    };
    const recovered = await runStudy(studyConfig, 8, 1, undefined, spawn);
    expect(failures).toBeGreaterThan(1);
    expect(outcomes(recovered)).toEqual(outcomes(alone));
    expect(recovered.best).toEqual(alone.best);
  });

  it('give the same grid search', async () => {
    const { grouped } = await expectSameWithGroups(config('grid', 'none', { maxTrials: 12 }));
    expect(grouped.length).toBe(12 - 2); // two absurd rates, one per group key, fail without a result
  });

  it('leave TPE unchanged: only its random start-up trials are grouped', async () => {
    const space = { params: [{ name: 'learning_rate', kind: 'float' as const, low: 1e-4, high: 0.1, log: true }] };
    const { together, grouped } = await expectSameWithGroups(config('tpe', 'none', { maxTrials: 14, space }));
    expect(grouped.length).toBeGreaterThan(0);
    expect(grouped.every((t) => t.system['tpe'] === 'startup')).toBe(true);
    expect(together.trials.some((t) => t.system['tpe'] === 'model')).toBe(true);
  });
});
