import type { Cursor, ResyncReason } from '@shared/sync/protocol';
import type { DeviceContext } from '../auth/device-context';
import type { Db } from '../db/database';
import { readServerEpoch } from '../db/server-epoch';
import { SyncError } from '../http/sync-error';
import type { CursorEpochParts } from './cursor-epoch';
import { cursorEpochMismatch } from './cursor-epoch';
import { tablesGeneration } from './table-visibility';

/** What a device's cursor must carry now: this database, the device's scope, its tables. */
export async function expectedCursorEpoch(
  db: Db,
  device: DeviceContext,
  schemaVersion: number,
): Promise<CursorEpochParts> {
  return {
    serverEpoch: await readServerEpoch(db),
    scopeVersion: device.scopeVersion,
    tablesGeneration: tablesGeneration(schemaVersion),
  };
}

const MESSAGES: Record<ResyncReason, string> = {
  epoch: 'The cursor belongs to another server state',
  scope: 'The cursor belongs to another server state',
  schema: 'The cursor belongs to another server state',
  ahead: 'The cursor is ahead of the server (was it restored?)',
  horizon: 'Deleted records older than the cursor were removed',
};

/**
 * §6 pull step 2, for pulls and pushes alike: a cursor made under another server state (a
 * restore, another scope, other tables), ahead of the clinic's last seq (the server went back in
 * time) or older than its tombstone horizon is refused with 409 RESYNC_REQUIRED and the reason.
 */
export function checkCursor(
  cursor: Cursor,
  expected: CursorEpochParts,
  clinic: { lastSeq: number; horizon: number },
): void {
  let reason = cursorEpochMismatch(cursor.epoch, expected);
  if (reason === null && cursor.seq > clinic.lastSeq) reason = 'ahead';
  if (reason === null && cursor.seq < clinic.horizon) reason = 'horizon';
  if (reason !== null) throw new SyncError(409, 'RESYNC_REQUIRED', MESSAGES[reason], { reason });
}
