import { randomUUID } from 'node:crypto';
import type { Db } from './database';

const EPOCH_KEY = 'server_epoch';

/** The epoch is created with the database; every cursor carries it (§1). */
export async function ensureServerEpoch(db: Db): Promise<string> {
  await db
    .insertInto('schema_meta')
    .values({ k: EPOCH_KEY, v: randomUUID() })
    .onConflict((conflict) => conflict.column('k').doNothing())
    .execute();
  return readServerEpoch(db);
}

/**
 * Read on every pull rather than cached: after a restore on PostgreSQL, every running replica
 * must answer with the new epoch at once.
 */
export async function readServerEpoch(db: Db): Promise<string> {
  const row = await db
    .selectFrom('schema_meta')
    .select('v')
    .where('k', '=', EPOCH_KEY)
    .executeTakeFirst();
  if (!row) throw new Error('The database has no server epoch; run the migrations first');
  return row.v;
}

/** A restore makes a new epoch, so that every device's cursor is refused and it resyncs. */
export async function renewServerEpoch(db: Db): Promise<string> {
  const epoch = randomUUID();
  await db
    .insertInto('schema_meta')
    .values({ k: EPOCH_KEY, v: epoch })
    .onConflict((conflict) => conflict.column('k').doUpdateSet({ v: epoch }))
    .execute();
  return epoch;
}
