import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { binOf, binRows, fitBins } from './binning';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('fitBins', () => {
  it('gives every distinct value its own bin when there are few, edges between them', () => {
    const values = Float32Array.of(3, 1, 2, 2, 3, 1, 5);
    const bins = fitBins(values, 1, all(values.length), 255, createRng(1));
    expect(Array.from(bins.columns)).toEqual([0]);
    expect(Array.from(bins.edges)).toEqual([1.5, 2.5, 4]);
    expect([1, 2, 3, 5, 0, 9, 1.5, 2.4].map((v) => binOf(bins, 0, v))).toEqual([0, 1, 2, 3, 0, 3, 0, 1]);
    expect(binOf(bins, 0, NaN)).toBe(4); // the missing bin, after the 4 others
    expect(bins.nonMissingBins[0]).toBe(4);
    expect(bins.totalBins).toBe(5);
  });

  it('spreads many distinct values over at most maxBins bins of about equal counts', () => {
    const rng = createRng(2);
    const n = 10_000;
    const values = Float32Array.from({ length: n }, () => rng.next() ** 3);
    const bins = fitBins(values, 1, all(n), 16, createRng(1));
    expect(bins.nonMissingBins[0]).toBe(16);
    const counts = new Array<number>(17).fill(0);
    for (const v of values) counts[binOf(bins, 0, v)]!++;
    for (const count of counts.slice(0, 16)) expect(Math.abs(count - n / 16)).toBeLessThan(n / 16 / 10);
    expect(counts[16]).toBe(0);
  });

  it('keeps a value repeated in most rows in one bin of its own', () => {
    const rng = createRng(3);
    const values = Float32Array.from({ length: 5000 }, (_, i) => (i % 10 < 7 ? 0 : rng.next() + 1));
    const bins = fitBins(values, 1, all(5000), 8, createRng(1));
    const zero = binOf(bins, 0, 0);
    expect(binOf(bins, 0, 1)).not.toBe(zero);
    expect(bins.nonMissingBins[0]).toBe(8);
  });

  it('leaves out constant and all-missing columns, keeps one value with missing ones', () => {
    const features = new Float32Array(4 * 5);
    for (let i = 0; i < 5; i++) features.set([7, NaN, i, i % 2 ? NaN : 1], i * 4);
    const bins = fitBins(features, 4, all(5), 255, createRng(1));
    expect(Array.from(bins.columns)).toEqual([2, 3]);
    expect(bins.nonMissingBins[1]).toBe(1);
  });

  it('learns from the training rows only', () => {
    const features = Float32Array.of(1, 2, 3, 1000, 2000);
    const bins = fitBins(features, 1, Uint32Array.of(0, 1, 2), 255, createRng(1));
    expect(Array.from(bins.edges)).toEqual([1.5, 2.5]);
  });

  it('sorts every kind of float32: negatives, ±0, infinities, subnormals', () => {
    const values = Float32Array.of(-0, 0, -Infinity, Infinity, -1e-40, 1e-40, -3.5, 2, -2, 1e38, -1e38);
    const bins = fitBins(values, 1, all(values.length), 255, createRng(1));
    const distinct = [-Infinity, -1e38, -3.5, -2, Math.fround(-1e-40), 0, Math.fround(1e-40), 2, Math.fround(1e38), Infinity];
    expect(bins.nonMissingBins[0]).toBe(distinct.length);
    distinct.forEach((v, i) => expect(binOf(bins, 0, v)).toBe(i));
    expect(binOf(bins, 0, -0)).toBe(binOf(bins, 0, 0));
  });

  it('samples at most 200,000 rows to place the edges, from the seed', () => {
    const n = 250_000;
    const rng = createRng(4);
    const values = Float32Array.from({ length: n }, () => rng.next());
    const a = fitBins(values, 1, all(n), 255, createRng(1));
    const b = fitBins(values, 1, all(n), 255, createRng(1));
    const c = fitBins(values, 1, all(n), 255, createRng(2));
    expect(a.edges).toEqual(b.edges);
    expect(a.edges).not.toEqual(c.edges);
  });
});

describe('binRows', () => {
  it('agrees with binOf for every value, edges and missing values included, column-major', () => {
    const rng = createRng(5);
    const n = 3000;
    const features = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) features.set([rng.next() < 0.1 ? NaN : rng.next() * 100, Math.floor(rng.next() * 5), rng.next() - 0.5], i * 3);
    const train = all(2000);
    const bins = fitBins(features, 3, train, 32, createRng(1));
    const rows = all(n); // rows the bins were not fitted on too
    const binned = binRows(bins, features, 3, rows);
    for (let u = 0; u < 3; u++) {
      for (let i = 0; i < n; i++) expect(binned[u * n + i]).toBe(binOf(bins, u, features[i * 3 + bins.columns[u]!]!));
    }
    // Values exactly on an edge go to the bin the edge closes.
    for (let e = bins.edgeStarts[0]!; e < bins.edgeStarts[1]!; e++) {
      expect(binRows(bins, Float32Array.of(bins.edges[e]!, 0, 0), 3, Uint32Array.of(0))[0]).toBe(e - bins.edgeStarts[0]!);
    }
  });
});
