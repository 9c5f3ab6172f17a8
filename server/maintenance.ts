import type { Db } from './db/database';
import { applyHostRetention } from './hosts/host-retention';
import { forgetOldAttempts } from './pairing/pair-rate-limit';
import { compactTombstones, forgetOldPushBatches } from './sync/compact-tombstones';

export interface MaintenanceOptions {
  tombstoneRetentionMs: number;
}

/** Housekeeping: compaction, retention of push answers, host history and rate-limit windows. */
export async function runMaintenance(
  db: Db,
  now: number,
  options: MaintenanceOptions,
): Promise<{ tombstones: number }> {
  const tombstones = await compactTombstones(db, now, options.tombstoneRetentionMs);
  await forgetOldPushBatches(db, now);
  await applyHostRetention(db, now);
  await forgetOldAttempts(db, now, 24 * 60 * 60 * 1000);
  await db
    .deleteFrom('pairing_codes')
    .where('expires_at', '<', now - 24 * 60 * 60 * 1000)
    .execute();
  return { tombstones };
}
