import type { PairRequest, PairResponse, PairingCodeResponse, Role } from '@shared/sync/protocol';
import { roleSchema } from '@shared/sync/protocol';
import { newPairingCode, newToken, sha256Hex } from '../auth/secrets';
import type { Db } from '../db/database';
import { readServerEpoch } from '../db/server-epoch';
import { SyncError } from '../http/sync-error';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

export interface PairingCodeOrder {
  clinicId: string;
  role: Role;
  patientId: string | null;
}

/**
 * §11.1: an 8-digit, single-use code valid for 10 minutes, stored as its hash. A patient code
 * needs a patient the clinic has (not deleted): a typo would otherwise pair a device to an empty
 * scope.
 */
export async function issuePairingCode(
  db: Db,
  order: PairingCodeOrder,
  now: number,
): Promise<PairingCodeResponse> {
  if ((order.role === 'patient') !== (order.patientId !== null))
    throw new SyncError(400, 'MALFORMED', 'A patient code needs a patientId; a staff code none');
  const clinic = await db
    .selectFrom('clinics')
    .select('clinic_id')
    .where('clinic_id', '=', order.clinicId)
    .executeTakeFirst();
  if (!clinic) throw new SyncError(404, 'NOT_FOUND', 'There is no such clinic');
  if (order.patientId !== null) {
    const patient = await db
      .selectFrom('records')
      .select('id')
      .where('clinic_id', '=', order.clinicId)
      .where('id', '=', order.patientId)
      .where('tbl', '=', 'patients')
      .where('deleted', '=', false)
      .executeTakeFirst();
    if (!patient) throw new SyncError(404, 'NOT_FOUND', 'The clinic has no such patient');
  }
  // Forget codes that can no longer be used, so that a new code may reuse their hash.
  await db.deleteFrom('pairing_codes').where('expires_at', '<', now).execute();
  for (;;) {
    const code = newPairingCode();
    const inserted = await db
      .insertInto('pairing_codes')
      .values({
        code_hash: sha256Hex(code),
        clinic_id: order.clinicId,
        patient_id: order.patientId,
        role: order.role,
        created_at: now,
        expires_at: now + PAIRING_CODE_TTL_MS,
        used_at: null,
        used_by: null,
      })
      .onConflict((conflict) => conflict.column('code_hash').doNothing())
      .returning('code_hash')
      .executeTakeFirst();
    if (inserted) return { code, ...order, expiresAt: now + PAIRING_CODE_TTL_MS };
  }
}

/**
 * §11.2: claims the code atomically (one device wins a race for it) and registers the device
 * with a new token, returned this once and stored only as its hash. Pairing an already known
 * device id again gives it a new token and scope and a new scope version.
 */
export async function claimPairingCode(
  db: Db,
  request: PairRequest,
  now: number,
): Promise<PairResponse> {
  const token = newToken();
  const result = await db.transaction().execute(async (trx) => {
    const code = await trx
      .updateTable('pairing_codes')
      .set({ used_at: now, used_by: request.deviceId })
      .where('code_hash', '=', sha256Hex(request.code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['clinic_id', 'patient_id', 'role'])
      .executeTakeFirst();
    if (!code) return null;
    const device = {
      clinic_id: code.clinic_id,
      patient_id: code.patient_id,
      role: code.role,
      name: request.deviceName ?? null,
      token_hash: sha256Hex(token),
      prev_token_hash: null,
      prev_token_expires_at: null,
      revoked_at: null,
    };
    await trx
      .insertInto('devices')
      .values({
        device_id: request.deviceId,
        ...device,
        scope_version: 1,
        created_at: now,
        last_seen_at: now,
      })
      .onConflict((conflict) =>
        conflict.column('device_id').doUpdateSet((eb) => ({
          ...device,
          scope_version: eb(eb.ref('devices.scope_version'), '+', 1),
          last_seen_at: now,
        })),
      )
      .execute();
    return code;
  });
  if (!result)
    throw new SyncError(400, 'PAIRING_CODE_INVALID', 'This code is unknown, used or expired');
  return {
    deviceId: request.deviceId,
    deviceToken: token,
    clinicId: result.clinic_id,
    patientId: result.patient_id,
    role: roleSchema.parse(result.role),
    serverEpoch: await readServerEpoch(db),
  };
}
