/**
 * Shapes trial epochs into chart rows: one row per epoch, one column per trial, the value averaged over the
 * folds that have reported that epoch so far (so a cross-validated curve grows with its first fold and
 * settles as later folds arrive).
 */
import type { Trial } from '../../engine/study/types';

export type CurveMetric = 'valLoss' | 'loss';

export interface CurveRow {
  readonly epoch: number;
  readonly [trialKey: string]: number;
}

export const trialKey = (trial: Pick<Trial, 'number'>): string => `t${trial.number}`;

export function curveRows(trials: readonly Trial[], metric: CurveMetric): CurveRow[] {
  const sums = new Map<number, Map<string, { sum: number; count: number }>>();
  for (const trial of trials) {
    const key = trialKey(trial);
    for (const record of trial.epochs) {
      const value = metric === 'valLoss' ? (record.valLoss ?? record.loss) : record.loss;
      if (!Number.isFinite(value)) continue;
      const row = sums.get(record.epoch) ?? new Map<string, { sum: number; count: number }>();
      const cell = row.get(key) ?? { sum: 0, count: 0 };
      cell.sum += value;
      cell.count++;
      row.set(key, cell);
      sums.set(record.epoch, row);
    }
  }
  return [...sums.keys()]
    .sort((a, b) => a - b)
    .map((epoch) => {
      const row: Record<string, number> = { epoch: epoch + 1 };
      for (const [key, cell] of sums.get(epoch)!) row[key] = cell.sum / cell.count;
      return row as CurveRow;
    });
}
