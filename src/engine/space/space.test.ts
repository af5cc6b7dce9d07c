import { describe, expect, it } from 'vitest';
import { createRng } from '../study/rng';
import { enumerateGrid, gridValues, sampleParam, SearchSpaceError, validateSpace, type SearchSpace } from './index';

describe('validateSpace', () => {
  it('accepts a well-formed space', () => {
    expect(() =>
      validateSpace({
        params: [
          { name: 'layers', kind: 'int', low: 1, high: 3 },
          { name: 'units_2', kind: 'int', low: 8, high: 64, log: true, condition: { kind: 'atLeast', param: 'layers', value: 2 } },
        ],
      }),
    ).not.toThrow();
  });

  it('quotes every bad value in its message', () => {
    const bad: SearchSpace = {
      params: [
        { name: 'lr', kind: 'float', low: 0, high: 1, log: true },
        { name: 'units', kind: 'int', low: 10, high: 5 },
        { name: 'opt', kind: 'categorical', choices: [] },
        { name: 'opt', kind: 'categorical', choices: ['a', 'a'] },
        { name: 'late', kind: 'int', low: 1, high: 2, condition: { kind: 'equals', param: 'nowhere', value: 1 } },
      ],
    };
    try {
      validateSpace(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SearchSpaceError);
      const message = (error as Error).message;
      expect(message).toContain('"lr" is log-scaled but low=0');
      expect(message).toContain('"units" has low=10 above high=5');
      expect(message).toContain('"opt" has no choices');
      expect(message).toContain('"opt" is declared twice');
      expect(message).toContain('"opt" repeats a choice in [a, a]');
      expect(message).toContain('"late" depends on "nowhere"');
    }
  });

  it('rejects an empty space', () => {
    expect(() => validateSpace({ params: [] })).toThrow('no parameters');
  });
});

describe('enumerateGrid', () => {
  it('varies the first parameter slowest, like ParameterGrid', () => {
    const grid = enumerateGrid({
      params: [
        { name: 'optimizer', kind: 'categorical', choices: ['adam', 'rmsprop'] },
        { name: 'activation', kind: 'categorical', choices: ['relu', 'tanh'] },
      ],
    });
    expect(grid).toEqual([
      { optimizer: 'adam', activation: 'relu' },
      { optimizer: 'adam', activation: 'tanh' },
      { optimizer: 'rmsprop', activation: 'relu' },
      { optimizer: 'rmsprop', activation: 'tanh' },
    ]);
  });

  it('includes conditional parameters only where active', () => {
    const grid = enumerateGrid({
      params: [
        { name: 'layers', kind: 'int', low: 1, high: 2 },
        { name: 'units_2', kind: 'categorical', choices: [8, 16], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
      ],
    });
    expect(grid).toEqual([{ layers: 1 }, { layers: 2, units_2: 8 }, { layers: 2, units_2: 16 }]);
  });

  it('grids stepped floats without floating-point tails and refuses continuous ones', () => {
    expect(gridValues({ name: 'd', kind: 'float', low: 0, high: 0.3, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3]);
    expect(() => enumerateGrid({ params: [{ name: 'lr', kind: 'float', low: 0.001, high: 0.1 }] })).toThrow(/continuous float/);
  });
});

describe('sampleParam', () => {
  it('keeps log-scaled floats in bounds and spreads them across decades', () => {
    const rng = createRng(0);
    const values = Array.from({ length: 3000 }, () => sampleParam({ name: 'lr', kind: 'float', low: 1e-4, high: 1e-1, log: true }, rng) as number);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...values)).toBeLessThanOrEqual(1e-1);
    const perDecade = [1e-4, 1e-3, 1e-2].map((lo) => values.filter((v) => v >= lo && v < lo * 10).length);
    for (const count of perDecade) expect(count).toBeGreaterThan(800); // ≈ 1000 each when log-uniform
  });

  it('draws integers on their step, including both ends', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => sampleParam({ name: 'u', kind: 'int', low: 8, high: 32, step: 8 }, rng)));
    expect([...seen].sort((a, b) => (a as number) - (b as number))).toEqual([8, 16, 24, 32]);
  });

  it('draws log-scaled integers within bounds, reaching both ends', () => {
    const rng = createRng(2);
    const seen = new Set(Array.from({ length: 5000 }, () => sampleParam({ name: 'u', kind: 'int', low: 1, high: 64, log: true }, rng) as number));
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(64);
  });
});
