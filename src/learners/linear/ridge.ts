/**
 * Ridge regression solved exactly in standardised space: minimise ‖yc − Z·w‖² + alpha·‖w‖² with Z the
 * standardised training features and yc the centred targets, so the intercept (the target mean) is not
 * penalised, as in scikit-learn's StandardScaler + Ridge(alpha).
 *
 * Primal (p ≤ n): (ZᵀZ + αI)·w = Zᵀyc, a p × p system. Dual (p > n): (ZZᵀ + αI)·a = yc and w = Zᵀa, an
 * n × n system; both are the same minimiser, the smaller matrix is the cheaper one. Either way by Cholesky.
 *
 * Row weights w minimise Σ w·(y − b − z·β)² + alpha·‖β‖² (scikit-learn's Ridge with sample_weight): the intercept
 * comes from weighted means (rows and targets centred on them, b = ȳ_w − z̄_w·β), and each centred row is
 * scaled by √w, which turns both systems into their weighted forms (ZᵀWZ + αI, and the dual's √W·Z·Zᵀ·√W + αI)
 * with no other change. Multiplying every weight by c is thus the same fit as alpha / c. (The weighted
 * standardisation already centres z near 0; centring again on z̄_w makes the intercept exact whatever the
 * scaling.) Without weights the unweighted path below runs unchanged.
 */
import type { LearnerData } from '../types';
import { addLowerGram, choleskyInPlace, choleskySolve } from './dense';
import { standardisedRow, type Standardisation } from './standardise';

/** The most float64 values one dense matrix here may hold (512 MiB): beyond it we refuse rather than crash. */
export const MAX_DENSE_DOUBLES = 64 * 1024 * 1024;

/** Rows gathered per block of the Gram accumulation: enough for contiguous inner products, small in memory. */
const BLOCK_ROWS = 256;

export interface RidgeSolution {
  /** Weights per active standardised column. */
  readonly weights: Float64Array;
  readonly bias: number;
}

/** Whether the dual (n × n) system is the smaller one. */
export function usesDual(numRows: number, numActive: number): boolean {
  return numActive > numRows;
}

/** Throws a clear Error when the dense matrices this fit needs would exceed MAX_DENSE_DOUBLES. */
export function checkRidgeSize(numRows: number, numActive: number): void {
  const dual = usesDual(numRows, numActive);
  const d = dual ? numRows : numActive;
  if (d * d > MAX_DENSE_DOUBLES) {
    throw new Error(
      `Ridge: a ${d} × ${d} ${dual ? 'dual (rows)' : 'normal-equation (features)'} system exceeds the ${MAX_DENSE_DOUBLES} values allowed; use fewer ${dual ? 'rows' : 'features'}`,
    );
  }
  if (dual && numRows * numActive > MAX_DENSE_DOUBLES) {
    throw new Error(`Ridge: ${numRows} rows × ${numActive} features exceed the ${MAX_DENSE_DOUBLES} values allowed for the dual solve`);
  }
}

export async function solveRidge(
  data: LearnerData,
  rows: readonly number[],
  scaling: Standardisation,
  alpha: number,
  checkpoint?: () => Promise<void>,
  rowWeights: Float32Array | null = null,
): Promise<RidgeSolution> {
  const n = rows.length;
  const p = scaling.active.length;
  if (rowWeights !== null) return solveWeighted(data, rows, scaling, alpha, checkpoint, rowWeights);
  let yMean = 0;
  for (const row of rows) yMean += data.targets[row]!;
  yMean /= n;
  if (p === 0) return { weights: new Float64Array(0), bias: yMean };
  checkRidgeSize(n, p);
  const weights = usesDual(n, p)
    ? solveDual(data, rows, scaling, alpha, yMean, null)
    : await solvePrimal(data, rows, scaling, alpha, yMean, null, checkpoint);
  return { weights, bias: yMean };
}

/** The weighted centre of the training rows in standardised space and of their targets, with the weights. */
interface WeightedCentre {
  readonly z: Float64Array;
  readonly y: number;
  /** Row weights of the data (indexed by row). */
  readonly weights: Float32Array;
}

