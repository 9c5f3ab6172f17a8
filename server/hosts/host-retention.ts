import { HOST_HOUR_RETENTION_MS, HOST_MINUTE_RETENTION_MS } from '@shared/sync/host-report';
import type { Db } from '../db/database';

/** §13: one-minute aggregates are kept 7 days, hours and reboot events 400 days. */
export async function applyHostRetention(db: Db, now: number): Promise<void> {
  await db
    .deleteFrom('host_minutes')
    .where('t', '<', now - HOST_MINUTE_RETENTION_MS)
    .execute();
  await db
    .deleteFrom('host_hours')
    .where('t', '<', now - HOST_HOUR_RETENTION_MS)
    .execute();
  await db
    .deleteFrom('host_events')
    .where('at', '<', now - HOST_HOUR_RETENTION_MS)
    .execute();
}
