import { searchTokens } from '@shared/domain/patient';
import { isSyncedTable } from '@shared/domain/tables';
import type { RemoteRecord } from '@shared/sync/protocol';
import type { Clock } from '../clock';
import type { HealthDeskDb } from '../database';
import { stampOf } from '../stamps';
import type { ReadingChange } from '../summaries';
import { updateSummaries } from '../summaries';
import type { PatientRecord, ReadingRecord, SyncedRecord } from '../types';

/** Tables this version of the app keeps; records of others are passed over. */
const LOCAL_TABLES = new Set(['patients', 'vitals']);

export interface ApplyResult {
  changed: number;
}

/**
 * Applies pulled records (SYNC-PROTOCOL §7.7): per field, the server's value wins only when
 * its stamp is newer than ours, so local edits not yet pushed survive a pull. Every stamp seen
 * moves our clock forward. Runs inside the caller's transaction, never writes the outbox, and
 * keeps the daily summaries in step. `generation` marks records confirmed by a full resync.
 */
export async function applyRemoteRecords(
  db: HealthDeskDb,
  clock: Clock,
  records: readonly RemoteRecord[],
  now: number,
  generation?: string,
): Promise<ApplyResult> {
  let changed = 0;
  const readingChanges: ReadingChange[] = [];
  for (const remote of records) {
    if (!LOCAL_TABLES.has(remote.table) || !isSyncedTable(remote.table)) continue;
    const table = db.table<SyncedRecord & Record<string, unknown>, string>(remote.table);
    const local = await table.get(remote.id);
    for (const stamp of Object.values(remote.hlc)) clock.observe(stamp, now);
    const merged: SyncedRecord & Record<string, unknown> = local
      ? { ...local, _hlc: { ...local._hlc } }
      : { id: remote.id, patientId: remote.patientId, _hlc: {} };
    let touched = false;
    for (const [field, stamp] of Object.entries(remote.hlc)) {
      const current = field === '_deleted' ? merged._hlc._deleted : stampOf(merged._hlc, field);
      if (current !== undefined && stamp <= current) continue;
      merged._hlc[field] = stamp;
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
    if (!touched) continue;
    if (remote.table === 'patients') {
      const patient = merged as unknown as PatientRecord;
      patient._search = searchTokens(patient);
    }
    await table.put(merged);
    changed++;
    if (remote.table === 'vitals')
      readingChanges.push({
        before: (local as ReadingRecord | undefined) ?? null,
        after: merged as unknown as ReadingRecord,
      });
  }
  await updateSummaries(db, readingChanges, now);
  return { changed };
}
