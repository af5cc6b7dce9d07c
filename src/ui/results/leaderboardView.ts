/** Sorting and filtering of the leaderboard's rows, and the words for a trial trained in a group, kept apart from the table so they can be tested. */
import { epochsTrained } from '../../engine/study/epochs';
import { rankTrials } from '../../engine/study/objective';
import type { Objective, Trial, TrialState } from '../../engine/study/types';
import { formatParamValue } from '../common/format';

export type SortKey = 'rank' | 'trial' | 'duration' | 'epochs';

export interface LeaderboardQuery {
  readonly sort: SortKey;
  readonly state: TrialState | 'all';
  /** Case-insensitive text matched against "name=value" of each parameter. */
  readonly text: string;
}

export interface LeaderboardRow {
  readonly trial: Trial;
  /** 1-based rank by objective, or null for trials without a value. */
  readonly rank: number | null;
  readonly epochsRun: number;
}

export function leaderboardRows(trials: readonly Trial[], objective: Objective, query: LeaderboardQuery): LeaderboardRow[] {
  const ranked = rankTrials(trials, objective);
  const rankOf = new Map(ranked.map((t, i) => [t.number, t.value === null ? null : i + 1]));
  const needle = query.text.trim().toLowerCase();
  const rows = ranked
    .filter((t) => query.state === 'all' || t.state === query.state)
    .filter((t) => needle === '' || Object.entries(t.params).some(([name, value]) => `${name}=${formatParamValue(value)}`.toLowerCase().includes(needle)))
    .map((trial) => ({ trial, rank: rankOf.get(trial.number) ?? null, epochsRun: epochsTrained(trial) }));
  switch (query.sort) {
    case 'rank':
      return rows;
    case 'trial':
      return rows.sort((a, b) => a.trial.number - b.trial.number);
    case 'duration':
      return rows.sort((a, b) => (b.trial.durationMs ?? 0) - (a.trial.durationMs ?? 0));
    case 'epochs':
      return rows.sort((a, b) => b.epochsRun - a.epochsRun || a.trial.number - b.trial.number);
  }
}

/** A trial trained in one computation with others: its results are those of training it alone, its duration a share. */
export const groupNote = (size: number): string => `trained together with ${size - 1} ${size === 2 ? 'other' : 'others'}`;
