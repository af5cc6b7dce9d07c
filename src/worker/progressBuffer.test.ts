import { describe, expect, it } from 'vitest';
import { createProgressBuffer } from './progressBuffer';

describe('createProgressBuffer', () => {
  it('sends the first item at once, then coalesces until the interval passes, and flushes the rest', () => {
    let now = 0;
    const sent: number[][] = [];
    const buffer = createProgressBuffer<number>((items) => sent.push(items), 100, () => now);
    buffer.push(1);
    now = 50;
    buffer.push(2);
    buffer.push(3);
    now = 120;
    buffer.push(4);
    now = 130;
    buffer.push(5);
    buffer.flush();
    buffer.flush();
    expect(sent).toEqual([[1], [2, 3, 4], [5]]);
  });
});
