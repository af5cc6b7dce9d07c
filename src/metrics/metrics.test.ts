import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix, perClassReport, regressionMetrics, rocAuc } from './metrics';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and counts ties by average rank', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
    // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNaN();
  });
});

describe('classificationMetrics', () => {
  it('matches hand-computed values on a small 3-class example', () => {
    // Labels 0, 0, 1, 2; predictions 0, 1, 1, 2.
    const p = [0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8];
    const m = classificationMetrics(p, [0, 0, 1, 2], 3);
    expect(m.accuracy).toBe(0.75);
    expect(m.balanced_accuracy).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    // F1: class 0 = 2·1/(2+1) = 0.667, class 1 = 2·1/(1+2) = 0.667, class 2 = 1.
    expect(m.macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
    expect(m.log_loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.7) + Math.log(0.8)) / 4, 12);
    expect(m.roc_auc).toBeGreaterThan(0.5);
  });

  it('uses the positive class probability for binary AUC', () => {
    const m = classificationMetrics([0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.2, 0.8], [0, 0, 1, 1], 2);
    expect(m.roc_auc).toBe(1);
    expect(m.accuracy).toBe(1);
  });
});

describe('confusion matrix and per-class report', () => {
  it('counts actual × predicted and derives precision, recall and F1', () => {
    const p = [0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8];
    const matrix = confusionMatrix(p, [0, 0, 1, 2], 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(perClassReport(matrix)).toEqual([
      { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      { precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
      { precision: 1, recall: 1, f1: 1, support: 1 },
    ]);
  });
});

describe('regressionMetrics', () => {
  it('computes RMSE, MAE and R²', () => {
    const m = regressionMetrics([2.5, 0, 2, 8], [3, -0.5, 2, 7]);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12); // scikit-learn's r2_score example
  });
});
