/** Rows for the optimisation-history chart: each finished trial's value and the best value so far. */
import type { Trial } from '../../engine/study/types';

export interface HistoryRow {
  readonly trial: number;
  readonly value?: number;
  readonly best?: number;
}

export function historyRows(trials: readonly Trial[], direction: 'maximize' | 'minimize'): HistoryRow[] {
  let best: number | undefined;
  return [...trials]
    .sort((a, b) => a.number - b.number)
    .map((t) => {
      const value = t.state === 'complete' && t.value !== null && Number.isFinite(t.value) ? t.value : undefined;
      if (value !== undefined && (best === undefined || (direction === 'maximize' ? value > best : value < best))) best = value;
      return { trial: t.number, ...(value !== undefined ? { value } : {}), ...(best !== undefined ? { best } : {}) };
    });
}
