/**
 * Turns the best model's raw test outputs into what its charts plot. The worker keeps the network's outputs
 * as they are: class probabilities (n × k) for classification, and for regression a standardised value that
 * the refit's target scaling (y·std + mean) puts back into the target's units.
 */
import { probabilityColumn, residualPoints, rocCurve, type ResidualPoint, type RocCurve } from '../../metrics/curves';

/** One-vs-rest ROC of class `positive`: binary tasks use class 1, multi-class views let the person pick. */
export function rocForClass(outputs: ArrayLike<number>, targets: ArrayLike<number>, k: number, positive: number): RocCurve {
  const scores = probabilityColumn(outputs, k, positive);
  return rocCurve(scores, Array.from({ length: targets.length }, (_, i) => targets[i] === positive));
}

export function regressionPredictions(outputs: ArrayLike<number>, scale: { readonly mean: number; readonly std: number }): number[] {
  return Array.from(outputs, (v) => v * scale.std + scale.mean);
}

export interface ResidualSummary {
  readonly points: readonly ResidualPoint[];
  readonly meanResidual: number;
  readonly rmse: number;
  /** The point the model missed by most, for the text description. */
  readonly largest: ResidualPoint | null;
}

export function residualSummary(outputs: ArrayLike<number>, targets: ArrayLike<number>, scale: { readonly mean: number; readonly std: number }): ResidualSummary {
  const points = residualPoints(regressionPredictions(outputs, scale), targets);
  const n = points.length;
  let sum = 0;
  let squares = 0;
  let largest: ResidualPoint | null = null;
  for (const p of points) {
    sum += p.residual;
    squares += p.residual ** 2;
    if (!largest || Math.abs(p.residual) > Math.abs(largest.residual)) largest = p;
  }
  return { points, meanResidual: n ? sum / n : Number.NaN, rmse: n ? Math.sqrt(squares / n) : Number.NaN, largest };
}
