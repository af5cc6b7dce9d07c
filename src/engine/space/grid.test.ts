import { describe, expect, it } from 'vitest';
import { parseSpaceJson } from './parse';
import { enumerateGrid, gridSize, gridValues, MAX_GRID_POINTS } from './grid';
import { SearchSpaceError } from './validate';

// The space of issue 16 item 2: valid as a space, but a grid of 6·10^16 points.
const HUGE = '{"params":[{"name":"units","kind":"int","low":1,"high":60000},{"name":"x","kind":"int","low":0,"high":1e12}]}';

describe('grid size', () => {
  it('refuses an enormous grid by counting, naming the largest parameters and their counts', () => {
    const space = parseSpaceJson(HUGE);
    const message = /the grid would have more than 1,000,000,000 points, more than the 100,000 allowed \("x" takes 1,000,000,000,001 values, "units" takes 60,000 values\)/;
    expect(() => gridSize(space)).toThrow(SearchSpaceError);
    expect(() => gridSize(space)).toThrow(message);
    expect(() => enumerateGrid(space)).toThrow(message);
  });

  it('gives the exact count when it is known and over the cap', () => {
    const space = parseSpaceJson('{"params":[{"name":"a","kind":"int","low":1,"high":1000},{"name":"b","kind":"int","low":1,"high":200}]}');
    expect(() => gridSize(space)).toThrow(/the grid would have 200,000 points, more than the 100,000 allowed \("a" takes 1,000 values, "b" takes 200 values\)/);
  });

  it('lists a parameter only after counting it, so a huge range is refused, not allocated', () => {
    expect(gridValues({ name: 'x', kind: 'int', low: 0, high: 1e12 })).toBe('"x" takes 1,000,000,000,001 values, more than the 100,000 a grid allows');
    expect(gridValues({ name: 'x', kind: 'float', low: 0, high: 1, step: 1e-300 })).toMatch(/^"x" takes [\d,]+ values, more than the 100,000 a grid allows$/);
    expect(gridValues({ name: 'u', kind: 'int', low: 1, high: 9, step: 4 })).toEqual([1, 5, 9]);
    expect((gridValues({ name: 'n', kind: 'int', low: 1, high: MAX_GRID_POINTS }) as number[]).length).toBe(MAX_GRID_POINTS);
  });
});
