/**
 * Dense symmetric linear algebra for ridge regression: the lower triangle of a Gram matrix M·Mᵀ, and the
 * Cholesky factorisation and solve of the positive definite systems made from it ((ZᵀZ + αI) or (ZZᵀ + αI)).
 *
 * Row-major throughout, and both loops work on 2 × 2 tiles: four running sums share each pair of loads, and
 * every row streamed from memory serves two rows of the result. In plain JavaScript that more than halved the
 * time of a 5,000 × 1,500 ridge fit, whose whole cost is these two loops (n·p²/2 and p³/6 multiply-adds).
 */

/**
 * out[a·rows + b] += Σ_r m[a·stride + r]·m[b·stride + r] for b ≤ a (the lower triangle of M·Mᵀ), with M's
 * rows of `length` values starting `stride` apart.
 */
export function addLowerGram(m: Float64Array, rows: number, stride: number, length: number, out: Float64Array): void {
  let a = 0;
  for (; a + 1 < rows; a += 2) {
    const a0 = a * stride;
    const a1 = a0 + stride;
    for (let b = 0; b < a; b += 2) {
      const b0 = b * stride;
      const b1 = b0 + stride;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let r = 0; r < length; r++) {
        const x0 = m[a0 + r]!;
        const x1 = m[a1 + r]!;
        const y0 = m[b0 + r]!;
        const y1 = m[b1 + r]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      const o0 = a * rows + b;
      const o1 = o0 + rows;
      out[o0] = out[o0]! + s00;
      out[o0 + 1] = out[o0 + 1]! + s01;
      out[o1] = out[o1]! + s10;
      out[o1 + 1] = out[o1 + 1]! + s11;
    }
    // The diagonal tile (b = a): its lower half only.
    let d00 = 0;
    let d10 = 0;
    let d11 = 0;
    for (let r = 0; r < length; r++) {
      const x0 = m[a0 + r]!;
      const x1 = m[a1 + r]!;
      d00 += x0 * x0;
      d10 += x1 * x0;
      d11 += x1 * x1;
    }
    const o = a * rows + a;
    out[o] = out[o]! + d00;
    out[o + rows] = out[o + rows]! + d10;
    out[o + rows + 1] = out[o + rows + 1]! + d11;
  }
  if (a < rows) {
    // The last row when the count is odd, one entry at a time.
    const a0 = a * stride;
    for (let b = 0; b <= a; b++) {
      const b0 = b * stride;
      let sum = 0;
      for (let r = 0; r < length; r++) sum += m[a0 + r]! * m[b0 + r]!;
      out[a * rows + b] = out[a * rows + b]! + sum;
    }
  }
}

/** √ of a pivot, or a clear Error when it is not clearly positive (the matrix is singular to rounding). */
function pivotRoot(value: number, original: number, j: number): number {
  if (!(value > 1e-13 * Math.abs(original)) || !(value > 0)) {
    throw new Error(`Cholesky: the matrix is not positive definite at pivot ${j} (${value}); the features are collinear, use alpha > 0`);
  }
  return Math.sqrt(value);
}

/**
 * Factors the d × d matrix `a` (row-major; only the lower triangle is read) into L·Lᵀ, overwriting the lower
 * triangle with L, row by row (Cholesky–Banachiewicz), two rows and two columns at a time: row i of L needs
 * only the finished rows above it. Throws when a pivot is not clearly positive.
 */
export function choleskyInPlace(a: Float64Array, d: number): void {
  let i = 0;
  for (; i + 1 < d; i += 2) {
    const i0 = i * d;
    const i1 = i0 + d;
    for (let j = 0; j < i; j += 2) {
      const j0 = j * d;
      const j1 = j0 + d;
      let s00 = a[i0 + j]!;
      let s01 = a[i0 + j + 1]!;
      let s10 = a[i1 + j]!;
      let s11 = a[i1 + j + 1]!;
      for (let k = 0; k < j; k++) {
        const x0 = a[i0 + k]!;
        const x1 = a[i1 + k]!;
        const y0 = a[j0 + k]!;
        const y1 = a[j1 + k]!;
        s00 -= x0 * y0;
        s01 -= x0 * y1;
        s10 -= x1 * y0;
        s11 -= x1 * y1;
      }
      // Column j is final now; column j + 1 still owes the k = j term.
      const l00 = s00 / a[j0 + j]!;
      const l10 = s10 / a[j0 + j]!;
      const lj1j = a[j1 + j]!;
      a[i0 + j] = l00;
      a[i1 + j] = l10;
      a[i0 + j + 1] = (s01 - l00 * lj1j) / a[j1 + j + 1]!;
      a[i1 + j + 1] = (s11 - l10 * lj1j) / a[j1 + j + 1]!;
    }
    // The diagonal tile.
    let s00 = a[i0 + i]!;
    let s10 = a[i1 + i]!;
    let s11 = a[i1 + i + 1]!;
    for (let k = 0; k < i; k++) {
      const x0 = a[i0 + k]!;
      const x1 = a[i1 + k]!;
      s00 -= x0 * x0;
      s10 -= x1 * x0;
      s11 -= x1 * x1;
    }
    const l00 = pivotRoot(s00, a[i0 + i]!, i);
    const l10 = s10 / l00;
    a[i0 + i] = l00;
    a[i1 + i] = l10;
    a[i1 + i + 1] = pivotRoot(s11 - l10 * l10, a[i1 + i + 1]!, i + 1);
  }
  if (i < d) {
    // The last row when d is odd.
    const i0 = i * d;
    for (let j = 0; j < i; j++) {
      const j0 = j * d;
      let sum = a[i0 + j]!;
      for (let k = 0; k < j; k++) sum -= a[i0 + k]! * a[j0 + k]!;
      a[i0 + j] = sum / a[j0 + j]!;
    }
    let sum = a[i0 + i]!;
    for (let k = 0; k < i; k++) sum -= a[i0 + k]! * a[i0 + k]!;
    a[i0 + i] = pivotRoot(sum, a[i0 + i]!, i);
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
  // Backward: Lᵀ·x = y, subtracting each solved x[i] from the rows above it (row i of L is contiguous).
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    const xi = x[i]! / l[row + i]!;
    x[i] = xi;
    for (let k = 0; k < i; k++) x[k] = x[k]! - l[row + k]! * xi;
  }
  return x;
}
