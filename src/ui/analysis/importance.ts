/**
 * Hyper-parameter importance as the share of the objective's variance each parameter explains on its own,
 * like a one-way ANOVA per parameter. For each parameter the complete trials are put into groups (its
 * categories, or quantile bins of a numeric value); η² = between-group sum of squares / total sum of squares
 * (0: the groups' mean scores are all alike, 1: the groups alone account for every difference). The η² of
 * all parameters are then normalised to sum to 1. Bins are few (at most √n, capped at 5) because η² with
 * many small groups is inflated: a group of one trial "explains" its own score perfectly.
 */
import type { ParamSpec, ParamValue } from '../../engine/space/types';
import type { Trial } from '../../engine/study/types';
import { completedTrials } from './searchData';

export const MIN_TRIALS_FOR_IMPORTANCE = 4;
export const MAX_BINS = 5;
/** Group of trials in which a conditional parameter was inactive. */
export const INACTIVE_GROUP = '(inactive)';

export interface ParamImportance {
  readonly name: string;
  /** η² of this parameter alone, 0…1. */
  readonly etaSquared: number;
  /** η² normalised over all parameters (sums to 1 unless every η² is 0). */
  readonly importance: number;
  /** How many groups the trials fell into (categories or bins). */
  readonly groups: number;
}

export type ImportanceResult =
  | { readonly status: 'too-few'; readonly completed: number; readonly needed: number }
  | { readonly status: 'ok'; readonly completed: number; readonly params: readonly ParamImportance[] };

/** Number of quantile bins for n trials: about √n, at least 2, at most MAX_BINS. */
export function binCount(n: number): number {
  return Math.max(2, Math.min(MAX_BINS, Math.round(Math.sqrt(n))));
}

/**
 * Quantile bin of each value: bin = ⌊bins · (values strictly below it) / n⌋, so bins hold about equally many
 * trials and equal values always share a bin. With no more distinct values than bins, each value is its own group.
 */
export function quantileBins(values: readonly number[], bins: number): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= bins) return values.map((v) => distinct.indexOf(v));
  const sorted = [...values].sort((a, b) => a - b);
  const below = (v: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => Math.min(bins - 1, Math.floor((bins * below(v)) / values.length)));
}

/** Between-group sum of squares over total sum of squares; 0 when the scores do not vary. */
export function etaSquared(groups: readonly (string | number)[], scores: readonly number[]): number {
  const n = scores.length;
  if (n === 0) return 0;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const total = scores.reduce((sum, s) => sum + (s - mean) ** 2, 0);
  if (!(total > 0)) return 0;
  const byGroup = new Map<string | number, { sum: number; count: number }>();
  groups.forEach((g, i) => {
    const cell = byGroup.get(g) ?? { sum: 0, count: 0 };
    cell.sum += scores[i]!;
    cell.count++;
    byGroup.set(g, cell);
  });
  let between = 0;
  for (const { sum, count } of byGroup.values()) between += count * (sum / count - mean) ** 2;
  return Math.min(1, Math.max(0, between / total));
}

/** The group each trial falls in for one parameter: category, quantile bin, or INACTIVE_GROUP. */
export function groupsFor(spec: ParamSpec, values: readonly (ParamValue | undefined)[]): (string | number)[] {
  if (spec.kind === 'categorical') return values.map((v) => (v === undefined ? INACTIVE_GROUP : `${typeof v}:${String(v)}`));
  const numeric = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const present = numeric.filter((v): v is number => v !== null);
  const bins = quantileBins(present, binCount(present.length));
  let next = 0;
  // Bins are rank-based, so a log parameter bins identically on either scale.
  return numeric.map((v) => (v === null ? INACTIVE_GROUP : bins[next++]!));
}

export function paramImportance(params: readonly ParamSpec[], trials: readonly Trial[]): ImportanceResult {
  const done = completedTrials(trials);
  if (done.length < MIN_TRIALS_FOR_IMPORTANCE) return { status: 'too-few', completed: done.length, needed: MIN_TRIALS_FOR_IMPORTANCE - done.length };
  const scores = done.map((t) => t.value);
  const raw = params.map((spec) => {
    const groups = groupsFor(spec, done.map((t) => t.params[spec.name]));
    return { name: spec.name, etaSquared: etaSquared(groups, scores), groups: new Set(groups).size };
  });
  const total = raw.reduce((sum, p) => sum + p.etaSquared, 0);
  const result = raw.map((p) => ({ ...p, importance: total > 0 ? p.etaSquared / total : 0 }));
  result.sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
  return { status: 'ok', completed: done.length, params: result };
}
