/**
 * Permutation feature importance (Breiman; scikit-learn's permutation_importance): how much the test score
 * drops when one input column's values are shuffled across the test rows, breaking its link with the target
 * while keeping its distribution. Encoded features that come from the same column (one-hot levels, missing
 * indicators, date parts) are shuffled together, so the importance is per column the person knows.
 * The model is called once with every shuffled copy stacked, and every shuffle is seeded.
 */
import type { Rng } from '../engine/study/rng';
import { classificationMetrics, MINIMISED_METRICS, regressionMetrics, type MetricName } from './metrics';

export interface ImportanceInput {
  /** Test rows' encoded features, row-major (rows × featureNames.length). */
  readonly features: Float32Array;
  readonly featureNames: readonly string[];
  /** Class indices, or values in the target's units. */
  readonly targets: Float32Array;
  /** Number of classes; 0 for regression. */
  readonly classes: number;
  readonly metric: MetricName;
}

export interface ColumnImportance {
  readonly column: string;
  /** Mean drop of the score over the repeats (positive: the model needs this column). */
  readonly drop: number;
  readonly std: number;
}

/** The column an encoded feature comes from: "colour=red" and "colour=(other)" → colour; "signup:year" → signup. */
export const sourceColumn = (featureName: string): string => featureName.split(/[=:]/)[0]!;

function score(outputs: Float32Array, targets: Float32Array, classes: number, metric: MetricName): number {
  const all: Record<string, number> = classes > 0 ? classificationMetrics(outputs, targets, classes) : regressionMetrics(outputs, targets);
  return all[metric]!;
}

export async function permutationImportance(
  input: ImportanceInput,
  predict: (features: Float32Array, rows: number) => Promise<Float32Array>,
  rng: Rng,
  repeats = 3,
): Promise<ColumnImportance[]> {
  const width = input.featureNames.length;
  const rows = input.targets.length;
  const groups = new Map<string, number[]>();
  input.featureNames.forEach((name, j) => groups.set(sourceColumn(name), [...(groups.get(sourceColumn(name)) ?? []), j]));
  const columns = [...groups.keys()];
  // Copy 0 is the test set as it is; then `repeats` shuffled copies per column.
  const copies = 1 + columns.length * repeats;
  const stacked = new Float32Array(copies * rows * width);
  for (let c = 0; c < copies; c++) stacked.set(input.features, c * rows * width);
  columns.forEach((column, g) => {
    for (let r = 0; r < repeats; r++) {
      const base = (1 + g * repeats + r) * rows * width;
      const order = rng.fork(`${column}:${r}`).shuffle(Array.from({ length: rows }, (_, i) => i));
      for (let i = 0; i < rows; i++) for (const j of groups.get(column)!) stacked[base + i * width + j] = input.features[order[i]! * width + j]!;
    }
  });
  const outputs = await predict(stacked, copies * rows);
  const perRow = outputs.length / (copies * rows);
  const scoreOf = (c: number) => score(outputs.subarray(c * rows * perRow, (c + 1) * rows * perRow), input.targets, input.classes, input.metric);
  const baseline = scoreOf(0);
  const sign = MINIMISED_METRICS.has(input.metric) ? -1 : 1;
  return columns
    .map((column, g) => {
      const drops = Array.from({ length: repeats }, (_, r) => sign * (baseline - scoreOf(1 + g * repeats + r)));
      const mean = drops.reduce((a, b) => a + b, 0) / repeats;
      const std = Math.sqrt(drops.reduce((a, d) => a + (d - mean) ** 2, 0) / repeats);
      return { column, drop: mean, std };
    })
    .sort((a, b) => b.drop - a.drop);
}
