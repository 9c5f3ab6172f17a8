import type { AdminOps } from './admin-ops';
import { createAdminOps } from './admin-ops';
import { restoreBackup, writeBackup } from './backup';
import type { OpenedDatabase } from '../db/open-database';
import { migrateToLatest } from '../db/migrations';
import { ensureServerEpoch } from '../db/server-epoch';
import type { MaintenanceOptions } from '../maintenance';
import { runMaintenance } from '../maintenance';

/** What the admin CLI works through: the database itself, or a running server's admin API. */
export interface AdminBackend extends AdminOps {
  describe: string;
  backup(write: (line: string) => Promise<void>): Promise<number>;
  restore(
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<{ rows: number; epoch: string }>;
  maintenance(): Promise<{ tombstones: number }>;
  close(): Promise<void>;
}

/** Works on the database directly (PostgreSQL, or a PGlite directory no server holds). */
export async function directAdminBackend(
  database: OpenedDatabase,
  now: () => number,
  maintenance: MaintenanceOptions,
): Promise<AdminBackend> {
  await migrateToLatest(database.db);
  await ensureServerEpoch(database.db);
  return {
    ...createAdminOps(database.db, now),
    describe: `${database.kind === 'pglite' ? 'PGlite in' : 'PostgreSQL at'} ${database.location}`,
    backup: (write) => writeBackup(database.db, now(), write),
    restore: (lines) => restoreBackup(database.db, lines),
    maintenance: () => runMaintenance(database.db, now(), maintenance),
    close: () => database.close(),
  };
}
