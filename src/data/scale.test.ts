import { describe, expect, it } from 'vitest';
import { applyStandardizer, fitScalar, fitStandardizer } from './scale';

describe('standard scaling', () => {
  const features = Float32Array.from([1, 10, 2, 10, 3, 10, 100, 10]); // 4 rows × 2 features
  it('fits on the given rows only and leaves constant columns at zero', () => {
    const scaler = fitStandardizer(features, 2, [0, 1, 2]);
    expect(scaler.mean[0]).toBeCloseTo(2);
    expect(scaler.std[1]).toBe(1);
    const scaled = applyStandardizer(scaler, features, 2, [0, 2, 3]);
    expect(scaled[0]).toBeCloseTo(-1.2247, 4);
    expect(scaled[1]).toBe(0);
    expect(scaled[4]).toBeCloseTo((100 - 2) / Math.sqrt(2 / 3), 3); // the unseen row keeps its extreme value
  });

  it('fits scalar statistics for regression targets', () => {
    expect(fitScalar(Float32Array.from([2, 4, 6]), [0, 1, 2])).toEqual({ mean: 4, std: Math.sqrt(8 / 3) });
  });
});
