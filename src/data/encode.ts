/**
 * Turns a raw table and a task into a numeric matrix: numeric columns as they are (missing values filled
 * with the column mean), text columns one-hot encoded (missing as its own level). Scaling is not done here:
 * it must be fitted on each training split, which the training worker does.
 */
import { DataError } from './errors';
import type { RawTable } from './csv';
import { isMissing, parseNumber } from './profile';
import type { ColumnProfile, ModelData, Task } from './types';

const MISSING_LEVEL = '(missing)';

export function encodeTable(table: RawTable, profiles: readonly ColumnProfile[], task: Task): ModelData {
  const targetIndex = table.columns.indexOf(task.target);
  const featureColumns = profiles
    .map((profile, index) => ({ profile, index }))
    .filter(({ index, profile }) => index !== targetIndex && profile.missing < table.rows.length);
  if (featureColumns.length === 0) {
    throw new DataError('no-features', `Besides the target "${task.target}" the table has no usable feature columns.`);
  }

  // Plan each feature column: one output for numeric columns, one per level for categorical ones.
  const plans = featureColumns.map(({ profile, index }) => {
    if (profile.kind === 'numeric') {
      let sum = 0;
      let count = 0;
      for (const row of table.rows) {
        const value = parseNumber(row[index]!);
        if (Number.isFinite(value)) {
          sum += value;
          count++;
        }
      }
      return { kind: 'numeric' as const, index, names: [profile.name], fill: count > 0 ? sum / count : 0 };
    }
    const levels = [...new Set(table.rows.map((row) => (isMissing(row[index]!) ? MISSING_LEVEL : row[index]!.trim())))].sort();
    return { kind: 'categorical' as const, index, names: levels.map((l) => `${profile.name}=${l}`), levels };
  });

  const featureNames = plans.flatMap((p) => p.names);
  const numFeatures = featureNames.length;
  const numRows = table.rows.length;
  const features = new Float32Array(numRows * numFeatures);
  const targets = new Float32Array(numRows);
  const classIndex = new Map(task.classNames.map((name, i) => [name, i]));

  table.rows.forEach((row, r) => {
    let offset = r * numFeatures;
    for (const plan of plans) {
      const cell = row[plan.index]!;
      if (plan.kind === 'numeric') {
        const value = parseNumber(cell);
        features[offset++] = Number.isFinite(value) ? value : plan.fill;
      } else {
        const level = isMissing(cell) ? MISSING_LEVEL : cell.trim();
        features[offset + plan.levels.indexOf(level)] = 1;
        offset += plan.levels.length;
      }
    }
    const rawTarget = row[targetIndex]!.trim();
    targets[r] = task.kind === 'regression' ? Number(rawTarget) : classIndex.get(rawTarget)!;
  });

  return { numRows, numFeatures, featureNames, features, targets, task };
}
