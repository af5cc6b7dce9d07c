/** Try-it and batch prediction through the store actions, with a real refit in an in-process worker. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import { createInProcessWorker } from '../worker/inProcessWorker';
import { createWorkerPool } from '../orchestrator/workerPool';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { denseSpec } from '../protocol/training';
import type { AppState } from './appStore';
import { newTryIt, predictActions } from './predictActions';
import { batchRecords, predictionsCsv } from './predictions';

const irisCsv = readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8');
const split = { train: Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 !== 0), test: Array.from({ length: 30 }, (_, i) => i * 5) };

async function irisStudy() {
  const table = await loadTable(irisCsv, 'iris.csv');
  const prepared = prepareForTarget(table, 'target', ['setosa', 'versicolor', 'virginica'], 'auto', split.train);
  const workers = createWorkerPool(createInProcessWorker, undefined, 1);
  const { client } = await workers.acquire(0, 'cpu', 'iris', prepared.data);
  const refit = await client.call('runTrial', {
    datasetKey: 'iris',
    model: denseSpec({ hidden: [{ units: 16, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 20 }),
    runs: [{ train: split.train, evaluate: split.test }],
    evaluation: 'test',
    objective: 'accuracy',
    seed: 1,
    exportModel: true,
  });
  const study = {
    id: 'study-1',
    config: { backend: 'cpu' },
    dataset: { task: 'multiclass', target: 'target', classNames: prepared.task.classNames },
    bestModel: refit.model!,
  } as unknown as StudyRecord;
  const store = createStore<AppState>(() => ({ tryIt: newTryIt(study.id, table, prepared, split) }) as AppState);
  return { store, actions: predictActions({ store, workers, currentStudy: () => study }), refit, terminate: () => workers.discard(0) };
}

describe('prediction actions', () => {
  it('predicts the form\'s example row as the refit did and a batch CSV with escaped cells', async () => {
    const { store, actions, refit, terminate } = await irisStudy();
    const source = store.getState().tryIt!.source;
    expect(source.kind === 'table' && source.example).toEqual({ 'sepal length (cm)': '5.1', 'sepal width (cm)': '3.5', 'petal length (cm)': '1.4', 'petal width (cm)': '0.2', target: '0' });
    await actions.predictOne(source.kind === 'table' ? source.example! : {});
    const { result, error } = store.getState().tryIt!;
    expect(error).toBeNull();
    expect(result!.probabilities.map((p) => p.className)).toEqual(['setosa', 'versicolor', 'virginica']);
    result!.probabilities.forEach((p, c) => expect(p.probability).toBeCloseTo(refit.testPredictions!.outputs[c]!, 5));
    expect(result!.label).toBe('setosa');

    const csv = 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),note\n5.1,3.5,1.4,0.2,=HYPERLINK("x")\n6.7,3.0,5.2,2.3,ok\noops,3.0,4.5,1.5,-3\n';
    const out = (await actions.predictCsv(new File([csv], 'new.csv'))).trimEnd().split('\r\n');
    expect(out[0]).toBe('sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),note,prediction,probability_setosa,probability_versicolor,probability_virginica');
    expect(out).toHaveLength(4);
    expect(out[1]).toMatch(/^5\.1,3\.5,1\.4,0\.2,"'=HYPERLINK\(""x""\)",setosa,/);
    // An unreadable number is missing, as in training; the note -3 is a plain number, so it is not escaped.
    expect(out[3]).toMatch(/^oops,3\.0,4\.5,1\.5,-3,\w+,/);
    for (const line of out.slice(1)) {
      const p = line.split(',').slice(-3).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    await expect(actions.predictCsv(new File(['sepal length (cm),petal width (cm)\n1,2\n'], 'short.csv'))).rejects.toThrow(
      'short.csv has no "sepal width (cm)", "petal length (cm)" columns, which the model needs (its columns: "sepal length (cm)", "petal width (cm)").',
    );
    await actions.predictOne({ 'sepal length (cm)': '5' });
    expect(store.getState().tryIt!.error).toBe('Row 1 has no "sepal width (cm)", "petal length (cm)", "petal width (cm)" columns, which the model needs.');
    terminate();
  });
});

describe('the predictions CSV', () => {
  it('marks rows that cannot be predicted and escapes formula starts in headers and cells', () => {
    const csv = predictionsCsv(['a', '@b'], [['1', '+x'], ['2', '\tq']], Float32Array.from([0.25, 0.75]), [null, 'Row 2 is bad'], ['no', '=yes']);
    expect(csv.split('\r\n')).toEqual(["a,'@b,prediction,probability_no,probability_=yes,error", "1,'+x,'=yes,0.25,0.75,", "2,'\tq,,,,Row 2 is bad", '']);
  });

  it('refuses a batch for an image model', () => {
    expect(() => batchRecords('a,b\n', 'e.csv', { kind: 'image', size: 8, channels: 1 })).toThrow('one image at a time');
  });
});
