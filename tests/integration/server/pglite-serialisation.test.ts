import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../server/db/open-database';
import { openDatabase } from '../../../server/db/open-database';
import { serverBackends } from '../../helpers/server/backends';

// PGlite has one session. Two transactions interleaved on it would be one transaction: a
// rollback in one would erase the other's committed rows. The pool must hand it out one at a time.
describe('PGlite behind the Kysely driver', () => {
  let database: OpenedDatabase;
  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dataDir: null });
    await sql`create table t (id int primary key)`.execute(database.db);
  }, 60_000);
  afterAll(() => database.close());

  it('runs one transaction at a time, so a rollback never takes another transaction’s rows', async () => {
    const events: string[] = [];
    let letFirstCommit!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (letFirstCommit = resolve));
    let firstInserted!: () => void;
    const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));

    const first = database.db.transaction().execute(async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
      events.push('first inserted');
      firstInserted();
      await firstMayCommit;
      events.push('first commits');
    });
    await firstHasInserted;
    const second = database.db
      .transaction()
      .execute(async (trx) => {
        events.push('second starts');
        await sql`insert into t values (2)`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => events.push('second rolled back'));
    const plain = sql<{ n: number }>`select count(*)::int as n from t`
      .execute(database.db)
      .then((result) => events.push(`count ${result.rows[0]?.n}`));
    letFirstCommit();
    await Promise.all([first, second, plain]);

    expect(events).toEqual([
      'first inserted',
      'first commits',
      'second starts',
      'second rolled back',
      'count 1',
    ]);
    const rows = await sql<{ id: number }>`select id from t order by id`.execute(database.db);
    expect(rows.rows).toEqual([{ id: 1 }]);
  });

  it('returns int8 as a number, like the PostgreSQL pool', async () => {
    const result = await sql<{ big: unknown }>`select 9007199254740991::int8 as big`.execute(
      database.db,
    );
    expect(result.rows[0]?.big).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe.each((await serverBackends()).filter((backend) => backend.name === 'PostgreSQL'))(
  'the $name pool',
  (backend) => {
    it('returns int8 as a number too', async () => {
      const database = await backend.open();
      try {
        const result = await sql<{ big: unknown }>`select 9007199254740991::int8 as big`.execute(
          database.db,
        );
        expect(result.rows[0]?.big).toBe(Number.MAX_SAFE_INTEGER);
      } finally {
        await database.close();
      }
    });
  },
);
