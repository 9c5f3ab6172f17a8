import { searchTokens } from '@shared/domain/patient';
import { isSyncedTable } from '@shared/domain/tables';
import { parseHlc } from '@shared/sync/hlc';
import type { RemoteRecord } from '@shared/sync/protocol';
import type { Clock } from '../clock';
import type { HealthDeskDb } from '../database';
import { ALL_FIELDS, expandStamps, stampOf } from '../stamps';
import type { ReadingChange } from '../summaries';
import { updateSummaries } from '../summaries';
import { readRecords } from './read-records';
import type { PatientRecord, ReadingRecord, SyncedRecord } from '../types';

/** Tables this version of the app keeps; records of others are passed over. */
const LOCAL_TABLES = new Set(['patients', 'vitals']);

export interface ApplyResult {
  changed: number;
}

/**
 * Applies pulled records (SYNC-PROTOCOL §7.7): per field, the server's value wins only when
 * its stamp is newer than ours, so local edits not yet pushed survive a pull. The clock moves
 * past every stamp seen. Runs inside the caller's transaction, never writes the outbox, and
 * keeps the daily summaries in step. `generation` marks records confirmed by a full resync.
 *
 * A page is read with one range read per table and written with one bulk write per table, and
 * the clock observes only the page's newest stamp: stamps sort as text in clock order, and a
 * clock past the newest stamp is past all of them.
 */
export async function applyRemoteRecords(
  db: HealthDeskDb,
  clock: Clock,
  records: readonly RemoteRecord[],
  now: number,
  generation?: string,
): Promise<ApplyResult> {
  const byTable = new Map<string, RemoteRecord[]>();
  let newest = '';
  for (const remote of records) {
    if (!LOCAL_TABLES.has(remote.table) || !isSyncedTable(remote.table)) continue;
    let list = byTable.get(remote.table);
    if (!list) byTable.set(remote.table, (list = []));
    list.push(remote);
    for (const stamp of Object.values(remote.hlc)) if (stamp > newest) newest = stamp;
  }
  observeNewest(clock, newest, byTable, now);

  let changed = 0;
  const readingChanges: ReadingChange[] = [];
  for (const [name, remotes] of byTable) {
    const table = db.table<SyncedRecord & Record<string, unknown>, string>(name);
    const before = await readRecords(
      table,
      remotes.map((remote) => remote.id),
    );
    const written = new Map<string, SyncedRecord & Record<string, unknown>>();
    for (const remote of remotes) {
      const local = written.get(remote.id) ?? before.get(remote.id);
      const merged = mergeRemote(local, remote, generation);
      if (merged) written.set(remote.id, merged);
    }
    if (written.size === 0) continue;
    const rows = [...written.values()];
    if (name === 'patients')
      for (const row of rows) {
        const patient = row as unknown as PatientRecord;
        patient._search = searchTokens(patient);
      }
    await table.bulkPut(rows);
    changed += rows.length;
    if (name === 'vitals')
      for (const row of rows)
        readingChanges.push({
          before: (before.get(row.id) as ReadingRecord | undefined) ?? null,
          after: row as unknown as ReadingRecord,
        });
  }
  await updateSummaries(db, readingChanges, now);
  return { changed };
}

/** Moves the clock past the newest stamp; if that one is not a stamp, past each one that is. */
function observeNewest(
  clock: Clock,
  newest: string,
  byTable: ReadonlyMap<string, readonly RemoteRecord[]>,
  now: number,
): void {
  if (newest === '') return;
  if (parseHlc(newest)) {
    clock.observe(newest, now);
    return;
  }
  for (const remotes of byTable.values())
    for (const remote of remotes)
      for (const stamp of Object.values(remote.hlc)) clock.observe(stamp, now);
}

/** The fields a record's stamps speak for: its data's and any with a stamp of its own. */
function stampedFields(remote: RemoteRecord): Set<string> {
  const fields = new Set(Object.keys(remote.data));
  for (const field in remote.hlc) if (field !== ALL_FIELDS) fields.add(field);
  return fields;
}

/** The local record with the remote one merged into it, or null when nothing changes. */
function mergeRemote(
  local: (SyncedRecord & Record<string, unknown>) | undefined,
  remote: RemoteRecord,
  generation: string | undefined,
): (SyncedRecord & Record<string, unknown>) | null {
  const merged: SyncedRecord & Record<string, unknown> = local
    ? { ...local, _hlc: { ...local._hlc } }
    : { id: remote.id, patientId: remote.patientId, _hlc: {} };
  const stamps = merged._hlc;
  let touched = false;
  const shared = remote.hlc[ALL_FIELDS];
  if (!local && shared !== undefined) {
    // New here, its stamps compact: kept as they came, the form this device stores them in. The
    // device's "*" never speaks for the delete flag, so it gets its own.
    Object.assign(stamps, remote.hlc);
    for (const field in remote.data) {
      if (field !== '_deleted') merged[field] = remote.data[field];
      else if (remote.data._deleted === true) merged._deleted = true;
    }
    if ('_deleted' in remote.data) stamps._deleted = remote.hlc._deleted ?? shared;
    if (generation !== undefined) merged._gen = generation;
    return merged;
  }
  const remoteStamps =
    shared === undefined ? remote.hlc : expandStamps(remote.hlc, stampedFields(remote));
  for (const field in remoteStamps) {
    const stamp = remoteStamps[field];
    if (stamp === undefined) continue;
    if (local) {
      // The local "*" speaks only for the fields the record has: a field it lacks was never
      // written here, whatever the record's other stamps.
      const current =
        field === '_deleted' || !Object.hasOwn(local, field)
          ? stamps[field]
          : stampOf(stamps, field);
      if (current !== undefined && stamp <= current) continue;
    }
    stamps[field] = stamp;
    if (field === '_deleted') {
      if (remote.data._deleted === true) merged._deleted = true;
      else delete merged._deleted;
    } else {
      merged[field] = remote.data[field];
    }
    touched = true;
  }
  if (generation !== undefined) {
    merged._gen = generation;
    touched = true;
  }
  return touched ? merged : null;
}
