import { describe, expect, it } from 'vitest';
import { trainTestSplit } from '../../data/split';
import type { ModelData } from '../../data/types';
import { createRng } from '../../engine/study/rng';
import type { StudyRecord } from '../../orchestrator/studyRecord';
import { recoverTestRows, sampleRows } from './testSamples';

const n = 20;
const data: ModelData = {
  numRows: n,
  numFeatures: 1,
  featureNames: ['x'],
  features: Float32Array.from({ length: n }, (_, i) => i),
  targets: Float32Array.from({ length: n }, (_, i) => i % 2),
  task: { kind: 'binary', target: 'y', classNames: ['no', 'yes'] },
};
const split = trainTestSplit(n, data.targets, 0.25, createRng(42));
const study = {
  config: { testFraction: 0.25, splitSeed: 42 },
  dataset: { fingerprint: 'abc', rows: n, target: 'y', task: 'binary', testRows: split.test.length },
  testPredictions: { outputs: new Float32Array(split.test.length * 2), targets: Float32Array.from(split.test, (r) => data.targets[r]!) },
} as unknown as StudyRecord;

describe('recoverTestRows', () => {
  it('recomputes the store split when the loaded data is the study data', () => {
    expect(recoverTestRows(study, data, 'abc')).toEqual(split.test);
  });

  it('names file rows when rows without a target were left out of the data', () => {
    // Table rows 0, 2, 4, … were kept: prepared row r is table row 2r.
    const kept: ModelData = { ...data, tableRows: Uint32Array.from({ length: n }, (_, i) => 2 * i) };
    expect(recoverTestRows(study, kept, 'abc')).toEqual(split.test.map((r) => 2 * r));
    // A designated test set is given in table rows; odd ones (unlabelled) are not in the data.
    const designated = [2 * split.test[0]!, 2 * split.test[0]! + 1, ...split.test.slice(1).map((r) => 2 * r)];
    expect(recoverTestRows(study, kept, 'abc', designated)).toEqual(split.test.map((r) => 2 * r));
  });

  it('refuses when the data differs or the targets do not line up', () => {
    expect(recoverTestRows(study, data, 'other')).toBeNull();
    expect(recoverTestRows(study, null, 'abc')).toBeNull();
    // Same data, but the recorded test targets disagree with the recomputed split: not the study's split.
    const flipped = Float32Array.from(study.testPredictions!.targets, (t, i) => (i === 0 ? 1 - t : t));
    expect(recoverTestRows({ ...study, testPredictions: { outputs: study.testPredictions!.outputs, targets: flipped } }, data, 'abc')).toBeNull();
  });
});

describe('sampleRows', () => {
  it('lists position, file row, classes, probabilities and cells', () => {
    const outputs = [0.9, 0.1, 0.3, 0.7];
    const rows = sampleRows([1], outputs, [0, 0], ['no', 'yes'], [4, 9], [['a'], ['b'], [], [], [], [], [], [], [], ['row10']]);
    expect(rows).toEqual([{ position: 1, rowNumber: 10, actual: 'no', predicted: 'yes', confidence: 0.7, actualProbability: 0.3, cells: ['row10'] }]);
    expect(sampleRows([0], outputs, [0, 0], ['no', 'yes'], null, null)[0]).toMatchObject({ rowNumber: null, cells: null, predicted: 'no' });
  });
});
