import type { Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import type { Db } from './database';
import * as initial from './migrations/001-initial';

/** Every schema migration, in order. Append only: a released migration never changes. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
};

export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/**
 * Brings the database to the latest schema at start-up. Kysely's migrator takes a lock, so
 * several PostgreSQL replicas starting together migrate once.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('A migration failed');
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((r) => r.migrationName);
}
