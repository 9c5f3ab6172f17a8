import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { newToken } from './auth/secrets';
import type { ServerConfig } from './config/server-config';
import type { Db } from './db/database';
import { migrateToLatest } from './db/migrations';
import type { OpenedDatabase } from './db/open-database';
import { openDatabase } from './db/open-database';
import { ensureServerEpoch } from './db/server-epoch';
import { buildApp } from './http/build-app';
import { createAppContext } from './http/create-app-context';
import { runMaintenance } from './maintenance';

/** Where a PGlite server tells the admin CLI how to reach it while it holds the directory. */
export const ADMIN_FILE = 'admin.json';
const MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000;

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  database: OpenedDatabase;
  url: string;
  epoch: string;
  adminToken: string | null;
  close(): Promise<void>;
}

export interface ServerDeps {
  now: () => number;
  logger: FastifyBaseLogger;
}

/**
 * Opens the database, migrates it, and serves: the one start-up path of `npm run server`, the
 * Docker image, the tests and the benchmarks.
 */
export async function startServer(config: ServerConfig, deps: ServerDeps): Promise<RunningServer> {
  const database = await openDatabase(config.database);
  try {
    return await serve(database, config, deps);
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function serve(
  database: OpenedDatabase,
  config: ServerConfig,
  deps: ServerDeps,
): Promise<RunningServer> {
  const { db } = database;
  const applied = await migrateToLatest(db);
  if (applied.length > 0) deps.logger.info({ migrations: applied }, 'Database migrated');
  const epoch = await ensureServerEpoch(db);
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  const adminToken = dataDir !== null ? newToken() : null;
  const context = createAppContext(db, deps.now, { ...config, adminToken });
  const https = config.tls
    ? { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }
    : null;
  const app = await buildApp(context, {
    logger: deps.logger,
    trustProxy: config.trustProxy,
    https,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');

  const adminFile = dataDir !== null ? path.join(dataDir, ADMIN_FILE) : null;
  if (adminFile !== null && adminToken !== null)
    await writeFile(
      adminFile,
      JSON.stringify({ url: localUrl(url, config), token: adminToken, pid: process.pid }),
      { mode: 0o600 },
    );

  const maintain = (): void => {
    runMaintenance(db, deps.now(), context.maintenance).then(
      ({ tombstones }) => {
        if (tombstones > 0) deps.logger.info({ tombstones }, 'Compacted deleted records');
      },
      (error: unknown) =>
        deps.logger.warn({ err: error }, 'Maintenance failed; it runs again later'),
    );
  };
  const timer = setInterval(maintain, MAINTENANCE_INTERVAL_MS);
  timer.unref();

  let closed = false;
  return {
    app,
    db,
    database,
    url,
    epoch,
    adminToken,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      if (adminFile !== null) await rm(adminFile, { force: true });
      await app.close();
      await database.close();
    },
  };
}

/** The admin CLI runs on this machine: it reaches a server bound to every address on loopback. */
function localUrl(url: string, config: ServerConfig): string {
  const parsed = new URL(url);
  if (config.host === '0.0.0.0' || config.host === '::') parsed.hostname = '127.0.0.1';
  return parsed.toString().replace(/\/$/, '');
}
