import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { PairResponse, Role } from '@shared/sync/protocol';
import { pairResponseSchema, pushResponseSchema } from '@shared/sync/protocol';
import type { AdminOps } from '../../../server/admin/admin-ops';
import { restoreBackup, writeBackup } from '../../../server/admin/backup';
import { createAdminOps } from '../../../server/admin/admin-ops';
import type { Db } from '../../../server/db/database';
import { migrateToLatest } from '../../../server/db/migrations';
import type { DatabaseTarget, OpenedDatabase } from '../../../server/db/open-database';
import { ensureServerEpoch } from '../../../server/db/server-epoch';
import type { AppContext } from '../../../server/http/app-context';
import { buildApp } from '../../../server/http/build-app';
import type { ContextSettings } from '../../../server/http/create-app-context';
import { createAppContext } from '../../../server/http/create-app-context';
import { uuidv7 } from '../sync/ids';
import { patientFields, pushOf, stamp, upsert } from '../sync/records';
import type { TestBackend } from './backends';

export interface TestClock {
  now: () => number;
  set: (ms: number) => void;
  advance: (ms: number) => void;
}

export function createTestClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): TestClock {
  let current = start;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

export interface PairedDevice extends PairResponse {
  auth: string;
}

export interface TestServer {
  backend: TestBackend['name'];
  app: FastifyInstance;
  db: Db;
  database: OpenedDatabase & { target: DatabaseTarget };
  context: AppContext;
  clock: TestClock;
  admin: AdminOps;
  adminToken: string;
  /** Set when started with `listen: true`. */
  url: string;
  call(
    method: 'GET' | 'POST',
    url: string,
    options?: {
      token?: string | null;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Answer>;
  createClinic(name?: string): Promise<string>;
  pair(clinicId: string, role: Role, patientId?: string | null): Promise<PairedDevice>;
  /** A staff device and a patient created through it (patient records need a staff writer). */
  createPatient(staff: PairedDevice, patientId?: string): Promise<string>;
  /** A backup of the whole server now, as the admin CLI writes it. */
  backup(): Promise<string>;
  /** Goes back to a backup taken with `backup()`: a new epoch, later writes gone. */
  restore(backup: string): Promise<{ rows: number; epoch: string }>;
  /**
   * Stops the HTTP server and starts it again on the same address over the same database, as a
   * restarted server process would (open connections are cut, nothing in memory survives).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions extends Partial<ContextSettings> {
  listen?: boolean;
  clock?: TestClock;
}

/** The real app (routes, database, migrations) on a fresh database of `backend`. */
export async function startTestServer(
  backend: TestBackend,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = await backend.open();
  const { db } = database;
  await migrateToLatest(db);
  await ensureServerEpoch(db);
  const clock = options.clock ?? createTestClock();
  const adminToken = 'A'.repeat(43);
  const newContext = () =>
    createAppContext(db, clock.now, {
      minSchemaVersion: options.minSchemaVersion ?? 1,
      adminToken,
      pairAttemptsPerMinute: options.pairAttemptsPerMinute ?? 100_000,
      metricsToken: options.metricsToken ?? null,
      tombstoneRetentionDays: options.tombstoneRetentionDays ?? 180,
    });
  const context = newContext();
  const app = await buildApp(context, { logger: pino({ level: 'silent' }) });
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  const admin = createAdminOps(db, clock.now);

  const server: TestServer = {
    backend: backend.name,
    app,
    db,
    database,
    context,
    clock,
    admin,
    adminToken,
    url,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
      const payload =
        callOptions.raw ??
        (callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body));
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const response = await server.app.inject({
        method,
        url: path,
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      let body: unknown = response.body;
      try {
        body = response.json();
      } catch {
        // not JSON (metrics)
      }
      return { status: response.statusCode, body, headers: response.headers };
    },
    async createClinic(name = 'Test clinic') {
      return (await admin.createClinic(name)).clinicId;
    },
    async pair(clinicId, role, patientId = null) {
      const { code } = await admin.issuePairingCode(clinicId, role, patientId);
      const answer = await server.call('POST', '/v1/pair', {
        body: { code, deviceId: uuidv7(clock.now()), deviceName: `${role} device` },
      });
      if (answer.status !== 200) throw new Error(`Pairing failed: ${JSON.stringify(answer.body)}`);
      const paired = pairResponseSchema.parse(answer.body);
      return { ...paired, auth: paired.deviceToken };
    },
    async createPatient(staff, patientId = uuidv7(clock.now())) {
      const answer = await server.call('POST', '/v1/push', {
        token: staff.auth,
        body: pushOf([
          upsert('patients', patientId, patientId, patientFields(), stamp(clock.now())),
        ]),
      });
      const response = pushResponseSchema.parse(answer.body);
      if (response.results[0]?.outcome !== 'applied') throw new Error('Could not create a patient');
      return patientId;
    },
    async backup() {
      const lines: string[] = [];
      await writeBackup(db, clock.now(), (line) => {
        lines.push(line);
        return Promise.resolve();
      });
      return lines.join('');
    },
    restore(backup) {
      return restoreBackup(db, backup.split('\n'));
    },
    async restart() {
      await server.app.close();
      server.context = newContext();
      server.app = await buildApp(server.context, { logger: pino({ level: 'silent' }) });
      if (server.url !== '') {
        const { port } = new URL(server.url);
        await server.app.listen({ host: '127.0.0.1', port: Number(port) });
      }
    },
    async close() {
      await server.app.close();
      await database.close();
    },
  };
  return server;
}
