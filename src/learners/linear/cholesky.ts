/**
 * Dense Cholesky factorisation and solve for the symmetric positive definite systems ridge regression
 * makes ((ZᵀZ + αI) or (ZZᵀ + αI)). Row-major, lower triangle, in place: the inner products run along
 * contiguous rows, which is what keeps a few-thousand-square factorisation fast in plain JavaScript.
 */

/**
 * Factors the d × d matrix `a` (row-major; only the lower triangle is read) into L·Lᵀ, overwriting the lower
 * triangle with L. Throws when a pivot is not clearly positive, i.e. the matrix is singular to rounding.
 */
export function choleskyInPlace(a: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    const rowJ = j * d;
    let diagonal = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k]! * a[rowJ + k]!;
    const original = a[rowJ + j]!;
    if (!(diagonal > 1e-13 * Math.abs(original)) || !(diagonal > 0)) {
      throw new Error(
        `Cholesky: the matrix is not positive definite at pivot ${j} (${diagonal}); the features are collinear, use alpha > 0`,
      );
    }
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      const rowI = i * d;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = sum / pivot;
    }
  }
}

/** Solves L·Lᵀ·x = b for the factor made by `choleskyInPlace`; returns x (b is left alone). */
export function choleskySolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  // Forward: L·y = b.
  for (let i = 0; i < d; i++) {
    const row = i * d;
    let sum = x[i]!;
    for (let k = 0; k < i; k++) sum -= l[row + k]! * x[k]!;
    x[i] = sum / l[row + i]!;
  }
  // Backward: Lᵀ·x = y, reading L by columns.
  for (let i = d - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}
