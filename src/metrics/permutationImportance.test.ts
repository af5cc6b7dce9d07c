import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/study/rng';
import { permutationImportance, sourceColumn } from './permutationImportance';

describe('permutation importance', () => {
  it('finds the column the model uses, groups encoded features by column, and is seeded', async () => {
    // A "model" that predicts class 1 exactly when feature 0 is positive; columns b (one-hot) are noise.
    const rows = 40;
    const featureNames = ['a', 'b=x', 'b=y'];
    const features = new Float32Array(rows * 3);
    const targets = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      features[i * 3] = i % 2 ? 1 : -1;
      features[i * 3 + 1 + (i % 3 === 0 ? 0 : 1)] = 1;
      targets[i] = i % 2;
    }
    let calls = 0;
    const predict = async (x: Float32Array, n: number) => {
      calls++;
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) out[i * 2 + (x[i * 3]! > 0 ? 1 : 0)] = 1;
      return out;
    };
    const input = { features, featureNames, targets, classes: 2, metric: 'accuracy' as const };
    const result = await permutationImportance(input, predict, createRng(7));
    expect(calls).toBe(1);
    expect(result.map((r) => r.column)).toEqual(['a', 'b']);
    expect(result[0]!.drop).toBeGreaterThan(0.3);
    expect(result[1]).toEqual({ column: 'b', drop: 0, std: 0 });
    expect(await permutationImportance(input, predict, createRng(7))).toEqual(result);
  });

  it('names source columns of encoded features', () => {
    expect(['size', 'size=missing', 'colour=(other)', 'signup:year'].map(sourceColumn)).toEqual(['size', 'size', 'colour', 'signup']);
  });
});
