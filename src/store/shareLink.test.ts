import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS } from '../data/builtins';
import { PRUNER_KINDS } from '../engine/pruners/types';
import { SAMPLER_KINDS } from '../engine/samplers/registry';
import type { ParamSpec } from '../engine/space/types';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../metrics/metrics';
import { PRESETS } from '../search/presets';
import { decodeShareLink, encodeShareLink, MAX_SHARE_LENGTH, readShareParam, ShareLinkError, shareUrl, type SharedStudyConfig } from './shareLink';

const base: SharedStudyConfig = {
  dataset: 'iris',
  target: null,
  task: 'auto',
  preset: 'seed-grid',
  space: null,
  sampler: null,
  pruner: null,
  trials: null,
  epochs: null,
  minutes: null,
  seed: 42,
  objective: null,
  workers: null,
};

const toBase64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x + 0);
const paramAt = (i: number): fc.Arbitrary<ParamSpec> =>
  fc.oneof(
    fc.uniqueArray(fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -100, max: 100 }), fc.boolean()), { minLength: 1, maxLength: 4 }).map((choices) => ({ name: `x${i}`, kind: 'categorical' as const, choices })),
    fc.tuple(finite, finite).map(([a, b]) => ({ name: `x${i}`, kind: 'float' as const, low: Math.min(a, b), high: Math.max(a, b) })),
    fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 })).map(([low, span]) => ({ name: `x${i}`, kind: 'int' as const, low, high: low + span, log: true })),
  );
const spaceArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => paramAt(i))).map((params) => ({ params })));
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const configArb: fc.Arbitrary<SharedStudyConfig> = fc.constantFrom('auto' as const, 'classification' as const, 'regression' as const).chain((task) =>
  fc.record({
    dataset: fc.constantFrom(...BUILTIN_DATASETS.map((d) => d.id)),
    target: nullable(fc.string({ minLength: 1, maxLength: 200 })),
    task: fc.constant(task),
    preset: fc.constantFrom(...PRESETS.map((p) => p.id)),
    space: nullable(spaceArb),
    sampler: nullable(fc.constantFrom(...SAMPLER_KINDS)),
    pruner: nullable(fc.constantFrom(...PRUNER_KINDS)),
    trials: nullable(fc.integer({ min: 1, max: 10_000 })),
    epochs: nullable(fc.integer({ min: 1, max: 10_000 })),
    minutes: nullable(fc.integer({ min: 1, max: 1440 })),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    objective: nullable(fc.constantFrom(...(task === 'classification' ? CLASSIFICATION_METRICS : task === 'regression' ? REGRESSION_METRICS : [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]))),
    workers: nullable(fc.integer({ min: 1, max: 16 })),
  }),
);

