/** A real study through the real runner, worker protocol and tfjs (cpu), with tiny budgets. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { trainTestSplit } from '../data/split';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { ModelData } from '../data/types';
import { configFromPreset, findPreset } from '../search/presets';
import type { StudyConfig } from '../search/config';
import { createInProcessWorker } from '../worker/inProcessWorker';
import { newStudyRecord } from './newStudy';
import type { StudyRecord } from './studyRecord';
import { createStudyRunner } from './studyRunner';
import { buildStudyExport } from './studyExport';
import { createWorkerPool, type WorkerPool } from './workerPool';
import { WorkerCallError, type WorkerClient } from './workerClient';
import type { TrainingJob } from '../protocol/training';

async function irisData(): Promise<{ data: ModelData; fingerprint: string }> {
  const table = await loadTable(readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
  return { data: prepareForTarget(table, 'target').data, fingerprint: table.fingerprint };
}

/** A fresh study record on Iris with its data and train/test split. */
async function irisStudy(config: StudyConfig) {
  const { data, fingerprint } = await irisData();
  const split = trainTestSplit(data.numRows, data.targets, config.testFraction, createRng(config.splitSeed));
  const study = newStudyRecord({ config, data, split, datasetName: 'Iris', source: { kind: 'builtin', id: 'iris' }, columns: 5, fingerprint, now: new Date(0) });
  return { study, data, split };
}

/** A runner on one in-process worker that stops itself the first time `when(study)` holds. */
async function stoppingRunner(config: StudyConfig, when: (study: StudyRecord) => boolean) {
  const { study, data, split } = await irisStudy(config);
  const workers = createWorkerPool(createInProcessWorker, undefined, 1);
  let stopped = false;
  const runner = createStudyRunner({
    study,
    data,
    split,
    workers,
    onChange: () => {
      if (!stopped && when(study)) {
        stopped = true;
        runner.stop();
      }
    },
  });
  return { study, runner, workers };
}

async function runStudy(config: StudyConfig, slots = 1) {
  const { study, data, split } = await irisStudy(config);
  let changes = 0;
  const workers = createWorkerPool(createInProcessWorker, undefined, slots);
  const runner = createStudyRunner({ study, data, split, workers, onChange: () => changes++ });
  await runner.run();
  workers.discard(0);
  return { study, changes, runner };
}

const seedGrid = (overrides: Partial<StudyConfig> = {}): StudyConfig => ({ ...configFromPreset(findPreset('seed-grid')!, { maxEpochs: 3 }), ...overrides });

