import Dexie from 'dexie';
import type { HealthDeskDb } from './database';
import { DEMO_DB_NAME, REAL_DB_NAME, openDatabaseRetrying } from './database';

const ACTIVE_KEY = 'healthdesk.database';

export type DatabaseKind = 'real' | 'demo';

/** Which database this browser profile shows: the user's own, or the demo clinic. */
export function activeDatabaseKind(storage: Pick<Storage, 'getItem'>): DatabaseKind {
  return storage.getItem(ACTIVE_KEY) === 'demo' ? 'demo' : 'real';
}

export function setActiveDatabaseKind(storage: Pick<Storage, 'setItem'>, kind: DatabaseKind): void {
  storage.setItem(ACTIVE_KEY, kind);
}

/** Opens this profile's database, retrying as the app does at start-up. */
export function openKind(kind: DatabaseKind): Promise<HealthDeskDb> {
  return openDatabaseRetrying(kind === 'demo' ? DEMO_DB_NAME : REAL_DB_NAME);
}

/** Removes the demo clinic in one step: it lives in its own database, so nothing else is touched. */
export async function deleteDemoDatabase(): Promise<void> {
  await Dexie.delete(DEMO_DB_NAME);
}
