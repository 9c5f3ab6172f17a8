import type { HlcState } from '@shared/sync/hlc';
import { formatHlc, observe, parseHlc, tick } from '@shared/sync/hlc';
import type { HealthDeskDb } from './database';
import { uuidv7 } from './ids';

const HLC_KEY = 'hlc';
const DEVICE_KEY = 'deviceId';

export interface Clock {
  readonly deviceId: string;
  /** A new stamp for one change. */
  next(now: number): string;
  /** Moves the clock past a stamp that came from elsewhere (SYNC-PROTOCOL §7.7). */
  observe(stamp: string, now: number): void;
  save(): Promise<void>;
}

/**
 * The device's hybrid logical clock, read and saved inside the caller's transaction (which must
 * include `_syncState`), so a change and the clock that stamped it commit together.
 */
export async function loadClock(db: HealthDeskDb): Promise<Clock> {
  const [stateEntry, deviceEntry] = await db._syncState.bulkGet([HLC_KEY, DEVICE_KEY]);
  let deviceId = typeof deviceEntry?.value === 'string' ? deviceEntry.value : null;
  const fresh = deviceId === null;
  if (deviceId === null) deviceId = uuidv7();
  let state: HlcState = isHlcState(stateEntry?.value) ? stateEntry.value : { ms: 0, c: 0 };
  let dirty = fresh;
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
    async save() {
      if (!dirty) return;
      await db._syncState.bulkPut(
        fresh
          ? [
              { key: HLC_KEY, value: state },
              { key: DEVICE_KEY, value: id },
            ]
          : [{ key: HLC_KEY, value: state }],
      );
      dirty = false;
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
