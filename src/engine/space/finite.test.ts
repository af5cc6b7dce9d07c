/** Finite spaces: the arithmetic count agrees with enumeration, conditional parameters add variety only where active, and huge spaces are never built. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finitePoints, finiteSize, isPointOf, MAX_FINITE_SIZE } from './finite';
import { enumerateGrid, gridSize } from './grid';
import { isActive } from './conditions';
import { valueAt, valueCount } from './sample';
import type { CategoricalParam, ParamSpec, SearchSpace } from './types';
import { validateSpace } from './validate';

const SEED_GRID: SearchSpace = {
  params: [
    { name: 'optimizer', kind: 'categorical', choices: ['adam', 'rmsprop'] },
    { name: 'activation', kind: 'categorical', choices: ['relu', 'tanh'] },
  ],
};

describe('finiteSize', () => {
  it('counts categorical, int and stepped float values, conditionals only where active', () => {
    expect(finiteSize(SEED_GRID)).toBe(4);
    expect(
      finiteSize({
        params: [
          { name: 'layers', kind: 'int', low: 1, high: 3 },
          { name: 'units_2', kind: 'categorical', choices: [16, 64], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
          { name: 'dropout', kind: 'float', low: 0, high: 0.5, step: 0.25 },
        ],
      }),
    ).toBe((1 + 2 + 2) * 3);
  });

  it('is infinite with a continuous float that can be active, finite when it never can', () => {
    expect(finiteSize({ params: [...SEED_GRID.params, { name: 'lr', kind: 'float', low: 1e-4, high: 0.1, log: true }] })).toBe(Number.POSITIVE_INFINITY);
    const never: SearchSpace = {
      params: [...SEED_GRID.params, { name: 'momentum', kind: 'float', low: 0, high: 1, condition: { kind: 'equals', param: 'optimizer', value: 'sgd' } }],
    };
    expect(finiteSize(never)).toBe(4);
  });

  it('counts long int ranges under conditions without listing them', () => {
    const space: SearchSpace = {
      params: [
        { name: 'n', kind: 'int', low: 1, high: 1_000_000 },
        { name: 'big', kind: 'categorical', choices: ['a', 'b', 'c'], condition: { kind: 'atLeast', param: 'n', value: 500_000 } },
        { name: 'one', kind: 'categorical', choices: [1, 2], condition: { kind: 'equals', param: 'n', value: 77 } },
      ],
    };
    expect(finiteSize(space)).toBe(499_998 + 500_001 * 3 + 2);
    expect(gridSize({ params: [{ name: 'u', kind: 'int', low: 1, high: 5, step: 2 }] })).toBe(3);
  });

  it('caps at MAX_FINITE_SIZE and refuses such a grid without building it', () => {
    const huge: SearchSpace = { params: [{ name: 'n', kind: 'int', low: 0, high: 1e12 }] };
    expect(finiteSize(huge)).toBe(Number.POSITIVE_INFINITY);
    expect(finiteSize({ params: [{ name: 'n', kind: 'int', low: 1, high: MAX_FINITE_SIZE }] })).toBe(MAX_FINITE_SIZE);
    expect(() => gridSize(huge)).toThrow(/more than the 100,000 allowed/);
    expect(() => enumerateGrid(huge)).toThrow(/more than the 100,000 allowed/);
    // The lazy walk starts at once, whatever the size.
    expect(finitePoints(huge).next().value).toEqual({ n: 0 });
  });

  it('classifies long ranges by threshold exactly as value by value (int and stepped float)', () => {
    const arb = fc.record({
      float: fc.boolean(),
      step: fc.constantFrom(1, 3, 0.1, 0.05),
      thresholds: fc.array(
        fc.record({ kind: fc.constantFrom('atLeast' as const, 'equals' as const), at: fc.integer({ min: -5, max: 12_005 }), frac: fc.constantFrom(0, 0.1, 0.35) }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ float, step, thresholds }) => {
        const parent: ParamSpec =
          float || !Number.isInteger(step) ? { name: 'x', kind: 'float', low: 0.2, high: 0.2 + 12_000 * step, step } : { name: 'x', kind: 'int', low: 2, high: 2 + 12_000 * step, step };
        const children: ParamSpec[] = thresholds.map((t, i) => {
          // An `equals` on a value of the range must name it exactly as the range produces it.
          const onValue = t.kind === 'equals' && t.frac === 0 && t.at >= 0 && t.at < valueCount(parent);
          const value = onValue ? (valueAt(parent, t.at) as number) : parent.low + (t.at + t.frac) * step;
          return { name: `c${i}`, kind: 'categorical', choices: i === 0 ? [1, 2] : [1, 2, 3], condition: { kind: t.kind, param: 'x', value } };
        });
        // Brute force over the parent's values.
        let expected = 0;
        for (const point of finitePoints({ params: [parent] })) {
          let n = 1;
          for (const child of children) if (isActive(child, point)) n *= (child as CategoricalParam).choices.length;
          expected += n;
        }
        expect(finiteSize({ params: [parent, ...children] })).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  // Small random spaces with conditions on earlier parameters: the count, the lazy walk and membership agree.
  const paramArb = (index: number): fc.Arbitrary<ParamSpec> => {
    const name = `p${index}`;
    const base = fc.oneof(
      fc.record({ kind: fc.constant('categorical' as const), choices: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b')), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('int' as const), low: fc.integer({ min: 0, max: 3 }), span: fc.integer({ min: 0, max: 4 }), step: fc.constantFrom(1, 2) }).map(({ low, span, step }) => ({ kind: 'int' as const, low, high: low + span, step })),
      fc.record({ kind: fc.constant('float' as const), steps: fc.integer({ min: 0, max: 3 }) }).map(({ steps }) => ({ kind: 'float' as const, low: 0, high: 0.1 * steps, step: 0.1 })),
    );
    const condition = index === 0 ? fc.constant(undefined) : fc.option(fc.record({ parent: fc.integer({ min: 0, max: index - 1 }), kind: fc.constantFrom('atLeast' as const, 'equals' as const), value: fc.integer({ min: 0, max: 5 }) }), { nil: undefined });
    return fc.tuple(base, condition).map(([spec, c]) => ({ name, ...spec, ...(c ? { condition: { kind: c.kind, param: `p${c.parent}`, value: c.value } } : {}) }) as ParamSpec);
  };
  const spaceArb: fc.Arbitrary<SearchSpace> = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => paramArb(i))).map((params) => ({ params })));

  it('agrees with enumeration on random conditional spaces', () => {
    fc.assert(
      fc.property(spaceArb, (space) => {
        validateSpace(space);
        const points = enumerateGrid(space);
        expect(finiteSize(space)).toBe(points.length);
        expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
        for (const point of points) expect(isPointOf(space, point)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isPointOf', () => {
  it('wants exactly the active parameters, with values the space allows', () => {
    const space: SearchSpace = {
      params: [
        { name: 'layers', kind: 'int', low: 1, high: 2 },
        { name: 'units_2', kind: 'categorical', choices: [8, 16], condition: { kind: 'atLeast', param: 'layers', value: 2 } },
        { name: 'dropout', kind: 'float', low: 0, high: 0.3, step: 0.1 },
      ],
    };
    expect(isPointOf(space, { layers: 2, units_2: 8, dropout: 0.3 })).toBe(true);
    expect(isPointOf(space, { dropout: 0.1, layers: 1 })).toBe(true);
    expect(isPointOf(space, { layers: 1, units_2: 8, dropout: 0.1 })).toBe(false); // units_2 is inactive there
    expect(isPointOf(space, { layers: 2, dropout: 0.1 })).toBe(false); // units_2 missing
    expect(isPointOf(space, { layers: 1, dropout: 0.15 })).toBe(false); // off the step
    expect(isPointOf(space, { layers: 1, dropout: 0.1, lr: 0.01 })).toBe(false); // a parameter the space does not search
  });
});
