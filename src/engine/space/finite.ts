/**
 * Finite search spaces. A space is finite when every parameter that can be active takes finitely many
 * values (categorical, int, or float with a step). Samplers use this module to avoid training the same
 * configuration twice and to say when a finite space has been spent, so it must stay cheap for spaces of any
 * size: points are counted arithmetically (never by building them) and walked lazily, one at a time.
 *
 * Conditional parameters: a parameter inactive under a parent's value adds no variety there, so the count
 * is a sum over the parents' values. Only values that change some condition's outcome need telling apart,
 * so each parent's values are grouped into classes that every condition on it treats alike; an int range
 * of a million values under one `atLeast` condition is two classes, not a million branches.
 */
import { conditionHolds, isActive } from './conditions';
import { valueAt, valueCount } from './sample';
import type { Condition, ParamSpec, ParamSet, ParamValue, SearchSpace } from './types';

/** Above this many points a space counts as infinite: nobody trains a billion trials, and doubles stay exact. */
export const MAX_FINITE_SIZE = 1e9;

/** A parameter with at most this many values is classified value by value; above, by its condition thresholds. */
const CLASSIFY_EACH_VALUE = 10_000;

interface ValueClass {
  readonly count: number;
  /** Any value of the class: every condition on the parameter holds for all of them or for none. */
  readonly representative: ParamValue;
}

/** The parameter's values grouped by the outcomes of `conditions` (all of which refer to it). */
function valueClasses(param: ParamSpec, conditions: readonly Condition[]): ValueClass[] {
  const count = valueCount(param);
  const signature = (value: ParamValue) => conditions.map((c) => (conditionHolds(c, { [param.name]: value }) ? '1' : '0')).join('');
  const classes = new Map<string, { count: number; representative: ParamValue }>();
  const add = (value: ParamValue, n: number) => {
    const key = signature(value);
    const known = classes.get(key);
    if (known) known.count += n;
    else classes.set(key, { count: n, representative: value });
  };
  if (param.kind === 'categorical' || count <= CLASSIFY_EACH_VALUE) {
    for (let k = 0; k < count; k++) add(valueAt(param, k), 1);
    return [...classes.values()];
  }
  // A long numeric range: outcomes can only change near a threshold (atLeast) or at one value (equals). The
  // index of each is computed in floating point, so the neighbours on either side get their own segments.
  const step = param.step ?? 1;
  const cuts = new Set([0, count]);
  for (const c of conditions) {
    if (typeof c.value !== 'number') continue; // an `equals` with a string never holds for a number
    const k = c.kind === 'atLeast' ? Math.ceil((c.value - param.low) / step) : Math.round((c.value - param.low) / step);
    for (let d = -1; d <= 2; d++) cuts.add(Math.min(count, Math.max(0, k + d)));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < sorted.length; i++) add(valueAt(param, sorted[i]!), sorted[i + 1]! - sorted[i]!);
  return [...classes.values()];
}

const sizes = new WeakMap<SearchSpace, number>();

/**
 * How many distinct configurations the space holds, or Infinity when a continuous float can be active or the
 * count passes MAX_FINITE_SIZE. The space is assumed valid (validateSpace).
 */
export function finiteSize(space: SearchSpace): number {
  const cached = sizes.get(space);
  if (cached !== undefined) return cached;
  const { params } = space;
  // Conditions on each parameter, and which parameters later ones still refer to (what a branch must remember).
  const conditionsOn = new Map<string, Condition[]>();
  for (const p of params) if (p.condition) conditionsOn.set(p.condition.param, [...(conditionsOn.get(p.condition.param) ?? []), p.condition]);
  const liveFrom = params.map((_, i) => [...new Set(params.slice(i).flatMap((p) => (p.condition ? [p.condition.param] : [])))]);
  const memo = new Map<string, number>();

  const countFrom = (i: number, parents: Record<string, ParamValue>): number => {
    if (i === params.length) return 1;
    const key = `${i}|${JSON.stringify(liveFrom[i]!.map((name) => parents[name] ?? null))}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const param = params[i]!;
    let total: number;
    if (!isActive(param, parents)) total = countFrom(i + 1, parents);
    else if (!Number.isFinite(valueCount(param))) total = Number.POSITIVE_INFINITY;
    else {
      const conditions = conditionsOn.get(param.name);
      if (!conditions) total = valueCount(param) * countFrom(i + 1, parents);
      else {
        total = 0;
        for (const cls of valueClasses(param, conditions)) total += cls.count * countFrom(i + 1, { ...parents, [param.name]: cls.representative });
      }
    }
    memo.set(key, total);
    return total;
  };
  const total = countFrom(0, {});
  const size = total > MAX_FINITE_SIZE ? Number.POSITIVE_INFINITY : total;
  sizes.set(space, size);
  return size;
}

function inDomain(param: ParamSpec, value: ParamValue): boolean {
  if (param.kind === 'categorical') return param.choices.includes(value);
  if (typeof value !== 'number' || value < param.low || value > param.high) return false;
  if (param.kind === 'float' && param.step === undefined) return true;
  const k = Math.round((value - param.low) / (param.step ?? 1));
  return k >= 0 && k < valueCount(param) && valueAt(param, k) === value;
}

/**
 * Whether `params` is exactly one configuration of the space: every active parameter present with a value
 * the space allows, nothing else. A warm start that sets a parameter outside the space is not a point of it.
 */
export function isPointOf(space: SearchSpace, params: ParamSet): boolean {
  const values: Record<string, ParamValue> = {};
  for (const param of space.params) {
    const value = params[param.name];
    if (!isActive(param, values)) {
      if (value !== undefined) return false;
      continue;
    }
    if (value === undefined || !inDomain(param, value)) return false;
    values[param.name] = value;
  }
  return Object.keys(params).length === Object.keys(values).length;
}

/**
 * Every configuration of a finite space, lazily, in grid order (the first parameter varies slowest, as in
 * enumerateGrid). Throws on reaching a continuous float.
 */
export function* finitePoints(space: SearchSpace): Generator<ParamSet> {
  const { params } = space;
  const partial: Record<string, ParamValue> = {};
  function* visit(i: number): Generator<ParamSet> {
    if (i === params.length) {
      yield { ...partial };
      return;
    }
    const param = params[i]!;
    if (!isActive(param, partial)) {
      yield* visit(i + 1);
      return;
    }
    const count = valueCount(param);
    if (!Number.isFinite(count)) throw new RangeError(`"${param.name}" is a continuous float: the space is not finite`);
    for (let k = 0; k < count; k++) {
      partial[param.name] = valueAt(param, k);
      yield* visit(i + 1);
    }
    delete partial[param.name];
  }
  yield* visit(0);
}
