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
