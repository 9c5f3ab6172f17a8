import type { SyncOutcome } from './sync-once';

export const SYNC_INTERVAL_MS = 30_000;
export const LOCAL_WRITE_DEBOUNCE_MS = 1_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 2_000;

export interface SchedulerDeps {
  /** One sync round (§8). */
  run(): Promise<SyncOutcome>;
  /** Runs `work` holding the database's sync lock, so only one loop per database runs (§3). */
  withLock<T>(work: () => Promise<T>): Promise<T>;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random(): number;
  now(): number;
  onOutcome(outcome: SyncOutcome, at: number): void;
  onRunning(running: boolean): void;
}

/**
 * When to sync: every 30 s, when the network comes back, a second after local writes, and when
 * the user asks. Failures back off exponentially with full jitter (capped at 5 min, or the
 * server's retry-after); a problem only a person can fix stops the timer until they ask again.
 * Nothing here ever blocks the user: it all runs in the background.
 */
export function createSyncScheduler(deps: SchedulerDeps) {
  let timer: unknown = null;
  let attempt = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let halted = false;

  function schedule(ms: number): void {
    if (timer !== null) deps.clearTimer(timer);
    timer = stopped
      ? null
      : deps.setTimer(() => {
          timer = null;
          void trigger();
        }, ms);
  }

  function backoff(retryAfterMs?: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
    attempt++;
    const jittered = Math.round(deps.random() * ceiling);
    return Math.max(jittered, retryAfterMs ?? 0, 250);
  }

  async function round(): Promise<void> {
    deps.onRunning(true);
    let outcome: SyncOutcome;
    try {
      outcome = await deps.withLock(() => deps.run());
    } catch (error) {
      outcome = {
        kind: 'retry',
        reason: 'server-error',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    deps.onRunning(false);
    deps.onOutcome(outcome, deps.now());
    if (outcome.kind === 'done') {
      attempt = 0;
      schedule(SYNC_INTERVAL_MS);
    } else if (outcome.kind === 'retry') {
      schedule(backoff(outcome.retryAfterMs));
    } else {
      halted = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    }
  }

  // A separate function: the flags change while a round awaits, which narrowing cannot see.
  function repeatRequested(): boolean {
    return again && !stopped && !halted;
  }

  /** Runs a round now, or right after the one in progress (never two at once). */
  function trigger(): Promise<void> {
    if (stopped || halted) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (repeatRequested());
      running = null;
    })();
    return running;
  }

  return {
    start(): void {
      stopped = false;
      void trigger();
    },
    stop(): void {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    },
    /** "Sync now", and the way out of a stop once the person fixed its cause. */
    syncNow(): Promise<void> {
      halted = false;
      attempt = 0;
      return trigger();
    },
    /** A change is waiting: sync a second after the last of a burst, or right after this round. */
    localWrite(): void {
      if (halted || stopped) return;
      if (running) again = true;
      else schedule(LOCAL_WRITE_DEBOUNCE_MS);
    },
    online(): void {
      attempt = 0;
      void trigger();
    },
  };
}
