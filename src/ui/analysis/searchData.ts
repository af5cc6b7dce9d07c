/**
 * Shapes a study's trials for the search-analysis charts (as in Optuna's dashboard): one axis per searched
 * parameter plus the objective for parallel coordinates, and (value, objective) points per parameter for
 * slice plots. Only complete trials with a finite objective take part: a pruned or failed trial has no
 * comparable score.
 */
import type { Objective, Trial } from '../../engine/study/types';
import type { ParamSpec, ParamValue } from '../../engine/space/types';
import { formatParamValue } from '../common/format';

export type ScoredTrial = Trial & { readonly value: number };

export function completedTrials(trials: readonly Trial[]): ScoredTrial[] {
  return trials.filter((t): t is ScoredTrial => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
}

export interface AxisTick {
  /** 0 (bottom) … 1 (top). */
  readonly position: number;
  readonly label: string;
}

export interface Axis {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical' | 'objective';
  readonly log: boolean;
  readonly ticks: readonly AxisTick[];
  /** Where a value sits on the axis, 0…1; null when the trial has no usable value (e.g. an inactive conditional). */
  readonly position: (value: ParamValue | undefined) => number | null;
}

const levelKey = (value: ParamValue) => `${typeof value}:${String(value)}`;

/**
 * An axis for one parameter over the values the trials actually took. Numeric axes span the observed range
 * (log-scaled for log parameters, so 1e-4…1e-1 spreads evenly) rather than the declared bounds, so a
 * narrow cluster stays readable; categorical axes space every declared choice evenly, in declared order.
 */
export function paramAxis(spec: ParamSpec, values: readonly (ParamValue | undefined)[]): Axis {
  if (spec.kind === 'categorical') {
    const levels = [...spec.choices];
    for (const v of values) if (v !== undefined && !levels.some((l) => levelKey(l) === levelKey(v))) levels.push(v);
    const step = levels.length > 1 ? 1 / (levels.length - 1) : 0;
    const index = new Map(levels.map((l, i) => [levelKey(l), i]));
    const at = (i: number) => (levels.length > 1 ? i * step : 0.5);
    return {
      name: spec.name,
      kind: 'categorical',
      log: false,
      ticks: levels.map((l, i) => ({ position: at(i), label: formatParamValue(l) })),
      position: (v) => (v === undefined ? null : at(index.get(levelKey(v)) ?? 0)),
    };
  }
  const log = spec.log === true;
  return numericAxis(spec.name, 'numeric', log, values.map((v) => (typeof v === 'number' ? v : undefined)));
}

/** The objective's axis over the observed scores (never log: scores may be negative, e.g. R²). */
export function objectiveAxis(name: string, values: readonly number[]): Axis {
  return numericAxis(name, 'objective', false, values);
}

function numericAxis(name: string, kind: 'numeric' | 'objective', log: boolean, values: readonly (number | undefined)[]): Axis {
  const usable = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && (!log || v > 0);
  const scale = (v: number) => (log ? Math.log10(v) : v);
  const scaled = values.filter(usable).map(scale);
  const min = scaled.length > 0 ? Math.min(...scaled) : 0;
  const max = scaled.length > 0 ? Math.max(...scaled) : 1;
  const span = max - min;
  // A single observed value sits mid-axis rather than at an arbitrary end.
  const toPosition = (s: number) => (span > 0 ? (s - min) / span : 0.5);
  const tickValues = span > 0 ? [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * span) : [min];
  return {
    name,
    kind,
    log,
    ticks: tickValues.map((s) => ({ position: toPosition(s), label: formatTick(log ? 10 ** s : s) })),
    position: (v) => (typeof v === 'number' && usable(v) ? toPosition(scale(v)) : null),
  };
}

export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 0.01 || magnitude >= 1e5) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

