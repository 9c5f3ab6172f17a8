import Dexie, { RangeSet } from 'dexie';
import type { Table } from 'dexie';
import type { FieldStamps } from '@shared/sync/merge';
import type { HealthDeskDb } from './database';
import { loadClock } from './clock';
import { uuidv7 } from './ids';
import { bulkEntries } from './outbox-entries';
import { ALL_FIELDS, syncedFields } from './stamps';
import type { OutboxEntry, PatientRecord, ReadingRecord, SyncedRecord } from './types';

/** The synced tables and the record each holds. */
export interface SyncedTables {
  patients: PatientRecord;
  vitals: ReadingRecord;
}
export type SyncedTableName = keyof SyncedTables;

/**
 * Change capture (SYNC-PROTOCOL §2): every local write goes through a Writer inside one
 * read-write transaction that also holds `_outbox` and `_syncState`, so the record, its outbox
 * entry and the clock commit together or not at all.
 */
export interface Writer {
  readonly now: number;
  /** Writes a new record or the changed fields of an existing one; returns what was stored. */
  upsert<K extends SyncedTableName>(
    name: K,
    before: SyncedTables[K] | null,
    after: SyncedTables[K],
  ): Promise<SyncedTables[K]>;
  /**
   * Adds many new records with one stamp each, and one outbox entry per 500 of them. The
   * records, their outbox entries and the clock are sent at once; it resolves when they are
   * sent, and the transaction waits for them before it commits.
   */
  createMany<K extends SyncedTableName>(name: K, records: SyncedTables[K][]): Promise<void>;
}

export async function withWriter<R>(
  db: HealthDeskDb,
  tables: Table[],
  now: number,
  work: (writer: Writer) => Promise<R>,
): Promise<R> {
  const written = new Set<string>();
  const outcome = await db.transaction('rw', [...tables, db._outbox, db._syncState], async () => {
    // The clock's read is sent first but not waited for: `work` can send its own reads now, and
    // both come back together (each wait inside a transaction is a round trip to the browser's
    // storage code).
    const loading = loadClock(db);
    loading.catch(() => undefined); // reported below, where it is awaited
    const outbox: OutboxEntry[] = [];
    // Requests sent without waiting; the transaction waits for all of them before it commits.
    const sent: Promise<unknown>[] = [];
    const writer: Writer = {
      now,
      async upsert(name, before, after) {
        const clock = await loading;
        const fields = syncedFields(after);
        const previous = before ? syncedFields(before) : null;
        const changed = previous
          ? Object.keys(fields).filter((key) => !sameValue(fields[key], previous[key]))
          : Object.keys(fields);
        if (before && changed.length === 0) return before;
        const stamp = clock.next(now);
        const stamps: FieldStamps = before ? { ...before._hlc } : { [ALL_FIELDS]: stamp };
        if (before) for (const field of changed) stamps[field] = stamp;
        const stored = { ...after, _hlc: stamps };
        await db.table<SyncedRecord, string>(name).put(stored);
        const changedFields = Object.fromEntries(changed.map((field) => [field, fields[field]]));
        outbox.push({
          changeId: uuidv7(now),
          op: 'upsert',
          table: name,
          id: after.id,
          patientId: after.patientId,
          fields: changedFields,
          fieldHlc: Object.fromEntries(changed.map((field) => [field, stamp])),
        });
        return stored;
      },
      async createMany(name, records) {
        if (records.length === 0) return;
        // Stored with put, not add: add makes IndexedDB look every key up first, about a tenth
        // of the storage work of a bulk import (tests/bench/vitals-insert.bench.ts). New records
        // have fresh UUIDv7 ids; one that already carries stamps came from the database, and is
        // refused so that an import can never overwrite a record or count it twice.
        if (records.some((record) => Object.keys(record._hlc).length > 0))
          throw new Error(`createMany(${name}) takes new records only`);
        const clock = await loading;
        for (const record of records) record._hlc = { [ALL_FIELDS]: clock.next(now) };
        // Straight to the object store of this same transaction: Dexie's layer (middleware and
        // the key sets it builds for live queries) costs about 5 % of a bulk import. Live queries
        // are told about the table once the transaction has committed, below.
        const transaction = Dexie.currentTransaction as
          (typeof Dexie.currentTransaction & { idbtrans: IDBTransaction }) | null;
        if (transaction?.idbtrans) {
          const store = transaction.idbtrans.objectStore(name);
          for (const record of records) store.put(record);
          written.add(name);
        } else {
          sent.push(db.table<SyncedRecord, string>(name).bulkPut(records));
        }
        // The outbox entries and the clock go out right behind the records rather than at the
        // end of the transaction, so nothing waits for a round trip once the caller is done.
        // Entries of earlier upserts go first, keeping the outbox in the order of the writes.
        if (outbox.length > 0) sent.push(db._outbox.bulkAdd(outbox.splice(0)));
        sent.push(
          db._outbox.bulkAdd(
            bulkEntries(
              name,
              records.map((record) => record.id),
              now,
            ),
          ),
          clock.save(),
        );
      },
    };
    try {
      const result = await work(writer);
      const clock = await loading;
      // Sent together rather than one after the other: each await inside a transaction is a
      // round trip to the browser's storage code.
      await Promise.all([
        ...sent,
        outbox.length > 0 ? db._outbox.bulkAdd(outbox) : null,
        clock.save(),
      ]);
      return result;
    } finally {
      // A failed request fails its promise, and the transaction with it when awaited: a caller
      // that throws before then must not leave one unhandled.
      for (const request of sent) request.catch(() => undefined);
    }
  });
  if (written.size > 0) announceWrites(db, written);
  return outcome;
}

/**
 * Tells live queries (here and, through Dexie, in other windows) that whole tables changed, for
 * writes made below Dexie. Coarse on purpose: bulk writes are rare and touch many keys anyway.
 */
function announceWrites(db: HealthDeskDb, tables: ReadonlySet<string>): void {
  const everything = () => new RangeSet(-Infinity, [[[]]]);
  const parts: Record<string, ReturnType<typeof everything>> = {};
  for (const name of tables) {
    parts[`idb://${db.name}/${name}/`] = everything();
    for (const index of db.table(name).schema.indexes)
      parts[`idb://${db.name}/${name}/${index.name}`] = everything();
  }
  Dexie.on.storagemutated.fire(parts);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
