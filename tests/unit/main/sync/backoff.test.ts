import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, createBackoff } from '../../../../electron/main/services/sync/backoff';

describe('backoff with jitter', () => {
  it('waits between half and all of min(5 min, 1 s · 2^(n-1)) after the n-th failure', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (failures, r) => {
          const backoff = createBackoff({ random: () => r });
          let wait = 0;
          for (let i = 0; i < failures; i++) wait = backoff.failure();
          const cap = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** (failures - 1));
          expect(wait).toBeGreaterThanOrEqual(Math.floor(cap / 2));
          expect(wait).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it('spreads PCs apart: different random draws give different waits', () => {
    const waits = [0, 0.5, 0.99].map((r) => {
      const backoff = createBackoff({ random: () => r });
      backoff.failure();
      backoff.failure();
      return backoff.failure();
    });
    expect(waits).toEqual([2000, 3000, 3980]);
  });

  it('never retries sooner than the server asked, nor later than the maximum', () => {
    const backoff = createBackoff({ random: () => 0 });
    expect(backoff.failure(30_000)).toBe(30_000);
    expect(backoff.failure(60 * 60_000)).toBe(BACKOFF_MAX_MS);
  });

  it('starts over after a success', () => {
    const backoff = createBackoff({ random: () => 0 });
    for (let i = 0; i < 10; i++) backoff.failure();
    expect(backoff.failures).toBe(10);
    backoff.success();
    expect(backoff.failures).toBe(0);
    expect(backoff.failure()).toBe(500);
  });
});
