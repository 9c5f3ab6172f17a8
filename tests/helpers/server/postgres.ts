import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../../../scripts/postgres-url.mjs';

const inCi = process.env.CI === 'true' || process.env.CI === '1';

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether the PostgreSQL tests can run. In CI a missing PostgreSQL is a failure, never a skip
 * (`.ci/run` and `npm test` provide one through scripts/ensure-postgres.mjs).
 */
export async function postgresAvailable(): Promise<boolean> {
  const url = testDatabaseUrl(process.env);
  if (await canConnect(url)) return true;
  if (inCi) throw new Error(`PostgreSQL is required in CI but does not answer at ${url}`);
  console.warn(`⚠ PostgreSQL does not answer at ${url}: its test variants are skipped.`);
  return false;
}

/** A fresh, empty database for one test server, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = testDatabaseUrl(process.env);
  const name = `hd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
