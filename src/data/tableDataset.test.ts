import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { kFold, trainTestSplit } from './split';
import { loadTable, prepareForTarget, suggestTarget } from './tableDataset';
import { DataError } from './errors';

const irisCsv = readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8');

describe('loading a table', () => {
  it('profiles Iris, suggests its target and infers a 3-class task', async () => {
    const table = await loadTable(irisCsv, 'iris.csv');
    expect(table.raw.rows).toHaveLength(150);
    expect(table.profiles.every((p) => p.kind === 'numeric')).toBe(true);
    expect(table.suggestedTarget).toBe('target');
    expect(table.fingerprint).toBe('0ba79ae755c686ee02dfe1d2943772a46ded2433c4fde6dd7ad3b01c41ff5d3d'); // MANIFEST.json
    const { task, data } = prepareForTarget(table, 'target', ['setosa', 'versicolor', 'virginica']);
    expect(task.kind).toBe('multiclass');
    expect(task.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.numFeatures).toBe(4);
    expect(data.features).toHaveLength(600);
    expect([...new Set(data.targets)]).toEqual([0, 1, 2]);
  });

  it('one-hot encodes text columns, fills missing numbers, and reads a text target as classes', async () => {
    const table = await loadTable('size,colour,label\n1,red,yes\n,blue,no\n3,,yes\n5,red,no\n', 't.csv');
    const { task, data } = prepareForTarget(table, 'label');
    expect(task).toMatchObject({ kind: 'binary', classNames: ['no', 'yes'] });
    expect(data.featureNames).toEqual(['size', 'colour=(missing)', 'colour=blue', 'colour=red']);
    expect([...data.features.slice(4, 8)]).toEqual([3, 0, 1, 0]); // mean of 1, 3, 5 fills the gap
    expect([...data.targets]).toEqual([1, 0, 1, 0]);
  });

  it('reads a many-valued numeric target as regression', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 1.5).toFixed(1)}`).join('\n');
    const table = await loadTable(`x,y\n${rows}\n`, 'r.csv');
    expect(prepareForTarget(table, 'y').task.kind).toBe('regression');
  });

  it('explains unusable targets and tables', async () => {
    const constant = await loadTable('x,y\n1,a\n2,a\n', 'c.csv');
    expect(() => prepareForTarget(constant, 'y')).toThrow(/single value/);
    const gaps = await loadTable('x,y\n1,a\n2,\n3,b\n', 'g.csv');
    expect(() => prepareForTarget(gaps, 'y')).toThrow(/1 empty value/);
    await expect(loadTable('only\n1\n2\n', 'one.csv')).rejects.toBeInstanceOf(DataError);
  });

  it('suggests a conventional target name or the last column', () => {
    expect(suggestTarget(['a', 'Label', 'b'])).toBe('Label');
    expect(suggestTarget(['a', 'b'])).toBe('b');
    expect(suggestTarget(['x', 'y', 'label'])).toBe('label');
  });
});

describe('splits', () => {
  const labels = Float32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));

  it('holds out a stratified 20 % test set, reproducibly', () => {
    const split = trainTestSplit(150, labels, 0.2, createRng(42));
    expect(split.test).toHaveLength(30);
    expect(split.train).toHaveLength(120);
    for (const c of [0, 1, 2]) expect(split.test.filter((i) => labels[i] === c)).toHaveLength(10);
    expect(new Set([...split.train, ...split.test]).size).toBe(150);
    expect(trainTestSplit(150, labels, 0.2, createRng(42))).toEqual(split);
    expect(trainTestSplit(150, labels, 0.2, createRng(43))).not.toEqual(split);
  });

  it('makes k disjoint stratified folds that cover the training rows', () => {
    const split = trainTestSplit(150, labels, 0.2, createRng(42));
    const folds = kFold(split.train, labels, 3, createRng(1));
    expect(folds).toHaveLength(3);
    const validation = folds.flatMap((f) => f.validation);
    expect(validation.sort((a, b) => a - b)).toEqual([...split.train]);
    for (const fold of folds) {
      expect(fold.validation).toHaveLength(40);
      expect(fold.train).toHaveLength(80);
      expect(fold.train.some((i) => fold.validation.includes(i))).toBe(false);
      for (const c of [0, 1, 2]) expect(fold.validation.filter((i) => labels[i] === c).length).toBeGreaterThanOrEqual(13);
    }
  });

  it('refuses splits of too little data', () => {
    expect(() => trainTestSplit(2, null, 0.2, createRng(0))).toThrow(DataError);
    expect(() => kFold([1, 2], null, 3, createRng(0))).toThrow(/cannot be split into 3 folds/);
  });
});
