import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PairingCodeResponse, Role } from '@shared/sync/protocol';
import { roleSchema, uuidSchema } from '@shared/sync/protocol';
import type { Db } from '../db/database';
import { SyncError } from '../http/sync-error';
import { issuePairingCode } from '../pairing/pairing-codes';

/** What the admin CLI and the admin HTTP API can do; both call these. */
export const clinicSchema = z.object({
  clinicId: uuidSchema,
  name: z.string(),
  createdAt: z.number(),
});
export type Clinic = z.infer<typeof clinicSchema>;

export const deviceSummarySchema = z.object({
  deviceId: z.string(),
  clinicId: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  patientId: z.string().nullable(),
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const clinicNameSchema = z.string().trim().min(1).max(200);

export interface AdminOps {
  createClinic(name: string): Promise<Clinic>;
  listClinics(): Promise<Clinic[]>;
  issuePairingCode(
    clinicId: string,
    role: Role,
    patientId: string | null,
  ): Promise<PairingCodeResponse>;
  listDevices(clinicId: string | null): Promise<DeviceSummary[]>;
  revokeDevice(deviceId: string): Promise<DeviceSummary>;
  /** Gives a device another scope; its next pull must resync (§9). */
  rescopeDevice(deviceId: string, role: Role, patientId: string | null): Promise<DeviceSummary>;
}

export function createAdminOps(db: Db, now: () => number): AdminOps {
  async function device(deviceId: string): Promise<DeviceSummary> {
    const row = await db
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    if (!row) throw new SyncError(404, 'NOT_FOUND', `There is no device ${deviceId}`);
    return summary(row);
  }

  return {
    async createClinic(name) {
      const clinic = {
        clinic_id: randomUUID(),
        name: clinicNameSchema.parse(name),
        created_at: now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('clinics').values(clinic).execute();
        await trx
          .insertInto('clinic_seq')
          .values({ clinic_id: clinic.clinic_id, last_seq: 0 })
          .execute();
      });
      return { clinicId: clinic.clinic_id, name: clinic.name, createdAt: clinic.created_at };
    },
    async listClinics() {
      const rows = await db.selectFrom('clinics').selectAll().orderBy('created_at').execute();
      return rows.map((row) => ({
        clinicId: row.clinic_id,
        name: row.name,
        createdAt: row.created_at,
      }));
    },
    issuePairingCode: (clinicId, role, patientId) =>
      issuePairingCode(db, { clinicId, role, patientId }, now()),
    async listDevices(clinicId) {
      let query = db.selectFrom('devices').selectAll().orderBy('created_at');
      if (clinicId !== null) query = query.where('clinic_id', '=', clinicId);
      return (await query.execute()).map(summary);
    },
    async revokeDevice(deviceId) {
      await db
        .updateTable('devices')
        .set((eb) => ({ revoked_at: now(), scope_version: eb(eb.ref('scope_version'), '+', 1) }))
        .where('device_id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .execute();
      return device(deviceId);
    },
    async rescopeDevice(deviceId, role, patientId) {
      if ((role === 'patient') !== (patientId !== null))
        throw new SyncError(
          400,
          'MALFORMED',
          'A patient scope needs a patientId; a staff scope none',
        );
      await db
        .updateTable('devices')
        .set((eb) => ({
          role,
          patient_id: patientId,
          scope_version: eb(eb.ref('scope_version'), '+', 1),
        }))
        .where('device_id', '=', deviceId)
        .execute();
      return device(deviceId);
    },
  };
}

function summary(row: {
  device_id: string;
  clinic_id: string;
  name: string | null;
  role: string;
  patient_id: string | null;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}): DeviceSummary {
  return {
    deviceId: row.device_id,
    clinicId: row.clinic_id,
    name: row.name,
    role: roleSchema.parse(row.role),
    patientId: row.patient_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  };
}
