import Dexie from 'dexie';
import type { HealthDeskDb } from './database';
import { DEMO_DB_NAME, DatabaseTooNewError, REAL_DB_NAME, openDatabase } from './database';

const ACTIVE_KEY = 'healthdesk.database';

export type DatabaseKind = 'real' | 'demo';

/** Which database this browser profile shows: the user's own, or the demo clinic. */
export function activeDatabaseKind(storage: Pick<Storage, 'getItem'>): DatabaseKind {
  return storage.getItem(ACTIVE_KEY) === 'demo' ? 'demo' : 'real';
}

export function setActiveDatabaseKind(storage: Pick<Storage, 'setItem'>, kind: DatabaseKind): void {
  storage.setItem(ACTIVE_KEY, kind);
}

/**
 * Opens this profile's database. Right after a crash Chromium may still be releasing the files
 * ("Internal error opening backing store"): such a failure is retried a few times before it is
 * reported; a newer database is refused at once.
 */
export async function openKind(
  kind: DatabaseKind,
  attempts = 4,
  pauseMs = 250,
): Promise<HealthDeskDb> {
  const name = kind === 'demo' ? DEMO_DB_NAME : REAL_DB_NAME;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(name);
    } catch (error) {
      if (error instanceof DatabaseTooNewError || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}

/** Removes the demo clinic in one step: it lives in its own database, so nothing else is touched. */
export async function deleteDemoDatabase(): Promise<void> {
  await Dexie.delete(DEMO_DB_NAME);
}
