import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { imbalanceNote, imbalanceOf } from './imbalance';
import { trainTestSplit } from './split';

const labels = (...counts: number[]) => Float32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));

describe('class imbalance', () => {
  it('counts classes and flags a smallest class under 20 % of the largest', () => {
    const result = imbalanceOf(labels(90, 10), 2);
    expect(result).toMatchObject({ counts: [90, 10], smallest: 1, largest: 0, imbalanced: true });
    expect(result.ratio).toBeCloseTo(10 / 90);
    expect(result.smallestShare).toBeCloseTo(0.1);
    expect(result.classWeights[0]).toBeCloseTo(100 / (2 * 90));
    expect(result.classWeights[1]).toBeCloseTo(100 / (2 * 10));
    expect(imbalanceOf(labels(80, 20), 2).imbalanced).toBe(false); // 25 % of the largest, 20 % of rows
    expect(imbalanceOf(labels(84, 16), 2).imbalanced).toBe(true); // 19 % of the largest
  });

  it('flags a class under 10 % of rows, or half an even share with many classes, but not an even many-class target', () => {
    expect(imbalanceOf(labels(45, 46, 9), 3).imbalanced).toBe(true); // 9 % of rows, 20 % of the largest
    expect(imbalanceOf(labels(...new Array<number>(10).fill(100).map((n, c) => n + c)), 10).imbalanced).toBe(false); // digits: ~10 % each
    expect(imbalanceOf(labels(100, 100, 100, 100, 100, 100, 100, 100, 100, 60), 10).imbalanced).toBe(false); // 6.3 % of rows (over half an even share), 60 % of the largest
    expect(imbalanceOf(labels(100, 100, 100, 100, 100, 100, 100, 100, 100, 40), 10).imbalanced).toBe(true); // 4.3 % of rows: under half an even share (5 %)
    expect(imbalanceOf(labels(100, 100, 100, 100, 100, 100, 100, 100, 100, 19), 10).imbalanced).toBe(true);
  });

  it('ignores missing or out-of-range targets and handles an empty class', () => {
    const result = imbalanceOf(Float32Array.from([0, 0, Number.NaN, 5, 0, 2]), 3);
    expect(result.counts).toEqual([3, 0, 1]);
    expect(result).toMatchObject({ smallest: 1, ratio: 0, imbalanced: true });
    expect(result.classWeights[1]).toBe(0);
    expect(imbalanceOf(Float32Array.from([]), 2).imbalanced).toBe(false);
  });

  it('says what to do about it in the summary', () => {
    expect(imbalanceNote(imbalanceOf(labels(95, 5), 2), ['no', 'yes'])).toBe(
      'Imbalanced classes: “yes” has 5 rows (5.0 %), “no” 95. A model that always answers “no” already looks accurate: a class-balanced objective (balanced accuracy or macro F1) counts every class equally, and models then train with balanced class weights.',
    );
    expect(imbalanceNote(imbalanceOf(labels(50, 50), 2), ['no', 'yes'])).toBeNull();
  });

  it('holds for the training rows too: the hold-out split is stratified', () => {
    const targets = labels(475, 25);
    const split = trainTestSplit(targets.length, targets, 0.2, createRng(42));
    const train = imbalanceOf(split.train.map((r) => targets[r]!), 2);
    expect(train.counts).toEqual([380, 20]);
    expect(split.test.filter((r) => targets[r] === 1)).toHaveLength(5);
  });
});
