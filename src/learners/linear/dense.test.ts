/**
 * The tiled Gram and Cholesky loops against the plain textbook formulas, on odd and even sizes (the tiles
 * work two rows at a time, so the last row of an odd size takes a separate path).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { addLowerGram, choleskyInPlace, choleskySolve } from './dense';

function randomMatrix(seed: number, rows: number, cols: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);
}

describe('addLowerGram', () => {
  for (const rows of [1, 2, 5, 8]) {
    it(`adds the lower triangle of M·Mᵀ for ${rows} rows, reading rows of a wider stride`, () => {
      const stride = 9;
      const length = 7;
      const m = randomMatrix(rows, rows, stride);
      const out = new Float64Array(rows * rows).fill(0.5);
      addLowerGram(m, rows, stride, length, out);
      for (let a = 0; a < rows; a++) {
        for (let b = 0; b < rows; b++) {
          let expected = 0.5;
          if (b <= a) for (let r = 0; r < length; r++) expected += m[a * stride + r]! * m[b * stride + r]!;
          expect(out[a * rows + b]).toBeCloseTo(expected, 12);
        }
      }
    });
  }
});

describe('choleskyInPlace and choleskySolve', () => {
  for (const d of [1, 2, 3, 6, 11]) {
    it(`factor and solve a ${d} × ${d} positive definite system`, () => {
      const m = randomMatrix(100 + d, d, d + 2);
      const a = new Float64Array(d * d);
      addLowerGram(m, d, d + 2, d + 2, a);
      for (let i = 0; i < d; i++) a[i * d + i] = a[i * d + i]! + 0.1;
      const original = a.slice();
      choleskyInPlace(a, d);
      // L·Lᵀ reproduces the lower triangle.
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          let sum = 0;
          for (let k = 0; k <= j; k++) sum += a[i * d + k]! * a[j * d + k]!;
          expect(sum).toBeCloseTo(original[i * d + j]!, 12);
        }
      }
      const b = Float64Array.from({ length: d }, (_, i) => Math.cos(i));
      const x = choleskySolve(a, d, b);
      for (let i = 0; i < d; i++) {
        let ax = 0;
        for (let j = 0; j < d; j++) ax += original[Math.max(i, j) * d + Math.min(i, j)]! * x[j]!;
        expect(ax).toBeCloseTo(b[i]!, 10);
      }
    });
  }

  it('throws a clear error on a singular matrix', () => {
    // Rank 1: [[1, 2], [2, 4]].
    expect(() => choleskyInPlace(Float64Array.of(1, 0, 2, 4), 2)).toThrow(/not positive definite at pivot 1/);
    expect(() => choleskyInPlace(Float64Array.of(-1), 1)).toThrow(/pivot 0/);
    expect(() => choleskyInPlace(Float64Array.of(1, 0, 0, 2, 4, 0, 0, 0, 0), 3)).toThrow(/pivot 1/);
  });
});
