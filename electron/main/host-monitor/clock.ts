/**
 * Time as the host monitor sees it, passed in so tests can run hours in milliseconds:
 * wall-clock time for timestamps, a monotonic clock for rates (a wall clock can jump), and timers.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. Timers are unref'd: sampling never keeps a process alive on its own. */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      handle.unref();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
