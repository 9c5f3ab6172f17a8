import { searchTokens } from '@shared/domain/patient';
import type { Change, RemoteRecord, SyncErrorCode } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';
import { perFieldStamps, stampOf } from '../stamps';
import type { ReadingChange } from '../summaries';
import { updateSummaries } from '../summaries';
import type { PatientRecord, ReadingRecord, SyncedRecord } from '../types';

/**
 * A change the server refused (SYNC-PROTOCOL §7.5): every field still holding what that change
 * wrote goes back to the server's value (or the record goes, if the server has none), and the
 * change is kept for the user to review. Runs inside the caller's transaction.
 */
export async function undoRejectedChange(
  db: HealthDeskDb,
  change: Change,
  code: SyncErrorCode,
  current: RemoteRecord | null,
  now: number,
): Promise<ReadingChange | null> {
  await db._rejections.put({ changeId: change.changeId, at: now, code, change });
  const table = db.table<SyncedRecord & Record<string, unknown>, string>(change.table);
  const local = await table.get(change.id);
  if (!local) return null;
  const written =
    change.op === 'upsert'
      ? perFieldStamps(change.fieldHlc, change.fields)
      : { _deleted: change.hlc };
  if (current === null) {
    await table.delete(change.id);
    return change.table === 'vitals'
      ? { before: local as unknown as ReadingRecord, after: null }
      : null;
  }
  const restored: SyncedRecord & Record<string, unknown> = { ...local, _hlc: { ...local._hlc } };
  for (const [field, stamp] of Object.entries(written)) {
    const mine = field === '_deleted' ? local._hlc._deleted : stampOf(local._hlc, field);
    if (mine !== stamp) continue;
    // A "*" speaks only for the fields the server's record has.
    const theirs =
      field === '_deleted' || Object.hasOwn(current.data, field)
        ? stampOf(current.hlc, field)
        : current.hlc[field];
    if (field === '_deleted') {
      if (current.data._deleted === true) restored._deleted = true;
      else delete restored._deleted;
    } else if (Object.hasOwn(current.data, field)) {
      restored[field] = current.data[field];
    } else {
      Reflect.deleteProperty(restored, field);
    }
    // An empty stamp reads as "never written": older than any real stamp, and it stops a
    // record-wide "*" stamp from speaking for this field.
    restored._hlc[field] = theirs ?? '';
  }
  // Search words are derived from the names and must follow them back too.
  if (change.table === 'patients') {
    const patient = restored as unknown as PatientRecord;
    patient._search = searchTokens(patient);
  }
  await table.put(restored);
  return change.table === 'vitals'
    ? { before: local as unknown as ReadingRecord, after: restored as unknown as ReadingRecord }
    : null;
}

export async function applyRejections(
  db: HealthDeskDb,
  changes: (ReadingChange | null)[],
  now: number,
): Promise<void> {
  await updateSummaries(
    db,
    changes.filter((change): change is ReadingChange => change !== null),
    now,
  );
}
