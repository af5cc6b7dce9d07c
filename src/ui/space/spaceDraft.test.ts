import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../search/presets';
import { emptyRow, gridSummary, parseChoice, rowsFromSpace, spaceFromRows } from './spaceDraft';

describe('space draft', () => {
  it.each(PRESETS.map((p) => [p.id, p.config.space] as const))('round-trips the %s space through editor rows', (_id, space) => {
    expect(spaceFromRows(rowsFromSpace(space))).toEqual({ space });
  });

  it('reads choices as numbers, booleans or text', () => {
    expect(['1e-3', 'true', ' adam ', '16'].map(parseChoice)).toEqual([0.001, true, 'adam', 16]);
  });

  it('reports problems instead of throwing', () => {
    const result = spaceFromRows([{ ...emptyRow('lr'), low: 'abc', high: '1' }]);
    expect('problems' in result && result.problems.join(' ')).toMatch(/numeric "low" and "high"/);
    const log = spaceFromRows([{ ...emptyRow('lr'), low: '0', high: '1', log: true }]);
    expect('problems' in log && log.problems.join(' ')).toMatch(/log-scaled but low=0/);
  });

  it('sizes the grid by counting, and says which parameter makes an enormous one', () => {
    const rows = [{ ...emptyRow('units'), kind: 'int' as const, low: '1', high: '60000' }, { ...emptyRow('x'), kind: 'int' as const, low: '0', high: '1e12' }];
    const result = spaceFromRows(rows);
    if (!('space' in result)) throw new Error(result.problems.join('; '));
    // Enumerating this grid ended in "Invalid array length"; counted, it is refused at once.
    expect(gridSummary(result.space)).toBe(
      'no grid (the grid would have more than 1,000,000,000 points, more than the 100,000 allowed ("x" takes 1,000,000,000,001 values, "units" takes 60,000 values))',
    );
    expect(gridSummary({ params: [{ name: 'u', kind: 'int', low: 1, high: 4 }] })).toBe('4 grid points');
    expect(gridSummary({ params: [{ name: 'lr', kind: 'float', low: 0, high: 1 }] })).toBe('no grid (a float without a step is continuous)');
  });

  it('refuses a range that cannot be stepped, naming the parameter', () => {
    const result = spaceFromRows([{ ...emptyRow('big'), kind: 'int', low: '1e300', high: '1e300' }]);
    expect('problems' in result && result.problems.join(' ')).toMatch(/"big" is an integer parameter with bounds beyond/);
  });
});