export interface ParallelLine {
  readonly trial: number;
  readonly value: number;
  /** Position on each axis, parameters first and the objective last; null where the trial lacks the parameter. */
  readonly positions: readonly (number | null)[];
  /** 0 = worst observed score, 1 = best, whichever the direction (drives the colour). */
  readonly quality: number;
}

export interface ParallelData {
  readonly axes: readonly Axis[];
  readonly lines: readonly ParallelLine[];
}

/** Quality 0…1 of each value relative to the observed range, 1 being the best in the study's direction. */
export function qualities(values: readonly number[], direction: Objective['direction']): number[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return values.map(() => 1);
  return values.map((v) => (direction === 'maximize' ? (v - min) / (max - min) : (max - v) / (max - min)));
}

export function parallelCoordinates(params: readonly ParamSpec[], trials: readonly Trial[], objective: Objective, objectiveLabel: string): ParallelData {
  const done = completedTrials(trials);
  const axes = [...params.map((spec) => paramAxis(spec, done.map((t) => t.params[spec.name]))), objectiveAxis(objectiveLabel, done.map((t) => t.value))];
  const quality = qualities(done.map((t) => t.value), objective.direction);
  const lines = done.map((t, i) => ({
    trial: t.number,
    value: t.value,
    positions: axes.map((axis, a) => axis.position(a < params.length ? t.params[params[a]!.name] : t.value)),
    quality: quality[i]!,
  }));
  // Best lines last so they are drawn on top.
  lines.sort((a, b) => a.quality - b.quality || a.trial - b.trial);
  return { axes, lines };
}

/**
 * A sequential colour for a quality 0…1: pale yellow (worst) through teal to deep indigo (best), a
 * viridis-like ramp that stays readable for common colour-vision deficiencies.
 */
export function qualityColour(quality: number): string {
  const stops = [
    [253, 231, 37],
    [33, 145, 140],
    [68, 1, 84],
  ] as const;
  const q = Math.min(1, Math.max(0, Number.isFinite(quality) ? quality : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(q));
  const f = q - i;
  const channel = (c: 0 | 1 | 2) => Math.round(stops[i]![c] + f * (stops[i + 1]![c] - stops[i]![c]));
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export interface SlicePoint {
  readonly trial: number;
  /** The parameter's value on a numeric axis: itself for numbers, the level's index for categories. */
  readonly x: number;
  readonly label: string;
  readonly value: number;
}

export interface SliceData {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly log: boolean;
  /** Category names by index, for categorical parameters; empty otherwise. */
  readonly levels: readonly string[];
  readonly points: readonly SlicePoint[];
}

/** Per parameter, one point per complete trial that has the parameter: (value, objective). */
export function slicePlots(params: readonly ParamSpec[], trials: readonly Trial[]): SliceData[] {
  const done = completedTrials(trials);
  return params.map((spec) => {
    const present = done.filter((t) => t.params[spec.name] !== undefined);
    if (spec.kind === 'categorical') {
      const levels = [...spec.choices];
      for (const t of present) if (!levels.some((l) => levelKey(l) === levelKey(t.params[spec.name]!))) levels.push(t.params[spec.name]!);
      const index = new Map(levels.map((l, i) => [levelKey(l), i]));
      return {
        name: spec.name,
        kind: 'categorical' as const,
        log: false,
        levels: levels.map(formatParamValue),
        points: present.map((t) => ({ trial: t.number, x: index.get(levelKey(t.params[spec.name]!))!, label: formatParamValue(t.params[spec.name]!), value: t.value })),
      };
    }
    const log = spec.log === true;
    const numeric = present.filter((t) => {
      const v = t.params[spec.name];
      return typeof v === 'number' && Number.isFinite(v) && (!log || v > 0);
    });
    return {
      name: spec.name,
      kind: 'numeric' as const,
      log,
      levels: [],
      points: numeric.map((t) => ({ trial: t.number, x: t.params[spec.name] as number, label: formatParamValue(t.params[spec.name]!), value: t.value })),
    };
  });
}
