import type { Db } from '../db/database';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts one attempt in a fixed window, in the database so that every replica behind a load
 * balancer shares the count. Returns how long to wait when the window is full, else null.
 */
export async function takeAttempt(
  db: Db,
  bucket: string,
  rule: RateLimit,
  now: number,
): Promise<number | null> {
  const windowStart = now - (now % rule.windowMs);
  const row = await db
    .insertInto('pair_attempts')
    .values({ bucket, window_start: windowStart, attempts: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['bucket', 'window_start'])
        .doUpdateSet((eb) => ({ attempts: eb(eb.ref('pair_attempts.attempts'), '+', 1) })),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts > rule.limit ? windowStart + rule.windowMs - now : null;
}

/** Drops windows that have ended. */
export async function forgetOldAttempts(db: Db, now: number, maxWindowMs: number): Promise<void> {
  await db
    .deleteFrom('pair_attempts')
    .where('window_start', '<', now - maxWindowMs)
    .execute();
}