async function solveWeighted(
  data: LearnerData,
  rows: readonly number[],
  scaling: Standardisation,
  alpha: number,
  checkpoint: (() => Promise<void>) | undefined,
  weights: Float32Array,
): Promise<RidgeSolution> {
  const n = rows.length;
  const p = scaling.active.length;
  let total = 0;
  let yMean = 0;
  const zMean = new Float64Array(p);
  const z = new Float64Array(p);
  for (const row of rows) {
    const w = weights[row]!;
    if (w === 0) continue;
    total += w;
    yMean += w * data.targets[row]!;
    standardisedRow(data, scaling, row, z);
    for (let j = 0; j < p; j++) zMean[j] = zMean[j]! + w * z[j]!;
  }
  yMean /= total;
  for (let j = 0; j < p; j++) zMean[j] = zMean[j]! / total;
  if (p === 0) return { weights: new Float64Array(0), bias: yMean };
  checkRidgeSize(n, p);
  const centre: WeightedCentre = { z: zMean, y: yMean, weights };
  const beta = usesDual(n, p)
    ? solveDual(data, rows, scaling, alpha, yMean, centre)
    : await solvePrimal(data, rows, scaling, alpha, yMean, centre, checkpoint);
  let bias = yMean;
  for (let j = 0; j < p; j++) bias -= beta[j]! * zMean[j]!;
  return { weights: beta, bias };
}

/**
 * Row `row`'s standardised features into z and its centred target as the result: unweighted, z as it is and
 * y − ȳ; weighted, both centred on the weighted centre and scaled by √w.
 */
function systemRow(data: LearnerData, scaling: Standardisation, row: number, yMean: number, centre: WeightedCentre | null, z: Float64Array): number {
  standardisedRow(data, scaling, row, z);
  if (centre === null) return data.targets[row]! - yMean;
  const root = Math.sqrt(centre.weights[row]!);
  for (let j = 0; j < z.length; j++) z[j] = root * (z[j]! - centre.z[j]!);
  return root * (data.targets[row]! - centre.y);
}

async function solvePrimal(
  data: LearnerData,
  rows: readonly number[],
  scaling: Standardisation,
  alpha: number,
  yMean: number,
  centre: WeightedCentre | null,
  checkpoint?: () => Promise<void>,
): Promise<Float64Array> {
  const n = rows.length;
  const p = scaling.active.length;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  // A block of rows stored transposed (p × BLOCK_ROWS), so each Gram entry's partial sum is a contiguous dot.
  const blockT = new Float64Array(p * BLOCK_ROWS);
  const blockY = new Float64Array(BLOCK_ROWS);
  const z = new Float64Array(p);
  let blocks = 0;
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const size = Math.min(BLOCK_ROWS, n - start);
    for (let r = 0; r < size; r++) {
      const row = rows[start + r]!;
      const y = systemRow(data, scaling, row, yMean, centre, z);
      for (let j = 0; j < p; j++) blockT[j * BLOCK_ROWS + r] = z[j]!;
      blockY[r] = y;
    }
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let r = 0; r < size; r++) sum += blockT[j * BLOCK_ROWS + r]! * blockY[r]!;
      rhs[j] = rhs[j]! + sum;
    }
    addLowerGram(blockT, p, BLOCK_ROWS, size, gram);
    // A wide table's Gram matrix can take seconds: let a cancel land every so often.
    if (checkpoint && ++blocks % 16 === 0) await checkpoint();
  }
  for (let j = 0; j < p; j++) gram[j * p + j] = gram[j * p + j]! + alpha;
  choleskyInPlace(gram, p);
  return choleskySolve(gram, p, rhs);
}

function solveDual(data: LearnerData, rows: readonly number[], scaling: Standardisation, alpha: number, yMean: number, centre: WeightedCentre | null): Float64Array {
  const n = rows.length;
  const p = scaling.active.length;
  const z = new Float64Array(n * p);
  const yc = new Float64Array(n);
  const scratch = new Float64Array(p);
  rows.forEach((row, i) => {
    yc[i] = systemRow(data, scaling, row, yMean, centre, scratch);
    z.set(scratch, i * p);
  });
  const kernel = new Float64Array(n * n);
  addLowerGram(z, n, p, p, kernel);
  for (let i = 0; i < n; i++) kernel[i * n + i] = kernel[i * n + i]! + alpha;
  choleskyInPlace(kernel, n);
  const dual = choleskySolve(kernel, n, yc);
  const weights = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const a = dual[i]!;
    for (let j = 0; j < p; j++) weights[j] = weights[j]! + a * z[i * p + j]!;
  }
  return weights;
}
