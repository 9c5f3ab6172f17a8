import type { Change } from '@shared/sync/protocol';
import { MAX_BATCH_CHANGES } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';
import { uuidv7 } from '../ids';
import { bulkEntries } from '../outbox-entries';
import { stampsForFields, syncedFields } from '../stamps';
import type { OutboxEntry, SyncedRecord } from '../types';
import { readRecords } from './read-records';
import type { PendingBatch } from './state';
import {
  NEXT_KEY,
  PENDING_KEY,
  freezeBatch,
  frozenBatchId,
  readFrozenBatch,
  releaseFirstBatch,
} from './state';

/** The number of changes waiting to be sent (a bulk entry counts each of its records). */
export async function countPendingChanges(db: HealthDeskDb): Promise<number> {
  let count = 0;
  await db._outbox.each((entry) => {
    count += entry.op === 'create-many' ? entry.ids.length : 1;
  });
  return count;
}

/** The ids of every record with a change still waiting, by table. */
export async function idsWithPendingChanges(db: HealthDeskDb): Promise<Map<string, Set<string>>> {
  const ids = new Map<string, Set<string>>();
  const add = (table: string, id: string) => {
    let set = ids.get(table);
    if (!set) ids.set(table, (set = new Set()));
    set.add(id);
  };
  await db._outbox.each((entry) => {
    if (entry.op === 'create-many') for (const id of entry.ids) add(entry.table, id);
    else add(entry.table, entry.id);
  });
  return ids;
}

/** What freezing a batch reads and writes: the outbox, the sync state and the synced tables. */
export function batchTables(db: HealthDeskDb) {
  return [db._outbox, db._syncState, db.patients, db.vitals];
}

/**
 * The batch to push: the one already frozen if a push of it is unanswered, otherwise the next
 * outbox entries (at most `limit` changes, 500 unless the server asked for less), frozen with a new batch id and saved before sending.
 * A bulk entry becomes one change per record with the record's current fields and stamps.
 */
export async function nextBatch(
  db: HealthDeskDb,
  now: number,
  limit = MAX_BATCH_CHANGES,
  scopePatientId: string | null = null,
): Promise<PendingBatch | null> {
  return db.transaction('rw', batchTables(db), async () => {
    const pending = await readFrozenBatch(db, PENDING_KEY);
    if (pending) return pending;
    // A following batch left behind without its first (never by the loop): it goes first now.
    const next = await readFrozenBatch(db, NEXT_KEY);
    if (next) {
      await releaseFirstBatch(db);
      return next;
    }
    const batch = await collectBatch(db, now, limit, scopePatientId, new Set());
    if (batch) await freezeBatch(db, PENDING_KEY, batch);
    return batch;
  });
}

/**
 * The batch to send while `pending` awaits its answer (two batches in flight): the one already
 * frozen as such, or the outbox entries after `pending`'s, frozen under `NEXT_KEY`. Null when
 * nothing else waits, or when the next entries touch a record of `pending`: the server may apply
 * the two batches in either order, and a change to a record must never reach it before the change
 * that created it (a partial record alone is refused, and the refusal would undo it here). Such
 * entries wait until `pending` is answered.
 */
export async function followingBatch(
  db: HealthDeskDb,
  now: number,
  pending: PendingBatch,
  limit = MAX_BATCH_CHANGES,
  scopePatientId: string | null = null,
): Promise<PendingBatch | null> {
  return db.transaction('rw', batchTables(db), async () => {
    if ((await frozenBatchId(db, PENDING_KEY)) !== pending.batchId) return null;
    const next = await readFrozenBatch(db, NEXT_KEY);
    if (next) return next;
    const batch = await collectBatch(db, now, limit, scopePatientId, new Set(pending.seqNos));
    if (!batch || batch.changes.length === 0) return null;
    const inFlight = new Set(pending.changes.map((change) => `${change.table}/${change.id}`));
    if (batch.changes.some((change) => inFlight.has(`${change.table}/${change.id}`))) return null;
    await freezeBatch(db, NEXT_KEY, batch);
    return batch;
  });
}

/** The next outbox entries (skipping `exclude`), as a batch with a new id; not saved. */
async function collectBatch(
  db: HealthDeskDb,
  now: number,
  limit: number,
  scopePatientId: string | null,
  exclude: ReadonlySet<number>,
): Promise<PendingBatch | null> {
  const entries: OutboxEntry[] = [];
  let size = 0;
  await db._outbox
    .orderBy('seqNo')
    .until(() => size >= limit)
    .each((entry) => {
      if (exclude.has(entry.seqNo ?? -1)) return;
      const weight = entry.op === 'create-many' ? entry.ids.length : 1;
      if (size > 0 && size + weight > limit) {
        size = limit;
        return;
      }
      entries.push(entry);
      size += weight;
    });
  if (entries.length === 0) return null;
  const changes: Change[] = [];
  for (const entry of entries) changes.push(...(await toChanges(db, entry, now)));
  // A patient's device shares only that patient's records; family profiles stay on it.
  const inScope =
    scopePatientId === null
      ? changes
      : changes.filter((change) => change.patientId === scopePatientId);
  return {
    batchId: uuidv7(now),
    seqNos: entries.map((entry) => entry.seqNo ?? -1),
    changes: inScope,
  };
}

async function toChanges(db: HealthDeskDb, entry: OutboxEntry, now: number): Promise<Change[]> {
  if (entry.op === 'upsert') {
    const { seqNo, ...change } = entry;
    return [change];
  }
  if (entry.op === 'delete') {
    const { seqNo, ...change } = entry;
    return [change];
  }
  const stored = await readRecords(db.table<SyncedRecord, string>(entry.table), entry.ids);
  const records = entry.ids.flatMap((id) => {
    const record = stored.get(id);
    return record ? [record] : [];
  });
  return records.map((record) => {
    const fields = syncedFields(record);
    // As kept (compact); the transport expands them for a server that reads no "*".
    const fieldHlc = stampsForFields(record._hlc, fields);
    // The delete flag is a field on the wire (§7.2), kept apart on the device.
    if (record._hlc._deleted !== undefined) {
      fields._deleted = record._deleted === true;
      fieldHlc._deleted = record._hlc._deleted;
    }
    return {
      changeId: uuidv7(now),
      op: 'upsert' as const,
      table: entry.table,
      id: record.id,
      patientId: record.patientId,
      fields,
      fieldHlc,
    };
  });
}

/** Bulk outbox entries for records sent as they are now (at most a batch's worth each). */
export async function queueRecords(
  db: HealthDeskDb,
  table: string,
  ids: string[],
  now: number,
  size = MAX_BATCH_CHANGES,
): Promise<void> {
  const entries = bulkEntries(table, ids, now, size);
  await db._outbox.bulkAdd(entries);
}
