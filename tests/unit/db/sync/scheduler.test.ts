import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncOutcome } from '../../../../renderer/src/db/sync/sync-once';
import {
  MAX_BACKOFF_MS,
  SYNC_INTERVAL_MS,
  createSyncScheduler,
} from '../../../../renderer/src/db/sync/scheduler';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(outcomes: SyncOutcome[], random = () => 1) {
  const runs: number[] = [];
  const seen: SyncOutcome[] = [];
  let inLock = 0;
  let maxInLock = 0;
  const scheduler = createSyncScheduler({
    run: async () => {
      runs.push(Date.now());
      await Promise.resolve();
      return outcomes.shift() ?? { kind: 'done', pushed: 0, pulled: 0, rejected: 0 };
    },
    withLock: async (work) => {
      inLock++;
      maxInLock = Math.max(maxInLock, inLock);
      try {
        return await work();
      } finally {
        inLock--;
      }
    },
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random,
    now: () => Date.now(),
    onOutcome: (outcome) => seen.push(outcome),
    onRunning: () => undefined,
  });
  return { scheduler, runs, seen, maxInLock: () => maxInLock };
}

const done: SyncOutcome = { kind: 'done', pushed: 0, pulled: 0, rejected: 0 };
const offline: SyncOutcome = { kind: 'retry', reason: 'unreachable', message: 'no network' };

describe('sync scheduler', () => {
  it('syncs at start and then every 30 seconds', async () => {
    const { scheduler, runs } = setup([]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS);
    expect(runs).toHaveLength(3);
  });

  it('backs off exponentially while the server cannot be reached, never beyond five minutes', async () => {
    const { scheduler, runs } = setup(Array.from({ length: 12 }, () => offline));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    const gaps = runs.slice(1).map((time, index) => time - (runs[index] ?? 0));
    // Twelve failed rounds, then the network is back and the usual 30 s rhythm returns.
    expect(gaps.slice(0, 12)).toEqual([
      2000,
      4000,
      8000,
      16000,
      32000,
      64000,
      128000,
      256000,
      MAX_BACKOFF_MS,
      MAX_BACKOFF_MS,
      MAX_BACKOFF_MS,
      MAX_BACKOFF_MS,
    ]);
    expect(gaps[12]).toBe(SYNC_INTERVAL_MS);
  });

  it('spreads retries with jitter, and honours the server’s retry-after', async () => {
    const { scheduler, runs } = setup(
      [offline, { kind: 'retry', reason: 'busy', retryAfterMs: 20_000, message: 'busy' }],
      () => 0.5,
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs[1]! - runs[0]!).toBe(1000);
    expect(runs[2]! - runs[1]!).toBe(20_000);
  });

  it('debounces local writes into one sync a second later', async () => {
    const { scheduler, runs } = setup([]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.localWrite();
    await vi.advanceTimersByTimeAsync(500);
    scheduler.localWrite();
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
  });

  it('stops after a problem a person must fix, until they ask again', async () => {
    const { scheduler, runs, seen } = setup([
      { kind: 'stopped', reason: 'revoked', code: 'DEVICE_REVOKED', message: 'revoked' },
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    scheduler.localWrite();
    scheduler.online();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'stopped', reason: 'revoked' });
    await scheduler.syncNow();
    expect(runs).toHaveLength(2);
  });

  it('never runs two rounds at once; a request during a round runs right after it', async () => {
    const { scheduler, runs, maxInLock } = setup([done, done]);
    scheduler.start();
    void scheduler.syncNow();
    void scheduler.syncNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(maxInLock()).toBe(1);
    expect(runs).toHaveLength(2);
  });
});
