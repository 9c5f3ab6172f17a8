import { describe, expect, it } from 'vitest';
import { createRingBuffer } from '../../../../electron/main/host-monitor/history/ring-buffer';

describe('ring buffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = createRingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.newest()).toBeUndefined();
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.newest()).toBe(5);
  });

  it('returns the newest run of items that match, oldest first', () => {
    const ring = createRingBuffer<number>(5);
    for (const n of [1, 9, 2, 8, 7]) ring.push(n);
    expect(ring.newestWhile((n) => n > 5)).toEqual([8, 7]);
    expect(ring.newestWhile(() => true)).toEqual([1, 9, 2, 8, 7]);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    expect(() => createRingBuffer(0)).toThrow();
    expect(() => createRingBuffer(1.5)).toThrow();
  });
});
