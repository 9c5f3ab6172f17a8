import type { HostHistoryQuery, HostHistoryResponse, HostStep } from '@shared/sync/host-report';
import {
  HOST_HISTORY_MAX_POINTS,
  HOST_HOUR_MS,
  HOST_MINUTE_MS,
  hostSampleSchema,
} from '@shared/sync/host-report';
import type { DeviceContext } from '../auth/device-context';
import type { Db } from '../db/database';
import { SyncError } from '../http/sync-error';
import { requireStaff } from './list-hosts';

const STEP_MS: Record<HostStep, number> = { '1m': HOST_MINUTE_MS, '1h': HOST_HOUR_MS };

/** §13 `GET /v1/hosts/:deviceId/history`: minutes or hours of one PC of the caller's clinic. */
export async function hostHistory(
  db: Db,
  device: DeviceContext,
  deviceId: string,
  query: HostHistoryQuery,
): Promise<HostHistoryResponse> {
  requireStaff(device);
  const target = await db
    .selectFrom('devices')
    .select('device_id')
    .where('device_id', '=', deviceId)
    .where('clinic_id', '=', device.clinicId)
    .executeTakeFirst();
  // Another clinic's device is answered exactly like one that does not exist.
  if (!target) throw new SyncError(404, 'NOT_FOUND', 'This clinic has no such device');
  const step = query.step ?? (query.to - query.from <= 24 * HOST_HOUR_MS ? '1m' : '1h');
  if ((query.to - query.from) / STEP_MS[step] > HOST_HISTORY_MAX_POINTS)
    throw new SyncError(400, 'MALFORMED', 'The range holds too many points: use a coarser step');

  const table = step === '1m' ? 'host_minutes' : 'host_hours';
  const rows = await db
    .selectFrom(table)
    .select(['t', 'minutes', 'sample'])
    .where('device_id', '=', deviceId)
    .where('t', '>=', query.from)
    .where('t', '<=', query.to)
    .orderBy('t')
    .execute();
  const reboots = await db
    .selectFrom('host_events')
    .select('at')
    .where('device_id', '=', deviceId)
    .where('kind', '=', 'reboot')
    .where('at', '>=', query.from)
    .where('at', '<=', query.to)
    .orderBy('at')
    .execute();
  return {
    deviceId,
    step,
    points: rows.map((row) => ({
      ...hostSampleSchema.parse(row.sample),
      t: row.t,
      minutes: row.minutes,
    })),
    reboots: reboots.map((row) => row.at),
  };
}
