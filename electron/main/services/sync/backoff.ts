export interface Backoff {
  /** Notes a failure and returns how long to wait before the next attempt. */
  failure(atLeastMs?: number): number;
  success(): void;
  readonly failures: number;
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** A number in [0, 1); injected so tests can pin it. */
  random?: () => number;
}

/** The first retry waits about a second; waits double up to five minutes (SYNC-PROTOCOL.md §8). */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60 * 1000;

/**
 * Exponential backoff with "equal jitter": after n failures the wait is uniform in
 * [cap/2, cap] with cap = min(max, base·2^(n-1)). Jitter spreads a clinic's PCs apart after an
 * outage; the lower half-bound keeps a retry from coming back at once. A server's own
 * `retryAfterMs` is a floor.
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const max = options.maxMs ?? BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;
  let failures = 0;
  return {
    get failures() {
      return failures;
    },
    failure(atLeastMs = 0) {
      failures++;
      const cap = Math.min(max, base * 2 ** Math.min(failures - 1, 30));
      const wait = cap / 2 + random() * (cap / 2);
      return Math.round(Math.max(wait, Math.min(atLeastMs, max)));
    },
    success() {
      failures = 0;
    },
  };
}
