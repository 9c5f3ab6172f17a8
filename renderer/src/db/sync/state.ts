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

/**
 * A frozen batch is stored once, under `batch:<batchId>`; `PENDING_KEY` and `NEXT_KEY` hold only
 * its id. Handing the following batch the first place then moves an id, not 500 records: a batch
 * is about 300 kB to serialise, and each used to be written twice and read back twice. A place
 * may still hold a whole batch, as earlier versions froze it there.
 */
interface FrozenPlace {
  batchId: string;
}

const BATCH_PREFIX = 'batch:';

function isWholeBatch(value: FrozenPlace | PendingBatch): value is PendingBatch {
  return 'changes' in value;
}

/** Freezes `batch` in the place `key` (`PENDING_KEY` or `NEXT_KEY`). */
export async function freezeBatch(
  db: HealthDeskDb,
  key: string,
  batch: PendingBatch,
): Promise<void> {
  await db._syncState.bulkPut([
    { key: BATCH_PREFIX + batch.batchId, value: batch },
    { key, value: { batchId: batch.batchId } satisfies FrozenPlace },
  ]);
}

/** The id of the batch frozen in the place `key`, without reading the batch. */
export async function frozenBatchId(db: HealthDeskDb, key: string): Promise<string | null> {
  return (await readState<FrozenPlace | PendingBatch>(db, key))?.batchId ?? null;
}

/** The batch frozen in the place `key`. */
export async function readFrozenBatch(db: HealthDeskDb, key: string): Promise<PendingBatch | null> {
  const place = await readState<FrozenPlace | PendingBatch>(db, key);
  if (!place || isWholeBatch(place)) return place;
  return readState<PendingBatch>(db, BATCH_PREFIX + place.batchId);
}

/**
 * The batch frozen first leaves; the following one, if any, takes its place (by its id alone).
 * Runs inside the caller's transaction.
 */
export async function releaseFirstBatch(db: HealthDeskDb): Promise<void> {
  const [first, following] = await db._syncState.bulkGet([PENDING_KEY, NEXT_KEY]);
  const gone = [NEXT_KEY];
  if (first) gone.push(BATCH_PREFIX + (first.value as FrozenPlace).batchId);
  if (following) await writeState(db, PENDING_KEY, following.value);
  else gone.push(PENDING_KEY);
  await db._syncState.bulkDelete(gone);
}

/** Forgets the batch frozen in the place `key`, and where it was. */
export async function unfreezeBatch(db: HealthDeskDb, key: string): Promise<void> {
  const batchId = await frozenBatchId(db, key);
  await db._syncState.bulkDelete(batchId === null ? [key] : [key, BATCH_PREFIX + batchId]);
}

/** Forgets every frozen batch (a full resync sends everything again). */
export async function unfreezeAllBatches(db: HealthDeskDb): Promise<void> {
  await db._syncState.bulkDelete([PENDING_KEY, NEXT_KEY]);
  await db._syncState.where('key').startsWith(BATCH_PREFIX).delete();
}

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
