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

  it('one-hot encodes categories (rare ones pooled), fills missing numbers with an indicator, reads a text target as classes', async () => {
    const colours = ['red', 'red', 'red', 'blue', 'blue', 'blue', 'teal', '', 'red', 'blue'];
    const lines = colours.map((c, i) => `${i === 1 ? '' : i},${c},${i % 2 ? 'yes' : 'no'}`);
    const table = await loadTable(`size,colour,label\n${lines.join('\n')}\n`, 't.csv');
    const { task, data } = prepareForTarget(table, 'label');
    expect(task).toMatchObject({ kind: 'binary', classNames: ['no', 'yes'] });
    expect(data.featureNames).toEqual(['size', 'size=missing', 'colour=(missing)', 'colour=blue', 'colour=red', 'colour=(other)']);
    const row = (r: number) => [...data.features.slice(r * 6, r * 6 + 6)];
    expect(row(1)).toEqual([Math.fround((0 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9) / 9), 1, 0, 0, 1, 0]); // the mean fills the gap
    expect(row(6)).toEqual([6, 0, 0, 0, 0, 1]); // "teal" is rare: pooled into (other)
    expect(row(7)).toEqual([7, 0, 1, 0, 0, 0]);
    expect([...data.targets].slice(0, 4)).toEqual([0, 1, 0, 1]);
  });

  it('profiles column kinds, hashes free text and leaves identifiers and constants out, saying why', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      [`C${1000 + i * 7}`, i % 3 === 0 ? 'yes' : 'no', `2024-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:30`, 'same', `the quick brown fox number ${i} jumps`, (i * 1.7).toFixed(2), i % 2].join(','),
    );
    const table = await loadTable(`customer_code,member,signup,site,comment,spend,label\n${rows.join('\n')}\n`, 'k.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['identifier', 'boolean', 'datetime', 'constant', 'text', 'numeric', 'numeric']);
    expect(table.profiles[5]!.summary).toMatchObject({ kind: 'histogram', min: 0 });
    expect(table.profiles[1]!.summary).toEqual({ kind: 'top', values: [{ value: 'no', count: 20 }, { value: 'yes', count: 10 }] });
    const { data, dropped } = prepareForTarget(table, 'label');
    const words = Array.from({ length: 32 }, (_, i) => `comment:words#${i}`);
    expect(data.featureNames).toEqual(['member', 'signup:year', 'signup:month', 'signup:day', 'signup:weekday', 'signup:hour', ...words, 'spend']);
    expect(dropped.map((d) => d.name)).toEqual(['customer_code', 'site']);
    expect(table.profiles.map((p) => p.reason)).toEqual([
      'a different code in every row',
      'yes/no values',
      'dates written year first (1998-06-12)',
      'the same value in every row',
      'free text: many different values of several words',
      'numbers',
      'numbers',
    ]);
    expect(data.features[1]).toBe(2024);
  });

  it('reads JSON records, nested values as text', async () => {
    const table = await loadTable(JSON.stringify({ data: [{ x: 1, tag: 'a', label: true }, { x: 2.5, label: false, extra: { k: 1 } }] }), 'r.json');
    expect(table.raw.columns).toEqual(['x', 'tag', 'label', 'extra']);
    expect(table.raw.rows.slice()).toEqual([
      ['1', 'a', 'true', ''],
      ['2.5', '', 'false', '{"k":1}'],
    ]);
    await expect(loadTable('[1, 2]', 'n.json')).rejects.toMatchObject({ code: 'not-records' });
    await expect(loadTable('[{"a": 1}', 'bad.json')).rejects.toMatchObject({ code: 'invalid-json' });
    await expect(loadTable('[]', 'e.json')).rejects.toMatchObject({ code: 'header-only' });
  });

  it('lets the person overrule the inferred task', async () => {
    const table = await loadTable('x,grade\n1,1\n2,2\n3,3\n4,1\n5,2\n', 'g.csv');
    expect(prepareForTarget(table, 'grade').task.kind).toBe('multiclass');
    expect(prepareForTarget(table, 'grade', undefined, 'regression').task.kind).toBe('regression');
    const text = await loadTable('x,animal\n1,cat\n2,dog\n', 'a.csv');
    expect(() => prepareForTarget(text, 'animal', undefined, 'regression')).toThrow(/holds text, not numbers/);
  });

  it('refuses a target with hundreds of classes', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i % 7},name${i}`).join('\n');
    const table = await loadTable(`x,who\n${rows}\n`, 'm.csv');
    expect(() => prepareForTarget(table, 'who')).toThrow(/300 different values — too many classes/);
  });

  it('reads a many-valued numeric target as regression', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${((i * 7) % 40) + 0.5},${(i * 1.5).toFixed(1)}`).join('\n');
    const table = await loadTable(`x,y\n${rows}\n`, 'r.csv');
    expect(prepareForTarget(table, 'y').task.kind).toBe('regression');
  });

  it('explains unusable targets and tables', async () => {
    const constant = await loadTable('x,y\n1,a\n2,a\n', 'c.csv');
    expect(() => prepareForTarget(constant, 'y')).toThrow(/single value/);
    const gaps = await loadTable('x,y\n1,a\n2,\n3,b\n', 'g.csv');
    expect(() => prepareForTarget(gaps, 'y')).toThrow(/has a value in only 2 of 3 rows/);
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
