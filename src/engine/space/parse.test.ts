import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpace, parseSpaceJson } from './parse';
import { SearchSpaceError } from './validate';

describe('parseSpace', () => {
  it('round-trips a valid space through JSON', () => {
    const space = {
      params: [
        { name: 'layers', kind: 'int', low: 1, high: 3 },
        { name: 'units_2', kind: 'categorical', choices: [16, 32], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
        { name: 'lr', kind: 'float', low: 1e-4, high: 0.1, log: true },
      ],
    };
    expect(parseSpaceJson(JSON.stringify(space))).toEqual(space);
  });

  it.each([
    ['not json', '{', 'not valid JSON'],
    ['no params', '{}', '"params" list'],
    ['unknown kind', '{"params":[{"name":"a","kind":"normal"}]}', 'use "float", "int" or "categorical"'],
    ['missing bounds', '{"params":[{"name":"a","kind":"float","low":1}]}', 'numeric "low" and "high"'],
    ['object choices', '{"params":[{"name":"a","kind":"categorical","choices":[{}]}]}', 'list of at most'],
    ['bad values', '{"params":[{"name":"a","kind":"int","low":5,"high":1}]}', 'low=5 above high=1'],
  ])('rejects %s with a message', (_label, text, phrase) => {
    expect(() => parseSpaceJson(text)).toThrow(SearchSpaceError);
    expect(() => parseSpaceJson(text)).toThrow(phrase);
  });

  it.each([
    ['integers beyond the safe range', '{"params":[{"name":"x","kind":"int","low":1e300,"high":1e300}]}', '"x" is an integer parameter with bounds beyond ±9007199254740991'],
    ['inexact integers just past 2^53', '{"params":[{"name":"n","kind":"int","low":9007199254740993,"high":9007199254740999}]}', '"n" is an integer parameter with bounds beyond'],
    ['a step that does not move the value', '{"params":[{"name":"x","kind":"float","low":1e300,"high":1e300,"step":1}]}', '"x" has step=1, which does not move a value as large as 1e+300'],
    ['a step below the spacing at the top of the range', '{"params":[{"name":"lr","kind":"float","low":0,"high":1e20,"step":0.001}]}', '"lr" has step=0.001, which does not move'],
    ['a range wider than a double', '{"params":[{"name":"w","kind":"float","low":-1.7e308,"high":1.7e308}]}', '"w" spans low=-1.7e+308 to high=1.7e+308, a range too wide to step through'],
  ])('refuses a range that cannot be stepped (%s), naming the parameter', (_label, text, phrase) => {
    expect(() => parseSpaceJson(text)).toThrow(SearchSpaceError);
    expect(() => parseSpaceJson(text)).toThrow(phrase);
  });

  it('never throws anything but a SearchSpaceError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseSpace({ params: [value] });
        } catch (error) {
          expect(error).toBeInstanceOf(SearchSpaceError);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
