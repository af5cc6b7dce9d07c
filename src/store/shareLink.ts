/**
 * Share links: a study's configuration (built-in dataset, target, task, preset, search space, sampler,
 * pruner, budgets, seed, objective, workers) packed into a URL fragment, `#share=<payload>`, so a person
 * can send someone else the exact search they ran. The fragment is never sent to the server hosting the
 * page and cannot collide with the automation query parameters (urlParams.ts).
 *
 * Payload: a version marker, then base64url of the JSON. `z1.` marks deflate-raw compressed JSON
 * (CompressionStream); `j1.` plain JSON, written where the browser lacks CompressionStream. Null settings
 * are left out of the JSON to keep links short.
 *
 * A link is untrusted input: `decodeShareLink` checks every field against a strict schema (known keys only,
 * bounded strings and numbers, known names, the search space through the same parser and model checks as
 * `space=`) and returns either the configuration or every problem it found. It never throws.
 */
import { findBuiltin } from '../data/builtins';
import type { TaskChoice } from '../data/profile';
import { PRUNER_KINDS, type PrunerKind } from '../engine/pruners/types';
import { SAMPLER_KINDS } from '../engine/samplers/registry';
import type { SamplerKind } from '../engine/samplers/types';
import { parseSpace } from '../engine/space/parse';
import type { SearchSpace } from '../engine/space/types';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MetricName } from '../metrics/metrics';
import { modelSpaceProblems } from '../search/modelSpec';
import { findPreset } from '../search/presets';
import { MAX_SPACE_PARAM_LENGTH } from './urlParams';

export interface SharedStudyConfig {
  /** A built-in dataset id: a dropped file cannot travel in a link. */
  readonly dataset: string;
  /** Null: the dataset's own target. */
  readonly target: string | null;
  readonly task: TaskChoice;
  readonly preset: string;
  /** Null (like the other nullable settings): the preset's own. */
  readonly space: SearchSpace | null;
  readonly sampler: SamplerKind | null;
  readonly pruner: PrunerKind | null;
  readonly trials: number | null;
  readonly epochs: number | null;
  readonly minutes: number | null;
  readonly seed: number;
  /** Null: the task's default objective. */
  readonly objective: MetricName | null;
  readonly workers: number | null;
}

export type ShareDecodeResult = { readonly ok: true; readonly config: SharedStudyConfig } | { readonly ok: false; readonly problems: readonly string[] };

