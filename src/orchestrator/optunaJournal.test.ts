/** The Optuna journal export, line by line: a real study through the real runner, and hand-made edge cases. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import type { Trial } from '../engine/study/types';
import { trainTestSplit } from '../data/split';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import { configFromPreset, findPreset } from '../search/presets';
import type { StudyConfig } from '../search/config';
import { createInProcessWorker } from '../worker/inProcessWorker';
import { newStudyRecord } from './newStudy';
import { OptunaOp, optunaDatetime, PythonFloat, pythonJson, studyToOptunaJournal } from './optunaJournal';
import type { StudyRecord } from './studyRecord';
import { createStudyRunner } from './studyRunner';
import { createWorkerPool } from './workerPool';

type Line = Record<string, unknown> & { op_code: number; worker_id: string };

/** Parses a journal as Python's json would: NaN and ±Infinity tokens outside strings become numbers. */
function parseJournal(text: string): Line[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line.replace(/(?<=[:,[])(-?Infinity|NaN)(?=[,\]}])/g, '"__$1__"'), (_k, v) => (v === '__NaN__' ? NaN : v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v)) as Line);
}

const trialLines = (lines: Line[], trialId: number) => lines.filter((l) => l['trial_id'] === trialId);

async function runQuickStudy(): Promise<StudyRecord> {
  const table = await loadTable(readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
  const data = prepareForTarget(table, 'target').data;
  const config: StudyConfig = configFromPreset(findPreset('quick')!, { maxTrials: 6, maxEpochs: 3 });
  const split = trainTestSplit(data.numRows, data.targets, config.testFraction, createRng(config.splitSeed));
  const study = newStudyRecord({ config, data, split, datasetName: 'Iris', source: { kind: 'builtin', id: 'iris' }, columns: 5, fingerprint: table.fingerprint, now: new Date(0) });
  const workers = createWorkerPool(createInProcessWorker, undefined, 1);
  await createStudyRunner({ study, data, split, workers, onChange: () => {} }).run();
  workers.discard(0);
  return study;
}

describe('Optuna journal', () => {
  it('writes a real quick-preset study: the study, then each trial created, its params, intermediate values, attrs, and finished last', async () => {
    const study = await runQuickStudy();
    expect(study.state).toBe('finished');
    const text = studyToOptunaJournal(study);
    const lines = parseJournal(text);
    for (const line of lines) expect(line.worker_id).toBe(`sweeplab-${study.id}`);

    expect(lines[0]).toEqual({ op_code: OptunaOp.createStudy, worker_id: `sweeplab-${study.id}`, study_name: study.id, directions: [2] });
    const studyAttrs = lines.filter((l) => l.op_code === OptunaOp.setStudyUserAttr);
    const attr = (key: string) => studyAttrs.find((l) => Object.keys(l['user_attr'] as object)[0] === key)?.['user_attr'] as Record<string, unknown> | undefined;
    for (const l of studyAttrs) expect(Object.keys(l['user_attr'] as object)).toHaveLength(1);
    expect(attr('fixed_params')?.['fixed_params']).toEqual(study.config.fixed);
    expect(attr('objective')?.['objective']).toEqual({ metric: 'accuracy', direction: 'maximize' });
    expect(attr('test_metrics')?.['test_metrics']).toEqual(study.best!.testMetrics);
    expect(attr('best')?.['best']).toMatchObject({ trial_number: study.best!.trialNumber, value: study.best!.value });

    const creates = lines.filter((l) => l.op_code === OptunaOp.createTrial);
    expect(creates).toHaveLength(study.trials.length);
    const spaceByName = new Map(study.config.space.params.map((p) => [p.name, p]));
    for (const [id, trial] of study.trials.entries()) {
      const own = trialLines(lines, id);
      const createIndex = lines.indexOf(creates[id]!);
      expect(creates[id]).toEqual({ op_code: OptunaOp.createTrial, worker_id: `sweeplab-${study.id}`, study_id: 0, datetime_start: new Date(trial.startedAt).toISOString().replace('Z', '000') });
      // Every operation on the trial comes after its creation and before the next trial's; the state comes last.
      const nextCreate = id + 1 < creates.length ? lines.indexOf(creates[id + 1]!) : lines.length;
      for (const l of own) expect(lines.indexOf(l)).toBeGreaterThan(createIndex);
      for (const l of own) expect(lines.indexOf(l)).toBeLessThan(nextCreate);
      expect(own.at(-1)!.op_code).toBe(OptunaOp.setTrialStateValues);

      const params = own.filter((l) => l.op_code === OptunaOp.setTrialParam);
      expect(params.map((l) => l['param_name']).sort()).toEqual(Object.keys(trial.params).sort());
      for (const p of params) {
        const spec = spaceByName.get(p['param_name'] as string)!;
        const distribution = JSON.parse(p['distribution'] as string) as { name: string; attributes: Record<string, unknown> };
        const value = trial.params[spec.name]!;
        if (spec.kind === 'categorical') {
          expect(distribution).toEqual({ name: 'CategoricalDistribution', attributes: { choices: spec.choices } });
          expect(spec.choices[p['param_value_internal'] as number]).toBe(value);
        } else {
          const name = spec.kind === 'float' ? 'FloatDistribution' : 'IntDistribution';
          expect(distribution.name).toBe(name);
          expect(distribution.attributes).toMatchObject({ low: spec.low, high: spec.high, log: spec.log === true });
          expect(p['param_value_internal']).toBe(value);
        }
      }
      // units_2 exists only for two or more layers: a conditional parameter absent from the trial is not set.
      if ((trial.params['layers'] as number) < 2) expect(params.some((l) => l['param_name'] === 'units_2')).toBe(false);

      const steps = own.filter((l) => l.op_code === OptunaOp.setTrialIntermediateValue);
      const fold0 = trial.epochs.filter((e) => e.fold === 0 && e.valScore !== undefined);
      expect(steps.map((l) => [l['step'], l['intermediate_value']])).toEqual(fold0.map((e) => [e.epoch + 1, e.valScore]));

      const userAttrs = Object.assign({}, ...own.filter((l) => l.op_code === OptunaOp.setTrialUserAttr).map((l) => l['user_attr'])) as Record<string, unknown>;
      expect(userAttrs).toMatchObject({ sweeplab_number: trial.number, sweeplab_state: trial.state, fold_scores: trial.foldScores, backend: 'cpu' });

      const state = own.at(-1)!;
      const expected = { complete: 1, pruned: 2, failed: 3 }[trial.state as 'complete' | 'pruned' | 'failed'];
      expect(state['state']).toBe(expected);
      if (trial.state === 'complete') expect(state['values']).toEqual([trial.value]);
      if (trial.state === 'pruned') expect(state['values']).toEqual([fold0.at(-1)!.valScore]);
      expect(state['datetime_complete']).toBe(new Date(trial.startedAt + trial.durationMs!).toISOString().replace('Z', '000'));
    }
  }, 180_000);

  const trial = (overrides: Partial<Trial> & { number: number }): Trial => ({
    state: 'complete',
    params: {},
    system: {},
    epochs: [],
    foldScores: [],
    metrics: {},
    value: 0.5,
    startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
    durationMs: 1500,
    backend: 'cpu',
    ...overrides,
  });

  function handMade(trials: Trial[]): StudyRecord {
    const config = configFromPreset(findPreset('quick')!, {
      objective: 'log_loss',
      space: {
        params: [
          { name: 'layers', kind: 'int', low: 0, high: 2 },
          { name: 'units', kind: 'int', low: 16, high: 256, log: true, step: 2, condition: { kind: 'atLeast', param: 'layers', value: 1 } },
          { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.05 },
          { name: 'lr', kind: 'float', low: 1e-4, high: 1e-1, log: true },
          { name: 'l2', kind: 'categorical', choices: [0, 1e-4, true, 'x'] },
        ],
      },
    });
    return {
      id: 'study-hand',
      createdAt: new Date(0).toISOString(),
      config,
      objective: { metric: 'log_loss', direction: 'minimize' },
      dataset: { name: 'Iris', source: { kind: 'builtin', id: 'iris' }, rows: 150, columns: 5, target: 'target', task: 'multiclass', classNames: ['a', 'b', 'c'], featureNames: ['f'], fingerprint: 'x', trainRows: 120, testRows: 30 },
      state: 'stopped',
      message: null,
      backend: null,
      trials,
      best: null,
      bestModel: null,
      testPredictions: null,
      startedAt: 0,
      finishedAt: null,
    };
  }

  it('maps states, distributions, conditional and unknown params, and non-finite numbers as Optuna reads them', () => {
    const study = handMade([
      trial({ number: 0, params: { layers: 0, dropout: 0.1, lr: 0.01, l2: true }, value: 0.25, epochs: [{ fold: 0, epoch: 0, loss: 1, valScore: 0.4 }, { fold: 1, epoch: 0, loss: 1, valScore: 9 }, { fold: 0, epoch: 1, loss: 1, valScore: NaN }] }),
      trial({ number: 1, state: 'pruned', value: null, params: { layers: 1, units: 32, dropout: 0, lr: 0.001, l2: 'x' }, epochs: [{ fold: 0, epoch: 0, loss: 1, valScore: 0.9 }, { fold: 0, epoch: 1, loss: 1, valScore: 0.8 }], prunedAtEpoch: 2 }),
      trial({ number: 2, state: 'failed', value: null, error: 'Out of memory', params: { layers: 1, units: 33.5, other: 'kept', l2: 'not a choice' } }),
      trial({ number: 3, state: 'stopped', value: null, durationMs: null }),
      trial({ number: 4, state: 'running', value: null, durationMs: null }),
      trial({ number: 5, state: 'complete', value: NaN }),
      trial({ number: 6, state: 'complete', value: Infinity, startedAt: NaN }),
    ]);
    const text = studyToOptunaJournal(study);
    const lines = parseJournal(text);
    expect(lines[0]!['directions']).toEqual([1]);
    const states = lines.filter((l) => l.op_code === OptunaOp.setTrialStateValues).map((l) => [l['trial_id'], l['state'], l['values']]);
    expect(states).toEqual([
      [0, 1, [0.25]],
      [1, 2, [0.8]], // a pruned trial's value is its last intermediate value, as Optuna records it
      [2, 3, null],
      [3, 3, null],
      [4, 3, null],
      [5, 3, null], // NaN objective: Optuna's FAIL
      [6, 1, [Infinity]],
    ]);
    expect(text).toContain('"values":[Infinity]');
    expect(text).toContain('"step":2,"intermediate_value":NaN');
    // Float parameters and values are Python floats, as Optuna stores them; int parameters and choice indexes stay ints.
    expect(text).toContain('"param_name":"dropout","param_value_internal":0.0,');
    expect(text).toContain('"param_name":"layers","param_value_internal":0,');
    expect(text).toContain('"param_name":"l2","param_value_internal":3,');

    const param = (id: number, name: string) => trialLines(lines, id).find((l) => l.op_code === OptunaOp.setTrialParam && l['param_name'] === name);
    expect(JSON.parse(param(1, 'units')!['distribution'] as string)).toEqual({ name: 'IntDistribution', attributes: { low: 16, high: 256, log: true, step: 1 } });
    expect(JSON.parse(param(0, 'dropout')!['distribution'] as string)).toEqual({ name: 'FloatDistribution', attributes: { low: 0, high: 0.5, log: false, step: 0.05 } });
    expect(JSON.parse(param(0, 'lr')!['distribution'] as string)).toEqual({ name: 'FloatDistribution', attributes: { low: 1e-4, high: 0.1, log: true, step: null } });
    expect(param(0, 'l2')!['param_value_internal']).toBe(2);
    expect(param(1, 'l2')!['param_value_internal']).toBe(3);
    expect(param(0, 'units')).toBeUndefined(); // condition did not hold
    // Intermediate values: fold 0 only, at step = epochs trained.
    expect(trialLines(lines, 0).filter((l) => l.op_code === OptunaOp.setTrialIntermediateValue).map((l) => [l['step'], l['intermediate_value']])).toEqual([
      [1, 0.4],
      [2, NaN],
    ]);

    const userAttrs = (id: number) => Object.assign({}, ...trialLines(lines, id).filter((l) => l.op_code === OptunaOp.setTrialUserAttr).map((l) => l['user_attr'])) as Record<string, unknown>;
    const failReason = (id: number) => trialLines(lines, id).find((l) => l.op_code === OptunaOp.setTrialSystemAttr)?.['system_attr'];
    expect(userAttrs(2)['sweeplab_extra_params']).toEqual({ units: 33.5, other: 'kept', l2: 'not a choice' });
    expect(param(2, 'layers')).toBeDefined();
    expect(failReason(2)).toEqual({ fail_reason: 'Out of memory' });
    expect(userAttrs(3)['sweeplab_state']).toBe('stopped');
    expect(failReason(3)).toEqual({ fail_reason: 'Stopped in Sweeplab before it finished.' });
    expect(userAttrs(4)['sweeplab_state']).toBe('running');
    expect(failReason(4)).toEqual({ fail_reason: 'Still running in Sweeplab when the study was exported.' });
    expect(failReason(0)).toBeUndefined();

    const created = lines.filter((l) => l.op_code === OptunaOp.createTrial);
    expect(created[0]!['datetime_start']).toBe('2026-01-02T03:04:05.678000');
    expect(trialLines(lines, 0).at(-1)!['datetime_complete']).toBe('2026-01-02T03:04:07.178000');
    expect(trialLines(lines, 3).at(-1)!['datetime_complete']).toBe('2026-01-02T03:04:05.678000'); // no duration: ends at its start
    expect(created[6]!['datetime_start']).toBeNull();
    expect(trialLines(lines, 6).at(-1)!['datetime_complete']).toBe('1970-01-01T00:00:00.000000');
  });

  it('reads only own keys and bounds nesting', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "a": [1, null]}') as Record<string, unknown>;
    expect(pythonJson(hostile)).toBe('{"__proto__":{"polluted":1},"a":[1,null]}');
    expect(pythonJson({ a: NaN, b: -Infinity, c: undefined, d: () => 1 })).toBe('{"a":NaN,"b":-Infinity}');
    expect(pythonJson([new PythonFloat(1), new PythonFloat(-2), new PythonFloat(0.5), new PythonFloat(1e21), new PythonFloat(NaN), 3])).toBe('[1.0,-2.0,0.5,1e+21,NaN,3]');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(pythonJson(deep)).toContain('null');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(optunaDatetime(8.64e15 + 1)).toBeNull();
    expect(optunaDatetime(Date.UTC(10000, 0, 1))).toBeNull();
  });
});
