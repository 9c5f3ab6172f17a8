import type { RotateResponse } from '@shared/sync/protocol';
import type { Db } from '../db/database';
import type { DeviceContext } from './device-context';
import { bearerToken } from './authenticate';
import { newToken, sha256Hex } from './secrets';

/** After a rotation the old token keeps working this long, so a lost answer locks nobody out. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * §11.4: a new token for the calling device. Rotating with the current token keeps it valid for
 * 24 hours; rotating again with that previous token (the answer to the first rotation was lost)
 * replaces the lost token and leaves the previous one's 24 hours as they were.
 */
export async function rotateToken(
  db: Db,
  device: DeviceContext,
  authorization: string | undefined,
  now: number,
): Promise<RotateResponse> {
  const usedHash = sha256Hex(bearerToken(authorization) ?? '');
  const token = newToken();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('devices')
      .select(['token_hash', 'prev_token_hash', 'prev_token_expires_at'])
      .where('device_id', '=', device.deviceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const withCurrent = row.token_hash === usedHash;
    const previousValidUntil = withCurrent
      ? now + ROTATION_GRACE_MS
      : (row.prev_token_expires_at ?? now);
    await trx
      .updateTable('devices')
      .set({
        token_hash: sha256Hex(token),
        prev_token_hash: withCurrent ? row.token_hash : row.prev_token_hash,
        prev_token_expires_at: previousValidUntil,
      })
      .where('device_id', '=', device.deviceId)
      .execute();
    return { deviceToken: token, previousValidUntil };
  });
}
