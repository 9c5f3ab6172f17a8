import type { Clock } from '../../electron/main/host-monitor/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Lets promise continuations (a probe's answer, a write) run before time moves on. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock whose time only moves when the test says so. `advance` fires due timers in order and
 * lets the async work each one starts settle before moving on, so an hour runs in milliseconds.
 */
export function createFakeClock(start = Date.UTC(2026, 0, 5, 10, 0, 0)) {
  let now = start;
  let monotonic = 0;
  let nextId = 1;
  const timers: Timer[] = [];
  const clock: Clock & {
    advance(ms: number): Promise<void>;
    set(ms: number): void;
    pending(): number;
  } = {
    now: () => now,
    monotonic: () => monotonic,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((timer) => timer.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        monotonic += next.at - now;
        now = next.at;
        next.callback();
        await settle();
      }
      monotonic += target - now;
      now = target;
      await settle();
    },
    /** Jumps the wall clock (a restart days later) without firing timers. */
    set(ms) {
      now = ms;
    },
    pending: () => timers.length,
  };
  return clock;
}

export type FakeClock = ReturnType<typeof createFakeClock>;
