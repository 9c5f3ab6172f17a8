import Dexie from 'dexie';
import type { HealthDeskDb } from '../db/database';
import { createSyncScheduler } from '../db/sync/scheduler';
import type { SyncOutcome } from '../db/sync/sync-once';
import { syncOnce } from '../db/sync/sync-once';
import type { SyncTransport } from '../db/sync/transport';

export interface SyncLoopOptions {
  db: HealthDeskDb;
  transport: SyncTransport;
  scopePatientId: string | null;
  onOutcome(outcome: SyncOutcome, at: number): void;
  onRunning(running: boolean): void;
  /** Local writes changed what waits: re-read it, resolving with the number of changes waiting. */
  onPendingChanged(): Promise<number>;
  win?: Window;
}

/**
 * Runs `work` holding this database's sync lock: one loop per database however many windows
 * are open (SYNC-PROTOCOL §8). Where Web Locks are missing, a lock inside this window.
 */
export function lockFor(db: HealthDeskDb, win: Window) {
  const name = `csp-sync:${db.name}`;
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const locks = win.navigator.locks as LockManager | undefined;
    if (locks) return locks.request(name, () => work());
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The device's sync loop in the app: every 30 s, when the network comes back, a second after a
 * local write, and on "Sync now". It only ever runs in the background.
 */
export function startSyncLoop(options: SyncLoopOptions) {
  const { db, transport } = options;
  const win = options.win ?? window;
  const scheduler = createSyncScheduler({
    run: () =>
      syncOnce({ db, transport, now: () => Date.now(), scopePatientId: options.scopePatientId }),
    withLock: lockFor(db, win),
    setTimer: (callback, ms) => win.setTimeout(callback, ms),
    clearTimer: (handle) => win.clearTimeout(handle as number),
    random: Math.random,
    now: () => Date.now(),
    onOutcome: (outcome, at) => options.onOutcome(outcome, at),
    onRunning: (running) => options.onRunning(running),
  });

  const outboxPart = `idb://${db.name}/_outbox/`;
  function onMutation(parts: Record<string, unknown>): void {
    if (!(outboxPart in parts)) return;
    // The loop's own deletions after a push also land here: only waiting changes call for a round.
    void options.onPendingChanged().then((waiting) => {
      if (waiting > 0) scheduler.localWrite();
    });
  }
  const onOnline = () => scheduler.online();
  Dexie.on('storagemutated', onMutation);
  win.addEventListener('online', onOnline);
  scheduler.start();

  return {
    syncNow: () => scheduler.syncNow(),
    stop(): void {
      scheduler.stop();
      Dexie.on('storagemutated').unsubscribe(onMutation);
      win.removeEventListener('online', onOnline);
    },
  };
}
