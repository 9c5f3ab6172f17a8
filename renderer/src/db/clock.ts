import type { HlcState } from '@shared/sync/hlc';
import { formatHlc, observe, parseHlc, tick } from '@shared/sync/hlc';
import type { HealthDeskDb } from './database';
import { uuidv7 } from './ids';
import type { SyncStateEntry } from './types';

const HLC_KEY = 'hlc';
const DEVICE_KEY = 'deviceId';

export interface Clock {
  readonly deviceId: string;
  /** A new stamp for one change. */
  next(now: number): string;
  /** Moves the clock past a stamp that came from elsewhere (SYNC-PROTOCOL §7.7). */
  observe(stamp: string, now: number): void;
  /** Sends the clock's state if it moved since it was loaded or last saved. */
  save(): Promise<void>;
}

/**
 * The device's hybrid logical clock, read and saved inside the caller's transaction (which must
 * include `_syncState`), so a change and the clock that stamped it commit together. The read is
 * sent at once; the answer is Dexie's own promise, which keeps the transaction's context however
 * late the caller awaits it (a native one would lose it).
 */
export function loadClock(db: HealthDeskDb): Promise<Clock> {
  return db._syncState
    .bulkGet([HLC_KEY, DEVICE_KEY])
    .then(([stateEntry, deviceEntry]) => clockFrom(db, stateEntry, deviceEntry));
}

function clockFrom(
  db: HealthDeskDb,
  stateEntry: SyncStateEntry | undefined,
  deviceEntry: SyncStateEntry | undefined,
): Clock {
  let deviceId = typeof deviceEntry?.value === 'string' ? deviceEntry.value : null;
  const fresh = deviceId === null;
  if (deviceId === null) deviceId = uuidv7();
  let state: HlcState = isHlcState(stateEntry?.value) ? stateEntry.value : { ms: 0, c: 0 };
  let dirty = fresh;
  let deviceSaved = !fresh;
  const id = deviceId;
  return {
    deviceId: id,
    next(now) {
      state = tick(state, now);
      dirty = true;
      return formatHlc(state, id);
    },
    observe(stamp, now) {
      const remote = parseHlc(stamp);
      if (!remote) return;
      state = observe(state, remote, now);
      dirty = true;
    },
    save() {
      if (!dirty) return Promise.resolve();
      // Taken now, so that a second save sent before this one is answered has nothing to add.
      const entries: SyncStateEntry[] = [{ key: HLC_KEY, value: state }];
      if (!deviceSaved) entries.push({ key: DEVICE_KEY, value: id });
      dirty = false;
      deviceSaved = true;
      return db._syncState.bulkPut(entries).then(() => undefined);
    },
  };
}

function isHlcState(value: unknown): value is HlcState {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HlcState).ms === 'number' &&
    typeof (value as HlcState).c === 'number'
  );
}
