import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../search/presets';
import { emptyRow, parseChoice, rowsFromSpace, spaceFromRows } from './spaceDraft';

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
});
