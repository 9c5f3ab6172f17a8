import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './database';
import type { DataDirLock } from './data-dir-lock';
import { lockDataDir } from './data-dir-lock';
import { createPglitePool } from './pglite-pool';

export type DatabaseTarget =
  /** Embedded PGlite in a data directory, or in memory when `dataDir` is null (tests). */
  { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolMax?: number };

export interface OpenedDatabase {
  db: Db;
  kind: DatabaseTarget['kind'];
  /** Where the data lives, for the start-up line (a URL without its password). */
  location: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

/**
 * int8 (seq, times, counts) comes back as a number on both backends. node-postgres returns int8
 * as a string and PGlite as a number; one parser keeps the code path identical. The values stay
 * far below 2^53.
 */
function parseInt8(value: string): number {
  return Number(value);
}

/** node-postgres's type parsers with int8 replaced, for this pool only (not process-wide). */
function int8AsNumber(): pg.CustomTypesConfig {
  const builtins = pg.types;
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
      oid === INT8_OID
        ? parseInt8
        : (builtins.getTypeParser as (oid: number, format?: string) => unknown)(
            oid,
            format,
          )) as typeof builtins.getTypeParser,
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolMax ?? 10,
      // A request waits this long for a connection, then answers 503 BUSY instead of piling up.
      connectionTimeoutMillis: 5_000,
      types: int8AsNumber(),
    });
    // An idle client losing its connection must not crash the server; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', location: redactUrl(target.url), close: () => db.destroy() };
  }

  let lock: DataDirLock | null = null;
  let dataPath: string | undefined;
  if (target.dataDir !== null) {
    await mkdir(target.dataDir, { recursive: true });
    lock = await lockDataDir(target.dataDir);
    dataPath = path.join(target.dataDir, 'pgdata');
  }
  try {
    const pglite = new PGlite(dataPath, { parsers: { [INT8_OID]: parseInt8 } });
    await pglite.waitReady;
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPglitePool(pglite) }),
    });
    return {
      db,
      kind: 'pglite',
      location: target.dataDir ?? 'memory',
      async close() {
        try {
          await db.destroy();
        } finally {
          await lock?.release();
        }
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
