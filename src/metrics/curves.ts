/**
 * Point sets behind the best model's diagnostic charts, in plain TypeScript like the metrics beside them:
 * the ROC curve (with its AUC), regression residuals, and a confusion matrix that remembers which test rows
 * fell in each cell so the UI can list them. Inputs follow `metrics.ts`: probabilities are row-major n × k.
 */

export interface RocPoint {
  /** False-positive rate: negatives scored at or above the threshold, as a share of all negatives. */
  readonly fpr: number;
  /** True-positive rate (recall of the positive class). */
  readonly tpr: number;
  /** Scores ≥ threshold count as positive; +Infinity for the (0, 0) corner. */
  readonly threshold: number;
}

export interface RocCurve {
  readonly points: readonly RocPoint[];
  /** Trapezoidal area under the points; equals the rank-sum `rocAuc` (ties make diagonal steps). NaN if a class is absent. */
  readonly auc: number;
}

/**
 * The ROC curve of `scores` for the `positive` rows: thresholds at every distinct score, highest first.
 * Rows with tied scores move together, so a tie becomes one diagonal segment, which is what gives ties half
 * credit and makes the trapezoid area agree with the Mann–Whitney formula.
 */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): RocCurve {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return { points: [], auc: Number.NaN };
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let i = 0; i < n; ) {
    const threshold = scores[order[i]!]!;
    let j = i;
    while (j < n && scores[order[j]!]! === threshold) {
      if (positive[order[j]!]) tp++;
      else fp++;
      j++;
    }
    const previous = points[points.length - 1]!;
    const point = { fpr: fp / negatives, tpr: tp / positives, threshold };
    auc += ((point.fpr - previous.fpr) * (point.tpr + previous.tpr)) / 2;
    points.push(point);
    i = j;
  }
  return { points, auc };
}

/** Probability of column `column` for every row of a row-major n × k matrix (e.g. the positive class, column 1). */
export function probabilityColumn(probabilities: ArrayLike<number>, k: number, column: number): number[] {
  const n = Math.floor(probabilities.length / k);
  return Array.from({ length: n }, (_, i) => probabilities[i * k + column]!);
}

export interface ResidualPoint {
  /** Position of the row among the evaluated (test) rows. */
  readonly index: number;
  readonly predicted: number;
  readonly actual: number;
  /** actual − predicted: positive where the model predicted too low. */
  readonly residual: number;
}

export function residualPoints(predicted: ArrayLike<number>, actual: ArrayLike<number>): ResidualPoint[] {
  return Array.from({ length: actual.length }, (_, index) => {
    const p = predicted[index]!;
    const a = actual[index]!;
    return { index, predicted: p, actual: a, residual: a - p };
  });
}

/** The most probable class of row `row`; ties go to the lower class index, as in `confusionMatrix`. */
export function predictedClass(probabilities: ArrayLike<number>, row: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (probabilities[row * k + c]! > probabilities[row * k + best]!) best = c;
  return best;
}

export interface ConfusionCells {
  /** `counts[actual][predicted]`, identical to `confusionMatrix`. */
  readonly counts: readonly (readonly number[])[];
  /** `rows[actual][predicted]`: positions (among the evaluated rows) of the samples in that cell, ascending. */
  readonly rows: readonly (readonly (readonly number[])[])[];
}

export function confusionCells(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): ConfusionCells {
  const rows = Array.from({ length: k }, () => Array.from({ length: k }, () => [] as number[]));
  for (let i = 0; i < labels.length; i++) rows[labels[i]!]![predictedClass(probabilities, i, k)]!.push(i);
  return { counts: rows.map((row) => row.map((cell) => cell.length)), rows };
}
