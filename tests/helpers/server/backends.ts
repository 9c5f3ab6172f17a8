import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTarget, OpenedDatabase } from '../../../server/db/open-database';
import { openDatabase } from '../../../server/db/open-database';
import { createTestDatabase, postgresAvailable } from './postgres';

export interface TestBackend {
  name: 'PGlite' | 'PostgreSQL';
  /** A new, empty database; closing it also removes it. */
  open(): Promise<OpenedDatabase & { target: DatabaseTarget }>;
}

export const PGLITE_BACKEND: TestBackend = {
  name: 'PGlite',
  async open() {
    const target: DatabaseTarget = { kind: 'pglite', dataDir: null };
    return { ...(await openDatabase(target)), target };
  },
};

export const POSTGRES_BACKEND: TestBackend = {
  name: 'PostgreSQL',
  async open() {
    const database = await createTestDatabase();
    const target: DatabaseTarget = { kind: 'postgres', url: database.url, poolMax: 20 };
    const opened = await openDatabase(target);
    return {
      ...opened,
      target,
      async close() {
        await opened.close();
        await database.drop();
      },
    };
  },
};

/** Both backends where PostgreSQL answers (always in CI), else PGlite alone with a warning. */
export async function serverBackends(): Promise<TestBackend[]> {
  return (await postgresAvailable()) ? [PGLITE_BACKEND, POSTGRES_BACKEND] : [PGLITE_BACKEND];
}

/** A database a server process or the admin CLI opens itself, with the flags that name it. */
export interface ServerTarget {
  name: TestBackend['name'];
  prepare: () => Promise<{ target: DatabaseTarget; args: string[]; cleanup: () => Promise<void> }>;
}

const PGLITE_DIR_TARGET: ServerTarget = {
  name: 'PGlite',
  prepare() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-server-data-'));
    return Promise.resolve({
      target: { kind: 'pglite', dataDir },
      args: ['--data-dir', dataDir],
      cleanup: () => Promise.resolve(),
    });
  },
};

const POSTGRES_URL_TARGET: ServerTarget = {
  name: 'PostgreSQL',
  async prepare() {
    const database = await createTestDatabase();
    return {
      target: { kind: 'postgres', url: database.url },
      args: ['--database-url', database.url],
      cleanup: () => database.drop(),
    };
  },
};

/** A PGlite data directory, and a fresh PostgreSQL database where one answers. */
export async function serverTargets(): Promise<ServerTarget[]> {
  return (await postgresAvailable())
    ? [PGLITE_DIR_TARGET, POSTGRES_URL_TARGET]
    : [PGLITE_DIR_TARGET];
}
