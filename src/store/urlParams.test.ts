import { describe, expect, it } from 'vitest';
import { autostartAction, autostartQuestion, MAX_ECHO, parseUrlOptions } from './urlParams';

describe('parseUrlOptions', () => {
  it('reads the automation contract', () => {
    expect(parseUrlOptions('?dataset=iris&preset=seed-autokeras&seed=7&trials=3&epochs=5&backend=wasm&sampler=tpe&pruner=hyperband&workers=2&group=4&minutes=3&validation=cv5&autostart=1')).toEqual({
      dataset: 'iris',
      preset: 'seed-autokeras',
      seed: 7,
      trials: 3,
      epochs: 5,
      backend: 'wasm',
      sampler: 'tpe',
      pruner: 'hyperband',
      workers: 2,
      group: 4,
      minutes: 3,
      space: null,
      objective: null,
      validation: 'cv5',
      autostart: true,
      notices: [],
    });
  });

  it('ignores bad values with a notice for each, never throwing', () => {
    const options = parseUrlOptions('?dataset=../etc&preset=nope&seed=-1&trials=1.5&epochs=x&backend=tpu&sampler=bayes&pruner=x&workers=0&group=0&minutes=-2&validation=cv7&autostart=yes');
    expect(options).toMatchObject({ dataset: null, preset: null, seed: null, trials: null, epochs: null, backend: null, sampler: null, pruner: null, workers: null, group: null, minutes: null, autostart: false });
    expect(options.notices).toHaveLength(12);
    expect(options.notices.join(' ')).toContain('Unknown dataset "../etc"');
    expect(options.notices.join(' ')).toContain('Ignored trials=1.5');
  });

  it('echoes at most MAX_ECHO characters of a refused value, whole characters only', () => {
    const long = 'a'.repeat(100_000);
    const options = parseUrlOptions(`?dataset=${long}&preset=${long}&seed=${long}&backend=${long}&sampler=${long}`);
    expect(options.notices).toHaveLength(5);
    for (const notice of options.notices) {
      expect(notice).toContain(`${'a'.repeat(MAX_ECHO)}…`);
      expect(notice).not.toContain('a'.repeat(MAX_ECHO + 1));
      expect(notice.length).toBeLessThan(MAX_ECHO + 100);
    }
    // An emoji straddling the cut is dropped whole rather than left as half a surrogate pair.
    const [notice] = parseUrlOptions(`?dataset=${encodeURIComponent('b'.repeat(MAX_ECHO - 1) + '😀x')}`).notices;
    expect(notice).toBe(`Unknown dataset "${'b'.repeat(MAX_ECHO - 1)}…"; choose one of the built-in datasets or drop a file.`);
    expect(parseUrlOptions('?trials=abc').notices).toEqual(['Ignored trials=abc: expected a whole number from 1 to 10000.']);
  });

  it('clips a long space refusal too', () => {
    const params = Array.from({ length: 60 }, (_, i) => ({ name: `p${'x'.repeat(60)}${i}`, kind: 'int', low: 5, high: 1 }));
    const [notice] = parseUrlOptions(`?space=${encodeURIComponent(JSON.stringify({ params }))}`).notices;
    expect(notice).toMatch(/^Ignored space: Invalid search space: "px+0" has low=5 above high=1; .*…$/);
    expect(notice!.length).toBeLessThanOrEqual('Ignored space: '.length + 401);
  });

  it('reads a search space and refuses malformed or oversized ones', () => {
    const space = { params: [{ name: 'optimizer', kind: 'categorical', choices: ['adam', 'sgd'] }] };
    expect(parseUrlOptions(`?space=${encodeURIComponent(JSON.stringify(space))}`).space).toEqual(space);
    const bad = parseUrlOptions('?space=%7B%22params%22%3A5%7D');
    expect(bad.space).toBeNull();
    expect(bad.notices[0]).toMatch(/Ignored space: .*"params" list/);
    const unsteppable = parseUrlOptions(`?space=${encodeURIComponent('{"params":[{"name":"x","kind":"float","low":1e300,"high":1e300,"step":1}]}')}`);
    expect(unsteppable.space).toBeNull();
    expect(unsteppable.notices[0]).toMatch(/Ignored space: .*"x" has step=1, which does not move/);
    const huge = parseUrlOptions(`?space=${'x'.repeat(9000)}`);
    expect(huge.notices[0]).toMatch(/9000 characters/);
  });

  it('has defaults for an empty query', () => {
    expect(parseUrlOptions('')).toMatchObject({ dataset: null, autostart: false, notices: [] });
  });
});

describe('autostartAction', () => {
  it('starts a link study unasked only under automation, asks a person, and does nothing without autostart', () => {
    expect(autostartAction(true, true)).toBe('start');
    expect(autostartAction(true, false)).toBe('ask');
    expect(autostartAction(false, false)).toBe('none');
    expect(autostartAction(false, true)).toBe('none');
    expect(autostartAction(parseUrlOptions('?dataset=iris&autostart=1').autostart, false)).toBe('ask');
  });

  it('asks with the dataset and preset named, clipped like any echoed link value', () => {
    expect(autostartQuestion('Iris', 'Quick')).toBe('This link asks to start a search on Iris with Quick.');
    expect(autostartQuestion('x'.repeat(500), 'Quick').length).toBeLessThan(MAX_ECHO + 60);
  });
});
