import type { PGlite } from '@electric-sql/pglite';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { createMutex } from './mutex';

type Command = PostgresQueryResult<unknown>['command'];

/**
 * PGlite behind the small pool interface Kysely's PostgreSQL driver uses, so both backends run
 * the same driver, compiler and SQL. PGlite has one session: two transactions interleaved on it
 * would share it (a rollback could erase the other's committed rows), so the pool hands out its
 * single connection to one caller at a time and queues the rest.
 */
export function createPglitePool(pglite: PGlite): PostgresPool {
  const mutex = createMutex();

  function query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('Streaming queries are not supported on PGlite');
    return pglite.query<R>(sql, [...parameters]).then((result) => ({
      command: (result.command ?? 'SELECT').toUpperCase() as Command,
      rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      rows: result.rows,
    }));
  }

  return {
    async connect(): Promise<PostgresPoolClient> {
      const release = await mutex.acquire();
      return { query, release };
    },
    async end(): Promise<void> {
      const release = await mutex.acquire();
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}
