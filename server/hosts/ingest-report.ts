import type { HostReport, HostReportResponse } from '@shared/sync/host-report';
import { HOST_HOUR_MS, HOST_HOUR_RETENTION_MS, hostSampleSchema } from '@shared/sync/host-report';
import type { DeviceContext } from '../auth/device-context';
import type { Db } from '../db/database';
import { toJson } from '../db/json';
import { SyncError } from '../http/sync-error';
import { aggregatePoints, asPoint } from './aggregate-samples';

/** bootTime is computed from uptime and jitters by a second or two; a reboot moves it further. */
export const REBOOT_TOLERANCE_MS = 60_000;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * §13: stores a staff PC's one-minute samples (idempotently: a resent minute replaces itself),
 * recomputes the hours they fall in, notes a reboot when the boot time moved forward, and marks
 * the host as seen now. Samples from the future or past the hourly retention are ignored.
 */
export async function ingestHostReport(
  db: Db,
  device: DeviceContext,
  report: HostReport,
  now: number,
): Promise<HostReportResponse> {
  if (device.role !== 'staff')
    throw new SyncError(403, 'FORBIDDEN', 'Only a clinic’s staff PCs report their health');
  if (report.deviceId !== device.deviceId)
    throw new SyncError(403, 'FORBIDDEN', 'A device reports only for itself');
  // One sample per minute: a report that repeats a minute keeps its last one. (PostgreSQL
  // refuses an INSERT … ON CONFLICT that would update the same row twice.)
  const byMinute = new Map<number, (typeof report.samples)[number]>();
  for (const sample of report.samples) {
    if (sample.t <= now + FUTURE_TOLERANCE_MS && sample.t >= now - HOST_HOUR_RETENTION_MS)
      byMinute.set(sample.t, sample);
  }
  const samples = [...byMinute.values()];
  const latest = samples.reduce<(typeof samples)[number] | null>(
    (newest, sample) => (newest === null || sample.t > newest.t ? sample : newest),
    null,
  );

  const rebooted = await db.transaction().execute(async (trx) => {
    if (samples.length > 0) {
      await trx
        .insertInto('host_minutes')
        .values(
          samples.map((sample) => ({
            device_id: device.deviceId,
            clinic_id: device.clinicId,
            t: sample.t,
            minutes: 1,
            sample: toJson(sample),
          })),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['device_id', 't'])
            .doUpdateSet((eb) => ({ sample: eb.ref('excluded.sample') })),
        )
        .execute();
    }
    const hours = [...new Set(samples.map((sample) => sample.t - (sample.t % HOST_HOUR_MS)))];
    for (const hour of hours) {
      const rows = await trx
        .selectFrom('host_minutes')
        .select('sample')
        .where('device_id', '=', device.deviceId)
        .where('t', '>=', hour)
        .where('t', '<', hour + HOST_HOUR_MS)
        .execute();
      const point = aggregatePoints(
        hour,
        rows.map((row) => asPoint(hostSampleSchema.parse(row.sample))),
      );
      if (!point) continue;
      const { minutes, ...sample } = point;
      await trx
        .insertInto('host_hours')
        .values({
          device_id: device.deviceId,
          clinic_id: device.clinicId,
          t: hour,
          minutes,
          sample: toJson(sample),
        })
        .onConflict((conflict) =>
          conflict.columns(['device_id', 't']).doUpdateSet((eb) => ({
            minutes: eb.ref('excluded.minutes'),
            sample: eb.ref('excluded.sample'),
          })),
        )
        .execute();
    }

    const previous = await trx
      .selectFrom('hosts')
      .select(['boot_time', 'latest', 'last_reboot_at'])
      .where('device_id', '=', device.deviceId)
      .forUpdate()
      .executeTakeFirst();
    const reboot =
      previous !== undefined && report.bootTime > previous.boot_time + REBOOT_TOLERANCE_MS;
    if (reboot) {
      await trx
        .insertInto('host_events')
        .values({
          device_id: device.deviceId,
          clinic_id: device.clinicId,
          at: report.bootTime,
          kind: 'reboot',
          boot_time: report.bootTime,
        })
        .execute();
    }
    const stored = previous?.latest ? hostSampleSchema.safeParse(previous.latest) : null;
    const newest =
      latest && (!stored?.success || latest.t >= stored.data.t) ? latest : (stored?.data ?? null);
    const host = {
      clinic_id: device.clinicId,
      hostname: report.hostname,
      platform: report.platform,
      boot_time:
        reboot || !previous ? report.bootTime : Math.max(previous.boot_time, report.bootTime),
      last_seen_at: now,
      last_reboot_at: reboot ? report.bootTime : (previous?.last_reboot_at ?? null),
      latest: newest ? toJson(newest) : null,
    };
    await trx
      .insertInto('hosts')
      .values({ device_id: device.deviceId, ...host })
      .onConflict((conflict) => conflict.column('device_id').doUpdateSet(host))
      .execute();
    return reboot;
  });
  return {
    accepted: samples.length,
    ignored: report.samples.length - samples.length,
    rebooted,
    serverTime: now,
  };
}
