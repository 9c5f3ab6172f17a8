// 100,000 readings, side by side in one run: pushed from a device and pulled into a fresh device,
// HealthDesk (main-process transport -> sync server on PGlite in a data directory) against PouchDB
// replication to pouchdb-server (LevelDB in a data directory). Both devices keep their copy in
// memory (our in-memory store; PouchDB's memory adapter). pouchdb-server is installed by this
// benchmark into a temporary folder, never as a dependency of the project.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Change, Cursor } from '@shared/sync/protocol';
import { mergeFields } from '@shared/sync/merge';
import { httpAdminBackend } from '../../server/admin/http-admin-backend';
import { createMemoryLogger } from '../../electron/main/services/logger';
import { createSyncTransport } from '../../electron/main/services/sync/sync-transport';
import type { SyncTransport } from '../../electron/main/services/sync/sync-transport';
import { freePort, startServerProcess } from '../helpers/server/server-process';
import { uuidv7 } from '../helpers/sync/ids';
import { memorySecretStore, memorySettingsStore } from '../helpers/sync/memory-stores';
import { patientFields, readingFields, stamp, upsert } from '../helpers/sync/records';
import { report } from './report';

const RECORDS = Number(process.env.HEALTHDESK_BENCH_RECORDS ?? 100_000);
const BATCH = 500;
const PAGE = 1000;
const log = (text: string) => process.stderr.write(`${text}\n`);

function readings(patientId: string, now: number): Change[] {
  return Array.from({ length: RECORDS }, (_, i) =>
    upsert(
      'vitals',
      uuidv7(now - i),
      patientId,
      readingFields({ takenAt: now - i * 60_000, heartRate: 60 + (i % 40) }),
      stamp(now, i % 99_999, 'bench'),
    ),
  );
}

async function healthDesk(): Promise<{ pushSeconds: number; pullSeconds: number }> {
  // The server in its own process, as `npm run server` runs it (PGlite in a data directory).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-server-'));
  const server = await startServerProcess({ args: ['--data-dir', dataDir, '--port', '0'] });
  try {
    const adminFile = z
      .object({ url: z.string(), token: z.string() })
      .parse(JSON.parse(readFileSync(path.join(dataDir, 'admin.json'), 'utf8')));
    const admin = httpAdminBackend(adminFile.url, adminFile.token);
    const { clinicId } = await admin.createClinic('Bench clinic');
    const device = async (): Promise<SyncTransport> => {
      const transport = createSyncTransport({
        fetch: globalThis.fetch,
        now: Date.now,
        secretStore: memorySecretStore(),
        settings: memorySettingsStore(),
        deviceId: () => Promise.resolve(randomUUID()),
        logger: createMemoryLogger(),
        requestTimeoutMs: 120_000,
      });
      const { code } = await admin.issuePairingCode(clinicId, 'staff', null);
      const paired = await transport.pair({ serverUrl: server.url, code, allowInsecureLan: true });
      if (paired.outcome !== 'paired') throw new Error(`Pairing failed: ${paired.outcome}`);
      return transport;
    };
    const writer = await device();
    const patientId = uuidv7();
    const now = Date.now();
    await writer.push({
      protocolVersion: 1,
      schemaVersion: 1,
      batchId: uuidv7(),
      changes: [upsert('patients', patientId, patientId, patientFields(), stamp(now))],
    });
    const outbox = readings(patientId, now);

    let started = performance.now();
    for (let i = 0; i < outbox.length; i += BATCH) {
      const answer = await writer.push({
        protocolVersion: 1,
        schemaVersion: 1,
        batchId: uuidv7(),
        changes: outbox.slice(i, i + BATCH),
      });
      if (answer.outcome !== 'ok') throw new Error(`Push failed: ${JSON.stringify(answer)}`);
    }
    const pushSeconds = (performance.now() - started) / 1000;
    log(`HealthDesk pushed ${RECORDS} readings in ${pushSeconds.toFixed(1)} s`);

    const reader = await device();
    const store = new Map<string, { data: Record<string, unknown>; hlc: Record<string, string> }>();
    let cursor: Cursor | null = null;
    started = performance.now();
    for (;;) {
      const answer = await reader.pull({
        protocolVersion: 1,
        schemaVersion: 1,
        cursor,
        limit: PAGE,
      });
      if (answer.outcome !== 'ok') throw new Error(`Pull failed: ${JSON.stringify(answer)}`);
      for (const record of answer.body.changes)
        store.set(record.id, mergeFields(store.get(record.id) ?? null, record.data, record.hlc));
      cursor = answer.body.cursor;
      if (!answer.body.hasMore) break;
    }
    const pullSeconds = (performance.now() - started) / 1000;
    if (store.size !== RECORDS + 1) throw new Error(`Pulled ${store.size} records`);
    log(
      `HealthDesk synced ${store.size} records into a fresh device in ${pullSeconds.toFixed(1)} s`,
    );
    return { pushSeconds, pullSeconds };
  } finally {
    await server.kill('SIGTERM');
  }
}

interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  replicate: {
    to(target: string, options: object): Promise<unknown>;
    from(source: string, options: object): Promise<unknown>;
  };
}
type PouchConstructor = (new (name: string, options: object) => PouchDb) & {
  plugin(plugin: unknown): void;
};

/** Installs pouchdb-server and a PouchDB client into a temporary folder, once per machine. */
function installPouchDb(): string | null {
  const dir = path.join(os.tmpdir(), 'healthdesk-bench-pouchdb');
  if (existsSync(path.join(dir, 'node_modules/.bin/pouchdb-server'))) return dir;
  mkdirSync(dir, { recursive: true });
  log(`Installing pouchdb-server into ${dir} for the comparison (a few minutes, once)…`);
  const result = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefix',
      dir,
      'pouchdb-server@4',
      'pouchdb-node@9',
      'pouchdb-adapter-memory@9',
    ],
    {
      stdio: ['ignore', 2, 2],
    },
  );
  return result.status === 0 ? dir : null;
}

async function pouchDb(dir: string): Promise<{ pushSeconds: number; pullSeconds: number }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-pouchdb-data-'));
  const child = spawn(
    process.execPath,
    [
      path.join(dir, 'node_modules/pouchdb-server/bin/pouchdb-server'),
      '--port',
      String(port),
      '--dir',
      dataDir,
    ],
    {
      cwd: dataDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      const up = await fetch(base).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const require = createRequire(path.join(dir, 'package.json'));
    const PouchDB = require('pouchdb-node') as PouchConstructor;
    PouchDB.plugin(require('pouchdb-adapter-memory'));
    const now = Date.now();
    const patientId = uuidv7();
    const docs = readings(patientId, now).map((change) =>
      change.op === 'upsert' ? { _id: change.id, patientId, ...change.fields } : { _id: change.id },
    );
    const local = new PouchDB(`bench-local-${randomUUID()}`, { adapter: 'memory' });
    for (let i = 0; i < docs.length; i += 10_000) await local.bulkDocs(docs.slice(i, i + 10_000));

    let started = performance.now();
    await local.replicate.to(`${base}/readings`, { batch_size: BATCH });
    const pushSeconds = (performance.now() - started) / 1000;
    log(`PouchDB replicated ${RECORDS} documents to pouchdb-server in ${pushSeconds.toFixed(1)} s`);

    const fresh = new PouchDB(`bench-fresh-${randomUUID()}`, { adapter: 'memory' });
    started = performance.now();
    await fresh.replicate.from(`${base}/readings`, { batch_size: PAGE });
    const pullSeconds = (performance.now() - started) / 1000;
    const { doc_count } = await fresh.info();
    if (doc_count !== RECORDS) throw new Error(`PouchDB pulled ${doc_count} documents`);
    log(
      `PouchDB replicated ${doc_count} documents into a fresh database in ${pullSeconds.toFixed(1)} s`,
    );
    return { pushSeconds, pullSeconds };
  } finally {
    child.kill('SIGTERM');
  }
}

const ours = await healthDesk();
const pouchDir = installPouchDb();
const theirs = pouchDir ? await pouchDb(pouchDir) : null;
if (!theirs)
  log(
    'pouchdb-server could not be installed (npm install failed): the comparison figures are missing.',
  );

const label = `${RECORDS / 1000}k`;
for (const [what, mine, baseline] of [
  ['push', ours.pushSeconds, theirs?.pushSeconds],
  ['initialSync', ours.pullSeconds, theirs?.pullSeconds],
] as const) {
  report({
    name: `sync.${what}.${label}.healthdesk`,
    value: mine,
    unit: 's',
    ...(baseline === undefined
      ? {}
      : { baseline: 'pouchdb-server replication', ratio: baseline / mine }),
  });
  if (baseline !== undefined)
    report({ name: `sync.${what}.${label}.pouchdb`, value: baseline, unit: 's' });
}
