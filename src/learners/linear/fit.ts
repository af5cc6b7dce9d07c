/**
 * fitLinear: checks the inputs, standardises on the training rows, solves (L-BFGS for logistic, Cholesky for
 * ridge), folds the standardisation into raw-space coefficients and reports once at the end.
 *
 * A linear fit is one short solve, so there is nothing to prune part-way: `onEvaluation` is called once with
 * the final model's validation outputs and its training loss (mean log loss without the penalty, or mean
 * squared error), and `checkpoint` is awaited every few dozen solver iterations so a cancel can land.
 *
 * Row weights (LearnerData.weights) weight the solver's loss (weighted log loss, weighted least squares with a
 * weighted-mean intercept), the standardisation (weighted means and variances) and the reported training loss,
 * so integer weights are exactly duplicated rows. Without weights every path is the one it was.
 */
import { checkWeights } from '../checks';
import type { Fitted, LearnerData, LearnerHooks, LearnerRows } from '../types';
import { minimizeLbfgs } from './lbfgs';
import { logisticObjective, penaltyTerm, type LogisticProblem } from './logistic';
import { foldStandardisation, outputCount, predictLinear, type LinearModel, type LinearParams } from './model';
import { MAX_DENSE_DOUBLES, solveRidge } from './ridge';
import { fitStandardisation } from './standardise';

/** L-BFGS iterations between awaited checkpoints. */
const CHECKPOINT_EVERY = 25;
/** L-BFGS keeps 2·memory vectors of the parameters' size, plus a few more. */
const LBFGS_MEMORY = 10;
const LBFGS_VECTORS = 2 * LBFGS_MEMORY + 8;

function checkRows(name: string, rows: readonly number[], numRows: number): void {
  for (const row of rows) {
    if (!Number.isInteger(row) || row < 0 || row >= numRows) throw new RangeError(`fitLinear: ${name} row ${row} is not a row of the data (0…${numRows - 1})`);
  }
}

function checkInputs(data: LearnerData, rows: LearnerRows, params: LinearParams): void {
  const numRows = data.targets.length;
  if (!Number.isInteger(data.numFeatures) || data.numFeatures < 0) throw new RangeError(`fitLinear: bad numFeatures ${data.numFeatures}`);
  if (data.features.length !== numRows * data.numFeatures) {
    throw new RangeError(`fitLinear: ${numRows} rows × ${data.numFeatures} features need ${numRows * data.numFeatures} values, got ${data.features.length}`);
  }
  if (rows.train.length === 0) throw new RangeError('fitLinear: no training rows');
  checkRows('training', rows.train, numRows);
  if (rows.validation) checkRows('validation', rows.validation, numRows);
  if (!(params.alpha >= 0) || !Number.isFinite(params.alpha)) throw new RangeError(`fitLinear: alpha must be a finite number ≥ 0, got ${params.alpha}`);
  if (!Number.isInteger(params.maxIterations) || params.maxIterations < 0) {
    throw new RangeError(`fitLinear: maxIterations must be an integer ≥ 0, got ${params.maxIterations}`);
  }
  if (!(params.tolerance >= 0)) throw new RangeError(`fitLinear: tolerance must be ≥ 0, got ${params.tolerance}`);
  if (data.task === 'regression') {
    for (const row of rows.train) {
      if (!Number.isFinite(data.targets[row]!)) throw new RangeError(`fitLinear: target of row ${row} is not finite`);
    }
    return;
  }
  const k = data.numClasses;
  if (!Number.isInteger(k) || k < 2 || (data.task === 'binary' && k !== 2)) {
    throw new RangeError(`fitLinear: a ${data.task} task cannot have ${k} classes`);
  }
  for (const row of rows.train) {
    const label = data.targets[row]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) throw new RangeError(`fitLinear: label ${label} of row ${row} is not a class in 0…${k - 1}`);
  }
}

/** The validation rows' features, gathered into one contiguous block for predictLinear. */
function gatherRows(data: LearnerData, rows: readonly number[]): Float32Array {
  const p = data.numFeatures;
  const out = new Float32Array(rows.length * p);
  rows.forEach((row, i) => out.set(data.features.subarray(row * p, (row + 1) * p), i * p));
  return out;
}

/** Mean squared error on `rows`, weighted by `weights` when given. */
function meanSquaredError(model: LinearModel, data: LearnerData, rows: readonly number[], weights: Float32Array | null): number {
  const predictions = predictLinear(model, gatherRows(data, rows), rows.length);
  let sum = 0;
  let total = 0;
  rows.forEach((row, i) => {
    const d = predictions[i]! - data.targets[row]!;
    if (weights === null) sum += d * d;
    else {
      sum += weights[row]! * d * d;
      total += weights[row]!;
    }
  });
  return sum / (weights === null ? rows.length : total);
}

export async function fitLinear(data: LearnerData, rows: LearnerRows, params: LinearParams, hooks?: LearnerHooks): Promise<Fitted<LinearModel>> {
  checkInputs(data, rows, params);
  const weights = checkWeights(data, rows.train, 'fitLinear');
  const scaling = fitStandardisation(data, rows.train, weights);
  const p = scaling.active.length;
  const outputs = outputCount(data.task, data.numClasses);

  let model: LinearModel;
  let steps: number;
  let trainLoss: number;
  if (data.task === 'regression') {
    const solution = await solveRidge(data, rows.train, scaling, params.alpha, hooks?.checkpoint, weights);
    model = foldStandardisation(data.task, 0, data.numFeatures, scaling, solution.weights, Float64Array.of(solution.bias));
    steps = 1;
    trainLoss = meanSquaredError(model, data, rows.train, weights);
  } else {
    const size = outputs * (p + 1);
    if (size * LBFGS_VECTORS > MAX_DENSE_DOUBLES) {
      throw new Error(`Logistic regression: ${outputs} × ${p + 1} parameters need more than the ${MAX_DENSE_DOUBLES} values allowed for the solver; use fewer features`);
    }
    const problem: LogisticProblem = { data, rows: rows.train, scaling, outputs, alpha: params.alpha, weights };
    const checkpoint = hooks?.checkpoint;
    const result = await minimizeLbfgs(logisticObjective(problem), new Float64Array(size), {
      maxIterations: params.maxIterations,
      gradientTolerance: params.tolerance,
      // The gradient alone decides convergence, so `tolerance` means what it says; SciPy's relative-decrease
      // stop (which left scikit-learn's solutions at a gradient near 1e-6) is off.
      functionTolerance: 0,
      memory: LBFGS_MEMORY,
      onIteration: checkpoint ? (iteration) => (iteration % CHECKPOINT_EVERY === 0 ? checkpoint() : undefined) : undefined,
    });
    const x = result.x;
    model = foldStandardisation(data.task, data.numClasses, data.numFeatures, scaling, x.subarray(0, outputs * p), x.slice(outputs * p));
    steps = result.iterations;
    trainLoss = result.value - penaltyTerm(problem, x);
  }

  if (hooks?.onEvaluation) {
    const validation = rows.validation;
    const outputsOnValidation = validation ? predictLinear(model, gatherRows(data, validation), validation.length) : null;
    hooks.onEvaluation(steps, trainLoss, outputsOnValidation);
  }
  return { model, steps };
}
