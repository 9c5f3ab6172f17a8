import { roleSchema } from '@shared/sync/protocol';
import type { Db } from '../db/database';
import { SyncError } from '../http/sync-error';
import type { DeviceContext } from './device-context';
import { TOKEN_PATTERN, sha256Hex } from './secrets';

/** `last_seen_at` is written at most this often per device, not on every request. */
const SEEN_RESOLUTION_MS = 60_000;

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * §6 step 1: the device behind a token, found by the token's SHA-256. A token replaced by a
 * rotation keeps working until its 24 hours are over. A revoked device is told so (403), so it
 * wipes its copy; an unknown token only learns that it is unknown (401).
 */
export async function authenticateDevice(
  db: Db,
  authorization: string | undefined,
  now: number,
): Promise<DeviceContext> {
  const token = bearerToken(authorization);
  if (token === null || !TOKEN_PATTERN.test(token))
    throw new SyncError(401, 'UNAUTHENTICATED', 'A device token is required');
  const hash = sha256Hex(token);
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('token_hash', '=', hash),
        eb.and([eb('prev_token_hash', '=', hash), eb('prev_token_expires_at', '>', now)]),
      ]),
    )
    .executeTakeFirst();
  if (!row) throw new SyncError(401, 'UNAUTHENTICATED', 'This device token is not known');
  if (row.revoked_at !== null)
    throw new SyncError(403, 'DEVICE_REVOKED', 'This device was removed from the clinic');
  if (row.last_seen_at === null || now - row.last_seen_at >= SEEN_RESOLUTION_MS) {
    await db
      .updateTable('devices')
      .set({ last_seen_at: now })
      .where('device_id', '=', row.device_id)
      .execute();
  }
  return {
    deviceId: row.device_id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    role: roleSchema.parse(row.role),
    scopeVersion: row.scope_version,
    name: row.name,
  };
}
