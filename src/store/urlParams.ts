/**
 * Reads the URL parameters of the automation contract (README): dataset, preset, seed, trials, epochs,
 * backend, sampler, pruner, workers, group, minutes, space, objective, validation and autostart. Unknown or malformed values are reported as notices, never thrown.
 * A notice quotes at most MAX_ECHO characters of the value it refuses: a link is written by anyone, and a
 * megabyte of it should not fill the page.
 * `autostart=1` starts a study only where automation drives the page (autostartAction): anyone can write a
 * link, so a person is asked first.
 */
import { findBuiltin } from '../data/builtins';
import { isBackendPreference, type BackendPreference } from '../protocol/backend';
import { modelSpaceProblems } from '../search/modelSpec';
import { findPreset } from '../search/presets';
import { PRUNER_KINDS, type PrunerKind } from '../engine/pruners/types';
import { SAMPLER_KINDS } from '../engine/samplers/registry';
import type { SamplerKind } from '../engine/samplers/types';
import { parseSpaceJson } from '../engine/space/parse';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MetricName } from '../metrics/metrics';
import type { SearchSpace } from '../engine/space/types';
import { VALIDATION_CHOICES, type ValidationChoice } from '../search/config';

/** The largest search seed a URL or the seed field accepts. */
export const MAX_SEED = 2 ** 31 - 1;

/** Larger groups gain little (the stack's cost grows with K) and hold K models' memory at once. */
export const MAX_GROUP_SIZE = 64;

/** The most characters of a URL value a notice repeats; longer values end in an ellipsis. */
export const MAX_ECHO = 80;

/** `text` cut to `max` characters plus '…' when longer, never splitting a surrogate pair. */
function clip(text: string, max = MAX_ECHO): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]$/.test(text.slice(0, max)) ? max - 1 : max;
  return `${text.slice(0, cut)}…`;
}

export interface UrlOptions {
  readonly dataset: string | null;
  readonly preset: string | null;
  readonly seed: number | null;
  readonly trials: number | null;
  readonly epochs: number | null;
  readonly backend: BackendPreference | null;
  readonly sampler: SamplerKind | null;
  readonly pruner: PrunerKind | null;
  readonly workers: number | null;
  /** Most trials a worker trains together as one computation; 1 trains each alone. */
  readonly group: number | null;
  readonly minutes: number | null;
  readonly space: SearchSpace | null;
  readonly objective: MetricName | null;
  /** How trials are validated, overriding the preset: holdout, cv3, cv5 or cv10. */
  readonly validation: ValidationChoice | null;
  readonly autostart: boolean;
  /** Problems found, in words for the page. */
  readonly notices: readonly string[];
}

function positiveInt(params: URLSearchParams, name: string, max: number, notices: string[], min = 1): number | null {
  const raw = params.get(name);
  if (raw === null) return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    notices.push(`Ignored ${name}=${clip(raw)}: expected a whole number from ${min} to ${max}.`);
    return null;
  }
  return value;
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], notices: string[]): T | null {
  const raw = params.get(name);
  if (raw === null) return null;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  notices.push(`Unknown ${name} "${clip(raw)}"; use ${allowed.join(', ')}.`);
  return null;
}

/** Longer `space=` values are refused before parsing: a link is no place for megabytes of JSON. */
export const MAX_SPACE_PARAM_LENGTH = 8000;
/** Room enough for a few of a space's problems, each naming its parameter. */
const MAX_SPACE_NOTICE = 400;

function spaceParam(params: URLSearchParams, notices: string[]): SearchSpace | null {
  const raw = params.get('space');
  if (raw === null) return null;
  if (raw.length > MAX_SPACE_PARAM_LENGTH) {
    notices.push(`Ignored space: ${raw.length} characters is over the ${MAX_SPACE_PARAM_LENGTH} allowed.`);
    return null;
  }
  try {
    const space = parseSpaceJson(raw);
    const problems = modelSpaceProblems(space);
    if (problems.length === 0) return space;
    notices.push(`Ignored space: ${clip(problems.join('; '), MAX_SPACE_NOTICE)}`);
    return null;
  } catch (error) {
    // A space's problems quote its names and values (up to MAX_SPACE_PARAM_LENGTH of them), so they are clipped too.
    notices.push(`Ignored space: ${clip(error instanceof Error ? error.message : String(error), MAX_SPACE_NOTICE)}`);
    return null;
  }
}

/**
 * What a link's `autostart=1` does: 'start' under automation (navigator.webdriver: the Playwright journeys
 * and benchmarks, which must run unattended), 'ask' for a person (a link from anyone must not spend their
 * machine's time unasked), 'none' without autostart.
 */
export function autostartAction(autostart: boolean, automated: boolean): 'start' | 'ask' | 'none' {
  if (!autostart) return 'none';
  return automated ? 'start' : 'ask';
}

/** The question the page asks before a link's autostart: what would run, on what. */
export function autostartQuestion(datasetName: string, presetLabel: string): string {
  return `This link asks to start a search on ${clip(datasetName)} with ${clip(presetLabel)}.`;
}

export function parseUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const notices: string[] = [];
  let dataset = params.get('dataset');
  if (dataset !== null && !findBuiltin(dataset)) {
    notices.push(`Unknown dataset "${clip(dataset)}"; choose one of the built-in datasets or drop a file.`);
    dataset = null;
  }
  let preset = params.get('preset');
  if (preset !== null && !findPreset(preset)) {
    notices.push(`Unknown preset "${clip(preset)}".`);
    preset = null;
  }
  const rawBackend = params.get('backend');
  let backend: BackendPreference | null = null;
  if (rawBackend !== null) {
    if (isBackendPreference(rawBackend)) backend = rawBackend;
    else notices.push(`Unknown backend "${clip(rawBackend)}"; use auto, webgpu, webgl, wasm or cpu.`);
  }
  const sampler = oneOf(params, 'sampler', SAMPLER_KINDS, notices);
  const pruner = oneOf(params, 'pruner', PRUNER_KINDS, notices);
  return {
    dataset,
    preset,
    seed: positiveInt(params, 'seed', MAX_SEED, notices, 0),
    trials: positiveInt(params, 'trials', 10_000, notices),
    epochs: positiveInt(params, 'epochs', 10_000, notices),
    backend,
    sampler,
    pruner,
    workers: positiveInt(params, 'workers', 16, notices),
    group: positiveInt(params, 'group', MAX_GROUP_SIZE, notices),
    minutes: positiveInt(params, 'minutes', 24 * 60, notices),
    space: spaceParam(params, notices),
    objective: oneOf(params, 'objective', [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS], notices),
    validation: oneOf(params, 'validation', VALIDATION_CHOICES, notices),
    autostart: params.get('autostart') === '1',
    notices,
  };
}
