/**
 * L2-regularised logistic regression objectives in standardised feature space, for L-BFGS.
 *
 * Binary uses one weight vector (the positive class's logit), multiclass the full softmax with k weight
 * vectors, all penalised, as scikit-learn's lbfgs solver does; with an L2 penalty that over-parameterisation
 * still has a unique minimiser. The objective is divided by the number of rows, as scikit-learn does, so the
 * gradient tolerance means the same thing whatever the table's size; the minimiser is unchanged.
 *
 * Row weights (class weights) scale each row's log loss and its gradient, and the objective is divided by their
 * sum instead of the row count, as scikit-learn's LogisticRegression does with sample_weight: so multiplying
 * every weight by c is the same fit as alpha / c (C · c), and balanced class weights (which sum to n) leave the
 * penalty's strength where it was. Without weights every row weighs 1 (w · x = x exactly: unchanged bit for bit).
 *
 * Parameter layout: outputs × p weights (row-major), then one intercept per output.
 */
import type { LearnerData } from '../types';
import { softmaxInPlace, softplus, sigmoid } from './model';
import { standardisedRow, type Standardisation } from './standardise';
import type { Objective } from './lbfgs';

export interface LogisticProblem {
  readonly data: LearnerData;
  readonly rows: readonly number[];
  readonly scaling: Standardisation;
  /** 1 for binary, k for multiclass. */
  readonly outputs: number;
  readonly alpha: number;
  /** Weight per row of the data (indexed by row, not by position in `rows`); null: all 1. */
  readonly weights: Float32Array | null;
}

/** What the objective is divided by: the training rows' total weight (their count without weights). */
export function totalWeight(problem: LogisticProblem): number {
  const { rows, weights } = problem;
  if (weights === null) return rows.length;
  let total = 0;
  for (const row of rows) total += weights[row]!;
  return total;
}

/** (1/Σw)·alpha/2·‖W‖²: the penalty part of the objective, so callers can report the plain log loss. */
export function penaltyTerm(problem: LogisticProblem, x: Float64Array): number {
  const weights = problem.outputs * problem.scaling.active.length;
  let squares = 0;
  for (let i = 0; i < weights; i++) squares += x[i]! * x[i]!;
  return (0.5 * problem.alpha * squares) / totalWeight(problem);
}

/** f(x) = (1/Σw)·[Σ w·log loss + alpha/2·‖W‖²] and its gradient (n and 1 per row without weights). */
export function logisticObjective(problem: LogisticProblem): Objective {
  const { data, rows, scaling, outputs, alpha, weights } = problem;
  const p = scaling.active.length;
  const n = totalWeight(problem);
  const z = new Float64Array(p);
  const logits = new Float64Array(outputs);
  const probabilities = new Float64Array(outputs);
  const targets = data.targets;
  const biasOffset = outputs * p;

  return (x, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (const row of rows) {
      standardisedRow(data, scaling, row, z);
      const label = targets[row]!;
      const w = weights === null ? 1 : weights[row]!;
      if (w === 0) continue;
      if (outputs === 1) {
        let m = x[biasOffset]!;
        for (let j = 0; j < p; j++) m += x[j]! * z[j]!;
        // −log σ(m) for label 1, −log σ(−m) for label 0, both as softplus so neither overflows.
        loss += w * (softplus(m) - label * m);
        const residual = w * (sigmoid(m) - label);
        for (let j = 0; j < p; j++) gradient[j] = gradient[j]! + residual * z[j]!;
        gradient[biasOffset] = gradient[biasOffset]! + residual;
      } else {
        for (let c = 0; c < outputs; c++) {
          let m = x[biasOffset + c]!;
          const offset = c * p;
          for (let j = 0; j < p; j++) m += x[offset + j]! * z[j]!;
          logits[c] = m;
        }
        const logSumExp = softmaxInPlace(logits, probabilities, outputs);
        loss += w * (logSumExp - logits[label]!);
        for (let c = 0; c < outputs; c++) {
          const residual = w * (probabilities[c]! - (c === label ? 1 : 0));
          const offset = c * p;
          for (let j = 0; j < p; j++) gradient[offset + j] = gradient[offset + j]! + residual * z[j]!;
          gradient[biasOffset + c] = gradient[biasOffset + c]! + residual;
        }
      }
    }
    let squares = 0;
    for (let i = 0; i < biasOffset; i++) {
      squares += x[i]! * x[i]!;
      gradient[i] = gradient[i]! + alpha * x[i]!;
    }
    const scale = 1 / n;
    for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i]! * scale;
    return (loss + 0.5 * alpha * squares) * scale;
  };
}
