import { sql } from 'kysely';
import type { PullRequest, PullResponse, RemoteRecord } from '@shared/sync/protocol';
import { DEFAULT_PULL_LIMIT } from '@shared/sync/protocol';
import type { DeviceContext } from '../auth/device-context';
import type { Db } from '../db/database';
import { checkCursor, expectedCursorEpoch } from './check-cursor';
import { formatCursorEpoch } from './cursor-epoch';
import { remoteRecordFromRow } from './stored-record';
import { visibleTables } from './table-visibility';

/**
 * A page stops growing past this many bytes of JSON (at least one record is always sent), so
 * that 1000 large records cannot make an answer too big for the device's IPC channel.
 */
export const PULL_PAGE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A pull (SYNC-PROTOCOL.md §6): check the cursor, then read the next records of the device's
 * scope in seq order. It runs in one REPEATABLE READ snapshot that also reads the clinic's
 * last seq: in that snapshot every seq up to last_seq is visible (seq order is commit order), so
 * when nothing more is in scope the cursor can move to last_seq and a scoped device does not
 * rescan the clinic's other records on its next pull.
 */
export async function pullChanges(
  db: Db,
  device: DeviceContext,
  request: PullRequest,
  now: number,
): Promise<PullResponse> {
  const tables = visibleTables(request.schemaVersion);
  const expected = await expectedCursorEpoch(db, device, request.schemaVersion);
  const epoch = formatCursorEpoch(expected);
  const limit = request.limit ?? DEFAULT_PULL_LIMIT;

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // The next records in seq order come from walking the seq index. Without statistics
      // (PGlite never analyses) the planner instead reads every later record of the clinic and
      // sorts them, for every page: a first sync of n records then costs n² / page.
      await sql`set local enable_bitmapscan = off`.execute(trx);
      const clinic = await trx
        .selectFrom('clinic_seq')
        .select(['last_seq', 'tombstone_horizon'])
        .where('clinic_id', '=', device.clinicId)
        .executeTakeFirst();
      const lastSeq = clinic?.last_seq ?? 0;
      const horizon = clinic?.tombstone_horizon ?? 0;
      const cursor = request.cursor;
      if (cursor !== null) checkCursor(cursor, expected, { lastSeq, horizon });
      const since = cursor?.seq ?? 0;

      let query = trx
        .selectFrom('records')
        .select(['id', 'tbl', 'patient_id', 'data', 'hlc', 'seq'])
        .where('clinic_id', '=', device.clinicId)
        .where('seq', '>', since)
        .where('tbl', 'in', tables);
      if (device.role === 'patient') query = query.where('patient_id', '=', device.patientId);
      const rows =
        tables.length === 0
          ? []
          : await query
              .orderBy('seq')
              .limit(limit + 1)
              .execute();

      const changes: RemoteRecord[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, limit)) {
        // The stored JSON text is most of a record's size on the wire.
        bytes += row.data.length + row.hlc.length + 200;
        if (changes.length > 0 && bytes > PULL_PAGE_MAX_BYTES) break;
        changes.push(remoteRecordFromRow(row, request.compactStamps === true));
      }
      const hasMore = rows.length > changes.length;
      const last = changes.at(-1);
      const seq = hasMore ? (last?.seq ?? since) : lastSeq;
      return { changes, cursor: { epoch, seq }, hasMore, serverTime: now };
    });
}
