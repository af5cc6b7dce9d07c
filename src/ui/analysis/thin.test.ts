import { describe, expect, it } from 'vitest';
import { evenlySpaced } from './thin';

describe('evenlySpaced', () => {
  it('returns short lists as they are and thins long ones evenly, keeping both ends', () => {
    const short = [1, 2, 3];
    expect(evenlySpaced(short, 5)).toBe(short);
    const long = Array.from({ length: 101 }, (_, i) => i);
    expect(evenlySpaced(long, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});