describe('share links', () => {
  it('round-trips a configuration, compressed and plain', async () => {
    const config: SharedStudyConfig = {
      ...base,
      dataset: 'wine',
      target: 'target',
      task: 'classification',
      space: { params: [{ name: 'optimizer', kind: 'categorical', choices: ['adam', 'sgd'] }] },
      sampler: 'tpe',
      pruner: 'asha',
      trials: 20,
      epochs: 30,
      minutes: 5,
      objective: 'macro_f1',
      workers: 2,
    };
    const zipped = await encodeShareLink(config);
    expect(zipped).toMatch(/^z1\.[A-Za-z0-9_-]+$/);
    const plain = await encodeShareLink(config, { compress: false });
    expect(plain).toMatch(/^j1\./);
    expect(await decodeShareLink(zipped)).toEqual({ ok: true, config });
    expect(await decodeShareLink(plain)).toEqual({ ok: true, config });
    expect(await decodeShareLink(await encodeShareLink(base))).toEqual({ ok: true, config: base });
  });

  it('puts the payload in the fragment of the page address without its query, and reads it back', async () => {
    const payload = await encodeShareLink(base);
    const url = shareUrl('https://example.org/sweeplab/?dataset=iris&autostart=1#old', payload);
    expect(url).toBe(`https://example.org/sweeplab/#share=${payload}`);
    expect(shareUrl('https://example.org/sweeplab/index.html?autostart=1?x=#a?b', payload)).toBe(`https://example.org/sweeplab/index.html#share=${payload}`);
    expect(shareUrl('http://localhost:4173/', payload)).toBe(`http://localhost:4173/#share=${payload}`);
    expect(readShareParam(new URL(url).hash)).toBe(payload);
    expect(readShareParam('')).toBeNull();
    expect(readShareParam('#other=1')).toBeNull();
  });

  it('names every problem of an invalid configuration', async () => {
    const raw = { dataset: '../etc', preset: 'nope', seed: -1, trials: 1.5, workers: 99, task: 'vision', sampler: 'bayes', extra: 1, space: { params: [{ name: 'activation', kind: 'categorical', choices: ['sparkle'] }] } };
    const result = await decodeShareLink(`j1.${toBase64Url(JSON.stringify(raw))}`);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.join(' | ');
    for (const bit of ['unknown field "extra"', '"dataset" must name a built-in dataset', '"preset" must name', '"seed" must be a whole number', '"trials"', '"workers"', '"task" must be one of', '"sampler" must be one of', 'space: "activation" takes']) {
      expect(problems).toContain(bit);
    }
  });

  it('refuses an objective that does not fit the chosen task, and malformed spaces', async () => {
    const wrong = await decodeShareLink(`j1.${toBase64Url(JSON.stringify({ dataset: 'iris', preset: 'seed-grid', seed: 1, task: 'regression', objective: 'accuracy' }))}`);
    expect(wrong).toEqual({ ok: false, problems: ['"objective" must be one of r2, rmse, mae'] });
    const space = await decodeShareLink(`j1.${toBase64Url(JSON.stringify({ dataset: 'iris', preset: 'seed-grid', seed: 1, space: { params: 5 } }))}`);
    expect(space.ok ? '' : space.problems[0]).toMatch(/^space: .*"params" list/);
    // A range arithmetic cannot step through is refused as the link is read, naming the parameter.
    const unsteppable = await decodeShareLink(`j1.${toBase64Url(JSON.stringify({ dataset: 'iris', preset: 'seed-grid', seed: 1, space: { params: [{ name: 'x', kind: 'int', low: 1e300, high: 1e300 }] } }))}`);
    expect(unsteppable.ok ? '' : unsteppable.problems[0]).toMatch(/^space: .*"x" is an integer parameter with bounds beyond/);
  });

  it('refuses damaged, foreign, oversized and inflating links with a reason', async () => {
    const reasons = async (text: string) => {
      const r = await decodeShareLink(text);
      return r.ok ? 'ok' : r.problems.join(' ');
    };
    expect(await reasons('')).toMatch(/not a Sweeplab share link/);
    expect(await reasons('z2.abc')).toMatch(/newer version/);
    expect(await reasons('z1.@@@')).toMatch(/not base64url/);
    expect(await reasons('z1.AAAA')).toMatch(/does not unpack/);
    expect(await reasons(`j1.${toBase64Url('{oops')}`)).toMatch(/not JSON/);
    expect(await reasons(`j1.${toBase64Url('[1]')}`)).toMatch(/configuration object/);
    expect(await reasons(`z1.${'A'.repeat(MAX_SHARE_LENGTH)}`)).toMatch(/over the 8000 allowed/);
    // A few hundred bytes of zeros that would inflate to a megabyte.
    const bomb = new Uint8Array(await new Response(new Blob([new Uint8Array(1 << 20)]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    expect(await reasons(`z1.${Buffer.from(bomb).toString('base64url')}`)).toMatch(/does not unpack/);
  });

  it('will not make a link it could not read back', async () => {
    await expect(encodeShareLink({ ...base, dataset: 'mine.csv' })).rejects.toBeInstanceOf(ShareLinkError);
    const huge = { params: Array.from({ length: 60 }, (_, i) => ({ name: `p${i}`, kind: 'categorical' as const, choices: Array.from({ length: 200 }, (_, j) => `${i}-${j}-${(i * 7919 + j * 104729) % 99991}`) })) };
    await expect(encodeShareLink({ ...base, space: huge })).rejects.toThrow(/over the 8000 allowed/);
  });

  it('never throws on any text (property)', async () => {
    const payloads = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.tuple(fc.constantFrom('z1.', 'j1.'), fc.base64String({ maxLength: 200 })).map(([p, b]) => p + b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
      fc.tuple(fc.constantFrom('z1.', 'j1.'), fc.uint8Array({ maxLength: 200 })).map(([p, b]) => p + Buffer.from(b).toString('base64url')),
      fc.json().map((j) => `j1.${toBase64Url(j)}`),
      fc.object().map((o) => `j1.${toBase64Url(JSON.stringify(o) ?? 'null')}`),
    );
    await fc.assert(
      fc.asyncProperty(payloads, async (text) => {
        const result = await decodeShareLink(text);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips random valid configurations (property)', async () => {
    await fc.assert(
      fc.asyncProperty(configArb, fc.boolean(), async (config, compress) => {
        const payload = await encodeShareLink(config, { compress });
        expect(payload.length).toBeLessThanOrEqual(MAX_SHARE_LENGTH);
        expect(await decodeShareLink(payload)).toEqual({ ok: true, config });
      }),
      { numRuns: 150 },
    );
  });
});
