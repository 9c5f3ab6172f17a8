import type { Db } from '../db/database';

export const DEFAULT_TOMBSTONE_RETENTION_MS = 180 * 24 * 60 * 60 * 1000;
export const PUSH_BATCH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * §6 compaction: tombstones untouched for the retention period (at least the longest time a
 * device stays offline) are deleted, and the clinic's tombstone horizon moves to the highest seq
 * removed, so a cursor from before it resyncs instead of missing those deletions. Runs under the
 * clinic's sequence lock, like a push.
 */
export async function compactTombstones(db: Db, now: number, retentionMs: number): Promise<number> {
  const clinics = await db
    .selectFrom('records')
    .select('clinic_id')
    .distinct()
    .where('deleted', '=', true)
    .where('updated_at', '<', now - retentionMs)
    .execute();
  let removed = 0;
  for (const { clinic_id } of clinics) {
    removed += await db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('clinic_seq')
        .select('last_seq')
        .where('clinic_id', '=', clinic_id)
        .forUpdate()
        .execute();
      const gone = await trx
        .deleteFrom('records')
        .where('clinic_id', '=', clinic_id)
        .where('deleted', '=', true)
        .where('updated_at', '<', now - retentionMs)
        .returning('seq')
        .execute();
      const horizon = Math.max(0, ...gone.map((row) => row.seq));
      await trx
        .updateTable('clinic_seq')
        .set((eb) => ({
          tombstone_horizon: eb.fn('greatest', [eb.ref('tombstone_horizon'), eb.val(horizon)]),
        }))
        .where('clinic_id', '=', clinic_id)
        .execute();
      return gone.length;
    });
  }
  return removed;
}

/** Stored push answers are kept 30 days; a later replay re-applies, which LWW makes harmless. */
export async function forgetOldPushBatches(db: Db, now: number): Promise<void> {
  await db
    .deleteFrom('push_batches')
    .where('created_at', '<', now - PUSH_BATCH_RETENTION_MS)
    .execute();
}
