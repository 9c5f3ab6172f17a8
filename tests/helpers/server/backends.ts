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
