import type { Change, Cursor } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';

/** A push batch frozen with its id, so every retry sends the very same batch (§8). */
export interface PendingBatch {
  batchId: string;
  seqNos: number[];
  changes: Change[];
}

export const CURSOR_KEY = 'cursor';
export const PENDING_KEY = 'pendingBatch';
/**
 * A second batch sent while the first (`PENDING_KEY`) awaits its answer: frozen after it, from
 * later outbox entries, and about other records only. It becomes the pending batch when the
 * first leaves; it never exists without one.
 */
export const NEXT_KEY = 'nextBatch';
export const LAST_SYNC_KEY = 'lastSync';
export const LAST_RESYNC_KEY = 'lastFullResync';
/** A full resync under way (cut short by the network, it carries on at the next round). */
export const RESYNC_KEY = 'fullResync';

export async function readState<T>(db: HealthDeskDb, key: string): Promise<T | null> {
  const entry = await db._syncState.get(key);
  return entry === undefined ? null : (entry.value as T);
}

export async function writeState(db: HealthDeskDb, key: string, value: unknown): Promise<void> {
  await db._syncState.put({ key, value });
}

export async function clearState(db: HealthDeskDb, key: string): Promise<void> {
  await db._syncState.delete(key);
}

export function readCursor(db: HealthDeskDb): Promise<Cursor | null> {
  return readState<Cursor>(db, CURSOR_KEY);
}
