import { describe, expect, it } from 'vitest';
import { confusionMatrix, rocAuc } from './metrics';
import { confusionCells, predictedClass, probabilityColumn, residualPoints, rocCurve } from './curves';

/** A tiny deterministic generator so the comparison covers many cases without Math.random. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('rocCurve', () => {
  it('walks from (0,0) to (1,1) through every distinct threshold', () => {
    const curve = rocCurve([0.9, 0.8, 0.7, 0.1], [true, false, true, false]);
    expect(curve.points.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(curve.points[1]!.threshold).toBe(0.9);
    expect(curve.auc).toBeCloseTo(0.75, 12);
  });

  it('gives ties a diagonal step (half credit)', () => {
    const curve = rocCurve([0.5, 0.5], [true, false]);
    expect(curve.points).toHaveLength(2);
    expect(curve.auc).toBe(0.5);
  });

  it('agrees with the rank-sum rocAuc, ties included', () => {
    const next = lcg(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + Math.floor(next() * 40);
      // Rounded scores make ties common.
      const scores = Array.from({ length: n }, () => Math.round(next() * 10) / 10);
      const positive = scores.map((s) => next() < 0.3 + 0.4 * s);
      const expected = rocAuc(scores, positive);
      const { auc } = rocCurve(scores, positive);
      if (Number.isNaN(expected)) expect(auc).toBeNaN();
      else expect(auc).toBeCloseTo(expected, 10);
    }
  });

  it('is empty with NaN area when a class is missing', () => {
    expect(rocCurve([0.1, 0.2], [true, true])).toEqual({ points: [], auc: Number.NaN });
  });
});

describe('probabilityColumn and predictedClass', () => {
  it('reads one column of a row-major matrix and the argmax with ties to the lower class', () => {
    const p = [0.2, 0.8, 0.5, 0.5, 0.9, 0.1];
    expect(probabilityColumn(p, 2, 1)).toEqual([0.8, 0.5, 0.1]);
    expect([0, 1, 2].map((r) => predictedClass(p, r, 2))).toEqual([1, 0, 0]);
  });
});

describe('residualPoints', () => {
  it('is actual minus predicted, per row', () => {
    expect(residualPoints([1, 2.5], [2, 2])).toEqual([
      { index: 0, predicted: 1, actual: 2, residual: 1 },
      { index: 1, predicted: 2.5, actual: 2, residual: -0.5 },
    ]);
  });
});

describe('confusionCells', () => {
  it('counts like confusionMatrix and lists the rows in each cell', () => {
    const probabilities = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8, 0.2, 0.2, 0.6];
    const labels = [0, 1, 1, 2, 0];
    const cells = confusionCells(probabilities, labels, 3);
    expect(cells.counts).toEqual(confusionMatrix(probabilities, labels, 3));
    expect(cells.rows[1]![0]).toEqual([2]);
    expect(cells.rows[0]![2]).toEqual([4]);
    expect(cells.rows[0]![0]).toEqual([0]);
    expect(cells.rows.flat(2).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
