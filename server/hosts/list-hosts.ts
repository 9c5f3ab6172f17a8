import type { HostStatus, HostSummary, HostsResponse } from '@shared/sync/host-report';
import { HOST_STALE_AFTER_MS, hostSampleSchema } from '@shared/sync/host-report';
import type { DeviceContext } from '../auth/device-context';
import type { Db } from '../db/database';
import { SyncError } from '../http/sync-error';

export function hostStatus(lastSeenAt: number | null, now: number): HostStatus {
  if (lastSeenAt === null) return 'unknown';
  return now - lastSeenAt > HOST_STALE_AFTER_MS ? 'stale' : 'up';
}

export function requireStaff(device: DeviceContext): void {
  if (device.role !== 'staff')
    throw new SyncError(403, 'FORBIDDEN', 'Only staff devices see the clinic’s PCs');
}

/** The staff PCs a clinic has paired (not revoked), joined to what they last reported. */
function clinicHosts(db: Db) {
  return db
    .selectFrom('devices')
    .leftJoin('hosts', 'hosts.device_id', 'devices.device_id')
    .where('devices.role', '=', 'staff')
    .where('devices.revoked_at', 'is', null);
}

/** §13 `GET /v1/hosts`: every PC of the clinic with up/stale/unknown and its latest minute. */
export async function listHosts(
  db: Db,
  device: DeviceContext,
  now: number,
): Promise<HostsResponse> {
  requireStaff(device);
  const rows = await clinicHosts(db)
    .select([
      'devices.device_id',
      'devices.name',
      'hosts.hostname',
      'hosts.platform',
      'hosts.last_seen_at',
      'hosts.boot_time',
      'hosts.last_reboot_at',
      'hosts.latest',
    ])
    .where('devices.clinic_id', '=', device.clinicId)
    .orderBy('devices.created_at')
    .execute();
  const hosts = rows.map((row): HostSummary => ({
    deviceId: row.device_id,
    deviceName: row.name,
    status: hostStatus(row.last_seen_at, now),
    hostname: row.hostname,
    platform: row.platform,
    lastSeenAt: row.last_seen_at,
    bootTime: row.boot_time,
    lastRebootAt: row.last_reboot_at,
    latest: row.latest ? hostSampleSchema.parse(row.latest) : null,
  }));
  return { serverTime: now, hosts };
}

/** Hosts per status across all clinics, for the `healthdesk_hosts` gauge. */
export async function countHostsByStatus(db: Db, now: number): Promise<Record<HostStatus, number>> {
  const rows = await clinicHosts(db).select('hosts.last_seen_at').execute();
  const counts: Record<HostStatus, number> = { up: 0, stale: 0, unknown: 0 };
  for (const row of rows) counts[hostStatus(row.last_seen_at, now)]++;
  return counts;
}
