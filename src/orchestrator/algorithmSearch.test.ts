/**
 * The recommended preset end to end through the real runner, worker protocol and learners: boosted trees,
 * forests, linear models and an MLP compete in one study, the best are blended when that beats the best alone, and the final
 * model — single or ensemble — predicts in the worker exactly what its test score was computed from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { trainTestSplit } from '../data/split';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { ModelData, Split } from '../data/types';
import { configFromPreset, findPreset, recommendedSizing, sizedConfig } from '../search/presets';
import type { StudyConfig } from '../search/config';
import { createInProcessWorker } from '../worker/inProcessWorker';
import { newStudyRecord } from './newStudy';
import { createStudyRunner } from './studyRunner';
import { buildStudyExport } from './studyExport';
import { parseStudyExport } from './studyImport';
import { createWorkerPool } from './workerPool';
import { modelFiles } from './modelFiles';

async function table(file: string, target: string): Promise<ModelData> {
  const text = readFileSync(new URL(`../../public/datasets/${file}`, import.meta.url), 'utf8');
  return prepareForTarget(await loadTable(text, file), target).data;
}

const recommended = findPreset('recommended')!;

async function run(data: ModelData, overrides: Partial<StudyConfig>) {
  const split: Split = trainTestSplit(data.numRows, data.task.kind === 'regression' ? null : data.targets, 0.2, createRng(42));
  const config = { ...sizedConfig(recommended, configFromPreset(recommended, { backend: 'cpu' }), null, split.train.length), ...overrides };
  const study = newStudyRecord({ config, data, split, datasetName: 'test', source: { kind: 'builtin', id: 'test' }, columns: data.numFeatures + 1, fingerprint: 'test', now: new Date(0) });
  const workers = createWorkerPool(createInProcessWorker, undefined, 1);
  await createStudyRunner({ study, data, split, workers, onChange: () => undefined }).run();
  // The final model answers the test rows in the worker as the study scored them.
  const features = new Float32Array(split.test.length * data.numFeatures);
  split.test.forEach((row, i) => features.set(data.features.subarray(row * data.numFeatures, (row + 1) * data.numFeatures), i * data.numFeatures));
  const { client } = await workers.acquire(0, 'cpu', 'predict', { ...data, numRows: 0, features: new Float32Array(0), targets: new Float32Array(0) });
  const predicted = study.bestModel ? (await client.call('predict', { model: study.bestModel, features, rows: split.test.length })).outputs : null;
  workers.discard(0);
  return { study, predicted };
}

describe('the recommended preset (algorithm selection and ensembles)', () => {
  it('sizes its budget by the training rows and samples the search above 50,000 rows', () => {
    expect(recommendedSizing(120).maxMinutes).toBe(2);
    expect(recommendedSizing(10_000).maxMinutes).toBe(2);
    expect(recommendedSizing(160_000).maxMinutes).toBeCloseTo(3.8, 5);
    expect(recommendedSizing(10_000_000).maxMinutes).toBe(6);
    const base = configFromPreset(recommended);
    expect(sizedConfig(recommended, base, null, 160_000)).toMatchObject({ maxMinutes: 3.8, searchRows: 50_000, evaluation: { kind: 'holdout' } });
    expect(sizedConfig(recommended, base, null, 800)).toMatchObject({ maxMinutes: 2, evaluation: { kind: 'cross-validation', folds: 5 } });
    expect(sizedConfig(recommended, base, null, 800).searchRows).toBeUndefined();
    // A budget the person set wins over the sized one.
    expect(sizedConfig(recommended, { ...base, maxMinutes: 9 }, null, 800).maxMinutes).toBe(9);
  });

  it('trains boosted trees, forests, linear models and a network in one study and ends on a model that predicts its own test score', async () => {
    const data = await table('wine.csv', 'target');
    const { study, predicted } = await run(data, { maxTrials: 8, maxMinutes: null });
    expect(study.state).toBe('finished');
    const families = new Set(study.trials.map((t) => t.params['family']));
    expect(families).toEqual(new Set(['gbdt', 'forest', 'linear', 'mlp']));
    for (const trial of study.trials) {
      expect(trial.state).toBe('complete');
      // 142 training rows: 5-fold cross-validation on two partitions.
      expect(trial.foldScores).toHaveLength(10);
      expect(trial.epochsRun).toHaveLength(10);
    }
    for (const tree of study.trials.filter((t) => t.params['family'] === 'gbdt' || t.params['family'] === 'forest')) {
      expect(tree.backend).toBe('js');
      expect(tree.epochs.length).toBeGreaterThan(0);
      expect(tree.cost!.parameters).toBeGreaterThan(0);
    }
    expect(study.best!.testMetrics!['accuracy']).toBeGreaterThan(0.85);
    expect(predicted).not.toBeNull();
    const outputs = study.testPredictions!.outputs;
    expect(predicted!.length).toBe(outputs.length);
    for (let i = 0; i < outputs.length; i++) expect(predicted![i]).toBeCloseTo(outputs[i]!, 5);
    const ensemble = study.best!.ensemble;
    if (ensemble) {
      // Chosen on validation outputs only, better there than the best trial alone, and exported member by member.
      expect(study.best!.value).toBeGreaterThan(ensemble.bestSingleValue);
      expect(ensemble.members.reduce((sum, m) => sum + m.weight, 0)).toBeCloseTo(1, 10);
      expect(study.bestModel!.format).toBe('ensemble');
      const json = JSON.parse(modelFiles(study.bestModel!, 'test')[0]!.content as string) as { format: string; members: unknown[] };
      expect(json.format).toBe('sweeplab-ensemble');
      expect(json.members).toHaveLength(ensemble.members.length);
    }
    // The study file keeps the ensemble and the rounds each trial kept.
    const back = parseStudyExport(JSON.stringify(buildStudyExport(study, new Date(0), 'test')));
    expect(back.best).toEqual(study.best);
    expect(back.trials.map((t) => t.epochsRun)).toEqual(study.trials.map((t) => t.epochsRun));
  }, 120_000);

  it('blends a regression study into an ensemble that predicts its test score, deterministically from the seed', async () => {
    const data = await table('diabetes.csv', 'target');
    const first = await run(data, { maxTrials: 6, maxMinutes: null });
    const second = await run(data, { maxTrials: 6, maxMinutes: null });
    expect(first.study.state).toBe('finished');
    expect(first.study.trials.map((t) => t.value)).toEqual(second.study.trials.map((t) => t.value));
    expect(first.study.best).toEqual(second.study.best);
    expect(first.study.best!.testMetrics!['r2']).toBeGreaterThan(0.3);
    // On Diabetes a blend of the first trials beats the best alone on the out-of-fold rows (seed 42).
    const ensemble = first.study.best!.ensemble!;
    expect(ensemble.members.length).toBeGreaterThan(1);
    expect(first.study.best!.value).toBeGreaterThan(ensemble.bestSingleValue);
    expect(first.study.bestModel!.format).toBe('ensemble');
    const outputs = first.study.testPredictions!.outputs;
    for (let i = 0; i < outputs.length; i++) expect(first.predicted![i]).toBeCloseTo(outputs[i]!, 3);
  }, 120_000);
});