export class ShareLinkError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot make a share link: ${problems.join('; ')}`);
    this.name = 'ShareLinkError';
  }
}

export const SHARE_PARAM = 'share';
/** The same ceiling as `space=`: a link is no place for megabytes. */
export const MAX_SHARE_LENGTH = MAX_SPACE_PARAM_LENGTH;
/** Decompressed JSON is capped too, so a tiny payload cannot inflate into a huge one. */
export const MAX_SHARE_JSON_BYTES = 64 * 1024;
const MAX_TARGET_LENGTH = 200;
const TASK_CHOICES: readonly TaskChoice[] = ['auto', 'classification', 'regression'];
const KEYS = ['dataset', 'target', 'task', 'preset', 'space', 'sampler', 'pruner', 'trials', 'epochs', 'minutes', 'seed', 'objective', 'workers'] as const;
/** The integer settings and their ranges, as in urlParams.ts. */
const INTEGER_RANGES = { trials: [1, 10_000], epochs: [1, 10_000], minutes: [1, 24 * 60], seed: [0, 2 ** 31 - 1], workers: [1, 16] } as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Checks an already-parsed value; collects every problem instead of stopping at the first. */
export function validateSharedConfig(raw: unknown): ShareDecodeResult {
  if (!isRecord(raw)) return { ok: false, problems: ['the link does not hold a configuration object'] };
  const problems: string[] = [];
  for (const key of Object.keys(raw)) if (!(KEYS as readonly string[]).includes(key)) problems.push(`unknown field "${key.slice(0, 40)}"`);
  const text = (key: string, ok: (s: string) => boolean, what: string): string | null => {
    const v = raw[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' && ok(v)) return v;
    problems.push(`"${key}" ${what}`);
    return null;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | null =>
    text(key, (s) => (allowed as readonly string[]).includes(s), `must be one of ${allowed.join(', ')}`) as T | null;
  const integer = (key: keyof typeof INTEGER_RANGES): number | null => {
    const v = raw[key];
    const [min, max] = INTEGER_RANGES[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    problems.push(`"${key}" must be a whole number from ${min} to ${max}`);
    return null;
  };

  const dataset = text('dataset', (s) => findBuiltin(s) !== undefined, 'must name a built-in dataset');
  if (raw['dataset'] === undefined || raw['dataset'] === null) problems.push('"dataset" is missing');
  const target = text('target', (s) => s.length > 0 && s.length <= MAX_TARGET_LENGTH, `must be 1–${MAX_TARGET_LENGTH} characters`);
  const task = oneOf('task', TASK_CHOICES) ?? 'auto';
  const preset = text('preset', (s) => findPreset(s) !== undefined, 'must name a known preset');
  if (raw['preset'] === undefined || raw['preset'] === null) problems.push('"preset" is missing');
  const sampler = oneOf('sampler', SAMPLER_KINDS);
  const pruner = oneOf('pruner', PRUNER_KINDS);
  const metrics: readonly MetricName[] = task === 'classification' ? CLASSIFICATION_METRICS : task === 'regression' ? REGRESSION_METRICS : [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];
  const objective = oneOf('objective', metrics);
  const seed = integer('seed');
  if (raw['seed'] === undefined || raw['seed'] === null) problems.push('"seed" is missing');
  let space: SearchSpace | null = null;
  if (raw['space'] !== undefined && raw['space'] !== null) {
    try {
      space = parseSpace(raw['space']);
      const modelProblems = modelSpaceProblems(space);
      if (modelProblems.length > 0) problems.push(...modelProblems.map((p) => `space: ${p}`));
    } catch (error) {
      problems.push(`space: ${errorText(error)}`);
    }
  }
  const trials = integer('trials');
  const epochs = integer('epochs');
  const minutes = integer('minutes');
  const workers = integer('workers');
  if (problems.length > 0 || dataset === null || preset === null || seed === null) return { ok: false, problems };
  return { ok: true, config: { dataset, target, task, preset, space, sampler, pruner, trials, epochs, minutes, seed, objective, workers } };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const canCompress = () => typeof CompressionStream !== 'undefined' && typeof DecompressionStream !== 'undefined';

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, giving up (null) on corrupt data or once the output passes `limit` bytes. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** JSON without the null settings and the default task, so links stay short. */
function compactJson(config: SharedStudyConfig): string {
  const entries = KEYS.map((k) => [k, config[k]] as const).filter(([k, v]) => v !== null && !(k === 'task' && v === 'auto'));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The link payload for a configuration; throws ShareLinkError if the configuration is invalid or too long. */
export async function encodeShareLink(config: SharedStudyConfig, options: { readonly compress?: boolean } = {}): Promise<string> {
  const checked = validateSharedConfig(JSON.parse(compactJson(config)));
  if (!checked.ok) throw new ShareLinkError(checked.problems);
  const json = new TextEncoder().encode(compactJson(config));
  const payload = (options.compress ?? canCompress()) ? `z1.${toBase64Url(await deflate(json))}` : `j1.${toBase64Url(json)}`;
  if (payload.length > MAX_SHARE_LENGTH) throw new ShareLinkError([`the link would be ${payload.length} characters, over the ${MAX_SHARE_LENGTH} allowed (try a smaller search space)`]);
  return payload;
}

/** Reads a payload back; every failure is a list of problems in words, never an exception. */
export async function decodeShareLink(text: string): Promise<ShareDecodeResult> {
  const fail = (problem: string): ShareDecodeResult => ({ ok: false, problems: [problem] });
  try {
    if (typeof text !== 'string') return fail('the link is not text');
    if (text.length > MAX_SHARE_LENGTH) return fail(`the link is ${text.length} characters, over the ${MAX_SHARE_LENGTH} allowed`);
    const match = /^(z1|j1)\.(.*)$/s.exec(text);
    if (!match) return fail('this is not a Sweeplab share link (or it was made by a newer version)');
    const bytes = fromBase64Url(match[2]!);
    if (bytes === null) return fail('the link is damaged (not base64url)');
    const json = match[1] === 'z1' ? (canCompress() ? await inflate(bytes, MAX_SHARE_JSON_BYTES) : null) : bytes.length <= MAX_SHARE_JSON_BYTES ? bytes : null;
    if (json === null) return fail(canCompress() || match[1] !== 'z1' ? 'the link is damaged (it does not unpack)' : 'this browser cannot unpack compressed links');
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    } catch {
      return fail('the link is damaged (its contents are not JSON)');
    }
    return validateSharedConfig(raw);
  } catch (error) {
    return fail(`the link could not be read (${errorText(error)})`);
  }
}

/**
 * The page's origin and path (from `base`, the page URL) with the payload as its fragment. The sharer's
 * query is left out: it may hold `autostart=1` or other automation parameters, and the link carries the
 * whole configuration in its fragment anyway.
 */
export function shareUrl(base: string, payload: string): string {
  return `${base.split('#')[0]!.split('?')[0]}#${SHARE_PARAM}=${payload}`;
}

/** The payload in a location's fragment (`#share=…`), or null when there is none. */
export function readShareParam(hash: string): string | null {
  const value = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get(SHARE_PARAM);
  return value === null || value === '' ? null : value;
}