describe('study runner', () => {
  it('runs the seed grid: 4 distinct candidates, 3 fold scores each, the best refit and tested', async () => {
    const { study, changes } = await runStudy(seedGrid());
    expect(study.state).toBe('finished');
    expect(study.backend?.chosen).toBe('cpu');
    expect(study.trials.map((t) => t.params)).toEqual([
      { optimizer: 'adam', activation: 'relu' },
      { optimizer: 'adam', activation: 'tanh' },
      { optimizer: 'rmsprop', activation: 'relu' },
      { optimizer: 'rmsprop', activation: 'tanh' },
    ]);
    for (const trial of study.trials) {
      expect(trial.state).toBe('complete');
      expect(trial.foldScores).toHaveLength(3);
      expect(trial.epochs).toHaveLength(9); // 3 folds × 3 epochs
      expect(trial.durationMs).toBeGreaterThan(0);
    }
    const bestValue = Math.max(...study.trials.map((t) => t.value!));
    expect(study.best?.value).toBe(bestValue);
    expect(study.trials[study.best!.trialNumber]!.value).toBe(bestValue);
    expect(study.best?.testMetrics?.['accuracy']).toBeGreaterThan(0);
    expect(changes).toBeGreaterThan(8);
  });

  it('repeats cross-validation on fresh partitions, the first round the same folds as unrepeated', async () => {
    const once = await runStudy(seedGrid({ maxTrials: 2, maxEpochs: 2 }));
    const twice = await runStudy(seedGrid({ maxTrials: 2, maxEpochs: 2, evaluation: { kind: 'cross-validation', folds: 3, repeats: 2 } }));
    for (const [i, trial] of twice.study.trials.entries()) {
      expect(trial.foldScores).toHaveLength(6);
      expect(trial.foldScores!.slice(0, 3)).toEqual(once.study.trials[i]!.foldScores);
      // The second round is another partition, so its scores are not a copy of the first's.
      expect(trial.foldScores!.slice(3)).not.toEqual(trial.foldScores!.slice(0, 3));
      expect(trial.value).toBeCloseTo(trial.foldScores!.reduce((a, b) => a + b, 0) / 6, 10);
    }
  });

  it('trains each configuration of a finite space once under TPE, then ends with a note', async () => {
    // The seed's four-point grid with TPE and a budget of 16: before, 16 trials of the same 4 configurations.
    const { study } = await runStudy(seedGrid({ sampler: 'tpe', maxTrials: 16, maxEpochs: 2 }));
    expect(study.trials).toHaveLength(4);
    expect(new Set(study.trials.map((t) => JSON.stringify(t.params))).size).toBe(4);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(study.state).toBe('finished');
    expect(study.message).toBe('Every one of the 4 configurations in the search space has been tried.');
    expect(study.best?.testMetrics).not.toBeNull();
  });

  it('minimises a lower-is-better objective (log loss) and records every metric', async () => {
    const { study } = await runStudy(seedGrid({ objective: 'log_loss' }));
    expect(study.objective).toEqual({ metric: 'log_loss', direction: 'minimize' });
    const values = study.trials.map((t) => t.value!);
    expect(study.best!.value).toBe(Math.min(...values));
    expect(Object.keys(study.trials[0]!.metrics).sort()).toEqual(['accuracy', 'balanced_accuracy', 'log_loss', 'loss', 'macro_f1', 'roc_auc']);
    expect(study.best!.testMetrics!['log_loss']).toBeGreaterThan(0);
  });

  it('replays exactly from the same seed and differs with another', async () => {
    const config = { ...configFromPreset(findPreset('seed-autokeras')!, { maxEpochs: 2, maxTrials: 3, seed: 7 }) };
    const a = await runStudy(config);
    const b = await runStudy(config);
    const c = await runStudy({ ...config, seed: 8 });
    const summary = (s: typeof a.study) => s.trials.map((t) => ({ params: t.params, value: t.value }));
    expect(summary(a.study)).toEqual(summary(b.study));
    expect(a.study.best).toEqual(b.study.best);
    expect(summary(c.study).map((t) => t.params)).not.toEqual(summary(a.study).map((t) => t.params));
  });

  it('marks a failing trial failed with its reason and carries on', async () => {
    // Grid over units: 0 units is invalid and fails; 8 units trains.
    const config = seedGrid({ space: { params: [{ name: 'units', kind: 'categorical', choices: [0, 8] }] }, maxTrials: 2 });
    const { study } = await runStudy(config);
    expect(study.trials.map((t) => t.state)).toEqual(['failed', 'complete']);
    expect(study.trials[0]!.error).toBe('"units" must be a whole number from 1 to 65536; got 0');
    expect(study.state).toBe('finished');
    expect(study.best?.trialNumber).toBe(1);
  });

  it('fails a trial whose model is over the worker memory budget before building it, naming the layer, and carries on', async () => {
    // Two layers of 65,536 units: 4.3 G weights in the second alone, far over the 1 GiB budget (ml/modelSize.ts).
    const base = seedGrid();
    const config = seedGrid({ fixed: { ...base.fixed, layers: 2 }, space: { params: [{ name: 'units', kind: 'categorical', choices: [65536, 8] }] }, maxTrials: 2 });
    const { study } = await runStudy(config);
    expect(study.trials.map((t) => t.state)).toEqual(['failed', 'complete']);
    expect(study.trials[0]!.error).toMatch(/^units_2 = 65536 on 65536 inputs makes 4\.3 G weights .* over the 1\.0 GiB a worker allows/);
    expect(study.state).toBe('finished');
  });

  it('stops the study after three consecutive failures, with a clear message', async () => {
    const config = seedGrid({ space: { params: [{ name: 'units', kind: 'categorical', choices: [0, -1, -2, 8] }] }, maxTrials: 4 });
    const { study } = await runStudy(config);
    expect(study.trials).toHaveLength(3);
    expect(study.state).toBe('failed');
    expect(study.message).toMatch(/3 trials failed in a row/);
  });

  it('stops on request, keeping completed trials', async () => {
    const { study, runner, workers } = await stoppingRunner(seedGrid({ maxEpochs: 10_000 }), (s) => (s.trials[0]?.epochs.length ?? 0) > 2);
    await runner.run();
    workers.discard(0);
    expect(study.state).toBe('stopped');
    expect(study.trials).toHaveLength(1);
    expect(study.trials[0]!.state).toBe('stopped');
    expect(study.best).toBeNull();
  });

  it.each(['asha', 'hyperband', 'median'] as const)('prunes poor trials with %s through a real study', async (pruner) => {
    const base = configFromPreset(findPreset('seed-autokeras')!, { maxEpochs: 9, maxTrials: 12, seed: 3, pruner });
    // A wide learning-rate range makes some trials clearly worse early on.
    const config: StudyConfig = { ...base, fixed: { ...base.fixed, batch_size: 32 } };
    const { study } = await runStudy(config);
    expect(study.state).toBe('finished');
    const pruned = study.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.prunedAtEpoch).toBeLessThan(9);
      expect(t.epochs).toHaveLength(t.prunedAtEpoch!);
      expect(t.value).toBeNull();
    }
    if (pruner !== 'median') {
      const promoted = study.trials.filter((t) => (t.promotions?.length ?? 0) > 0);
      expect(promoted.length).toBeGreaterThan(0);
      // A promoted trial went on training the same model past its rung: its epochs continue without restart.
      const survivor = promoted.find((t) => t.state === 'complete')!;
      expect(survivor.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 9 }, (_, i) => i));
    }
    if (pruner === 'hyperband') expect(new Set(study.trials.map((t) => t.system['bracket'])).size).toBeGreaterThan(1);
    expect(study.best).not.toBeNull();
    expect(study.trials[study.best!.trialNumber]!.state).toBe('complete');
  });

  it('runs trials on two workers with the same outcome as on one', async () => {
    const config = configFromPreset(findPreset('seed-autokeras')!, { maxEpochs: 3, maxTrials: 5, seed: 11 });
    const one = await runStudy(config, 1);
    const two = await runStudy(config, 2);
    const summary = (s: typeof one.study) => s.trials.map((t) => ({ number: t.number, params: t.params, value: t.value, state: t.state }));
    expect(summary(two.study)).toEqual(summary(one.study));
    expect(two.study.best).toEqual(one.study.best);
  });

  it('resumes a stopped study: completed trials untouched, the interrupted one rerun, same final result', async () => {
    const config = seedGrid({ maxEpochs: 4 });
    const { study: reference } = await runStudy(config);

    const { study, runner, workers } = await stoppingRunner(config, (s) => (s.trials[1]?.epochs.length ?? 0) > 0);
    await runner.run();
    expect(study.state).toBe('stopped');
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'stopped']);
    const firstTrial = JSON.stringify(study.trials[0]);
    await runner.run();
    workers.discard(0);
    expect(study.state).toBe('finished');
    expect(JSON.stringify(study.trials[0])).toBe(firstTrial);
    expect(study.trials.map((t) => ({ params: t.params, value: t.value }))).toEqual(reference.trials.map((t) => ({ params: t.params, value: t.value })));
    expect(study.best).toEqual(reference.best);
  });

  it('tries enqueued configurations first (warm start), then samples', async () => {
    const base = configFromPreset(findPreset('seed-autokeras')!, { maxEpochs: 2, maxTrials: 3, seed: 5 });
    const warm = { layers: 2, units_1: 64, units_2: 16, dropout: 0, learning_rate: 0.01 };
    const { study } = await runStudy({ ...base, enqueued: [warm] });
    expect(study.trials[0]!.params).toEqual(warm);
    expect(study.trials[0]!.system['enqueued']).toBe(true);
    expect(study.trials[1]!.params).not.toEqual(warm);
  });

  it('retries a trial that ran out of memory once, at half the batch size', async () => {
    const { study, data, split } = await irisStudy(seedGrid({ maxEpochs: 2, maxTrials: 1 }));
    const real = createWorkerPool(createInProcessWorker, undefined, 1);
    const batchSizes: number[] = [];
    // The one stand-in here: a real worker whose first runTrial answers as tfjs does when memory runs out.
    const workers: WorkerPool = {
      ...real,
      size: 1,
      async acquire(slot, preference, key, d) {
        const ready = await real.acquire(slot, preference, key, d);
        const client: WorkerClient = {
          ...ready.client,
          alive: true,
          terminate: () => ready.client.terminate(),
          call: ((method: 'runTrial', params: TrainingJob, options: Parameters<WorkerClient['call']>[2]) => {
            if (method === 'runTrial' && params.evaluation === 'validation') {
              batchSizes.push(params.model.batchSize);
              if (batchSizes.length === 1) return Promise.reject(new WorkerCallError('out-of-memory', 'Cannot allocate 64 MB'));
            }
            return (ready.client.call as (m: string, p: unknown, o: unknown) => Promise<unknown>)(method, params, options);
          }) as unknown as WorkerClient['call'],
        };
        return { client, backend: ready.backend };
      },
    };
    await createStudyRunner({ study, data, split, workers, onChange: () => {} }).run();
    real.discard(0);
    expect(batchSizes).toEqual([10, 5]);
    expect(study.trials[0]!.state).toBe('complete');
    expect(study.trials[0]!.system['retriedWithBatchSize']).toBe(5);
  });

  it('starts no trial after the time budget', async () => {
    let clock = 0;
    const { study, data, split } = await irisStudy(seedGrid({ maxEpochs: 1, maxMinutes: 1 }));
    const workers = createWorkerPool(createInProcessWorker, undefined, 1);
    // The fake clock advances 40 s whenever a trial is created: trials 0 and 1 start within the minute, trial 2 would not.
    const runner = createStudyRunner({ study, data, split, workers, now: () => clock, onChange: () => {} });
    const originalPush = study.trials.push.bind(study.trials);
    study.trials.push = (...items) => {
      clock += 40_000;
      return originalPush(...items);
    };
    await runner.run();
    workers.discard(0);
    expect(study.trials).toHaveLength(2);
    expect(study.state).toBe('finished');
  });

  it('exports the documented sweeplab.study format', async () => {
    const { study } = await runStudy(seedGrid({ maxTrials: 2 }));
    const exported = JSON.parse(JSON.stringify(buildStudyExport(study, new Date(1000), 'test')));
    expect(exported).toMatchObject({
      format: 'sweeplab.study',
      version: 1,
      exportedAt: '1970-01-01T00:00:01.000Z',
      dataset: { name: 'Iris', rows: 150, trainRows: 120, testRows: 30, source: { kind: 'builtin', id: 'iris' } },
      task: { kind: 'multiclass', target: 'target' },
      configuration: { preset: 'seed-grid', sampler: 'grid', pruner: 'none', seed: 42, budget: { maxTrials: 2, maxEpochsPerTrial: 3, maxMinutes: null }, backend: { requested: 'auto', chosen: 'cpu' } },
      best: { testMetrics: { accuracy: expect.any(Number) } },
    });
    expect(exported.trials).toHaveLength(2);
    expect(exported.trials[0]).toMatchObject({ number: 0, state: 'complete', backend: 'cpu', foldScores: [expect.any(Number), expect.any(Number), expect.any(Number)] });
  });
});
