import { describe, expect, it } from 'vitest';
import { classificationMetrics, regressionMetrics } from '../../metrics/metrics';
import { regressionPredictions, residualSummary, rocForClass } from './bestModelData';

describe('rocForClass', () => {
  it('matches the binary roc_auc metric for class 1', () => {
    const outputs = [0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.1, 0.9, 0.5, 0.5];
    const targets = [0, 1, 0, 1, 1];
    expect(rocForClass(outputs, targets, 2, 1).auc).toBeCloseTo(classificationMetrics(outputs, targets, 2).roc_auc, 12);
  });

  it('treats the chosen class as positive (one-vs-rest)', () => {
    const outputs = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
    expect(rocForClass(outputs, [0, 1, 2], 3, 2).auc).toBe(1);
  });
});

describe('regression residuals', () => {
  it('undoes the target scaling and agrees with the RMSE metric', () => {
    const scale = { mean: 10, std: 2 };
    expect(regressionPredictions([0, 1, -0.5], scale)).toEqual([10, 12, 9]);
    const summary = residualSummary([0, 1, -0.5], [11, 12, 7], scale);
    expect(summary.points.map((p) => p.residual)).toEqual([1, 0, -2]);
    expect(summary.meanResidual).toBeCloseTo(-1 / 3, 12);
    expect(summary.rmse).toBeCloseTo(regressionMetrics([10, 12, 9], [11, 12, 7]).rmse, 12);
    expect(summary.largest!.index).toBe(2);
  });
});
