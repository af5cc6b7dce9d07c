/**
 * Evaluation metrics computed from predictions in plain TypeScript, so every backend scores alike and the
 * definitions are testable against hand-worked examples. Classification takes class probabilities (row-major,
 * n × k) and integer labels; regression takes predictions and targets in the same units.
 */

const EPSILON = 1e-7;

export type ClassificationMetricName = 'accuracy' | 'balanced_accuracy' | 'macro_f1' | 'roc_auc' | 'log_loss';
export type RegressionMetricName = 'r2' | 'rmse' | 'mae';
export type MetricName = ClassificationMetricName | RegressionMetricName;

/** Metrics where lower is better. */
export const MINIMISED_METRICS: ReadonlySet<MetricName> = new Set(['log_loss', 'rmse', 'mae']);

export const CLASSIFICATION_METRICS: readonly ClassificationMetricName[] = ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc', 'log_loss'];
export const REGRESSION_METRICS: readonly RegressionMetricName[] = ['r2', 'rmse', 'mae'];

function argmaxRow(probabilities: ArrayLike<number>, row: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (probabilities[row * k + c]! > probabilities[row * k + best]!) best = c;
  return best;
}

/**
 * Area under the ROC curve of `scores` for the positive set, by the rank-sum (Mann–Whitney) formula with
 * tied scores given their average rank. NaN when either class is absent.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]![1]] = rank;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  positive.forEach((p, i) => {
    if (p) {
      positives++;
      rankSum += ranks[i]!;
    }
  });
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function classificationMetrics(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): Record<ClassificationMetricName, number> {
  const n = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    const predicted = argmaxRow(probabilities, i, k);
    confusion[label]![predicted]!++;
    if (predicted === label) correct++;
    logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i * k + label]!)));
  }
  const present = confusion.map((row, c) => ({ c, support: row.reduce((a, b) => a + b, 0) })).filter((x) => x.support > 0);
  const recall = present.map(({ c, support }) => confusion[c]![c]! / support);
  const f1 = present.map(({ c, support }) => {
    const predictedAs = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const tp = confusion[c]![c]!;
    return tp === 0 ? 0 : (2 * tp) / (support + predictedAs);
  });
  // Binary: AUC of the positive class's probability; multi-class: macro average of one-vs-rest AUCs.
  const aucClasses = k === 2 ? [1] : present.map((x) => x.c);
  const aucs = aucClasses
    .map((c) =>
      rocAuc(
        Array.from({ length: n }, (_, i) => probabilities[i * k + c]!),
        Array.from({ length: n }, (_, i) => labels[i] === c),
      ),
    )
    .filter(Number.isFinite);
  const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    accuracy: n === 0 ? Number.NaN : correct / n,
    balanced_accuracy: mean(recall),
    macro_f1: mean(f1),
    roc_auc: mean(aucs),
    log_loss: n === 0 ? Number.NaN : logLoss / n,
  };
}

export function regressionMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): Record<RegressionMetricName, number> {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const error = predicted[i]! - actual[i]!;
    squared += error * error;
    absolute += Math.abs(error);
    total += (actual[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(squared / n), mae: absolute / n, r2: total > 0 ? 1 - squared / total : Number.NaN };
}

export const isClassificationMetric = (metric: MetricName): metric is ClassificationMetricName => (CLASSIFICATION_METRICS as readonly string[]).includes(metric);
export const isMetricName = (value: unknown): value is MetricName =>
  typeof value === 'string' && ([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS] as readonly string[]).includes(value);

/**
 * The objective a study optimises: the requested metric when it fits the task, else the task's default
 * (accuracy for classification, R² for regression), with the direction that metric improves in.
 */
export function resolveObjective(task: 'binary' | 'multiclass' | 'regression', requested: MetricName | null): { metric: MetricName; direction: 'maximize' | 'minimize' } {
  const fits = requested !== null && isClassificationMetric(requested) === (task !== 'regression');
  const metric = fits ? requested : task === 'regression' ? 'r2' : 'accuracy';
  return { metric, direction: MINIMISED_METRICS.has(metric) ? 'minimize' : 'maximize' };
}

/** Counts by (true class, predicted class): `matrix[actual][predicted]`. */
export function confusionMatrix(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): number[][] {
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]!]![argmaxRow(probabilities, i, k)]!++;
  return matrix;
}

export interface ClassReport {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** Precision, recall, F1 and support per class, from a confusion matrix (NaN where undefined, as 0/0). */
export function perClassReport(matrix: readonly (readonly number[])[]): ClassReport[] {
  return matrix.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, r) => sum + r[c]!, 0);
    const precision = predicted === 0 ? Number.NaN : tp / predicted;
    const recall = support === 0 ? Number.NaN : tp / support;
    const f1 = tp === 0 ? 0 : (2 * tp) / (support + predicted);
    return { precision, recall, f1, support };
  });
}
