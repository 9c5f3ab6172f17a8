// 100,000 readings, side by side in one run: pushed from a device and pulled into a fresh device.
//
// HealthDesk end to end, as a device does it: the readings are imported into Dexie by the app's
// import path (not timed); the renderer's sync loop (`syncOnce`) builds batches from the outbox,
// sends them through the host API (client, IPC as structured-clone messages, dispatcher) to the
// main process's transport, which talks HTTP to the sync server running in its own process on
// PGlite in a data directory; the fresh device applies every pulled page to Dexie with its
// summaries. As in the app, the renderer and the main process do not share a thread: the
// renderer's code runs in this thread, each device's main process in a worker thread. Both
// devices keep Dexie over fake-indexeddb (in memory, in Node).
//
// PouchDB: the same documents, replicated by PouchDB to and from pouchdb-server (LevelDB in a
// data directory); its devices use PouchDB's memory adapter, which is faster than Dexie over
// fake-indexeddb. pouchdb-server is installed by this benchmark into a temporary folder, never as
// a dependency of the project. Its batch sizes are the fastest for it we measured (POUCH_OPTIONS).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { z } from 'zod';
import { localDay } from '@shared/domain/dates';
import { httpAdminBackend } from '../../server/admin/http-admin-backend';
import type { HealthDeskDb } from '../../renderer/src/db/database';
import { openDatabase } from '../../renderer/src/db/database';
import { createPatient } from '../../renderer/src/db/repositories/patients';
import { importReadings } from '../../renderer/src/db/repositories/readings';
import { syncedFields } from '../../renderer/src/db/stamps';
import { countPendingChanges } from '../../renderer/src/db/sync/outbox';
import { syncOnce } from '../../renderer/src/db/sync/sync-once';
import type { SyncTransport } from '../../renderer/src/db/sync/transport';
import { hostSyncTransport } from '../../renderer/src/sync/host-sync-transport';
import type { MainProcessWorker } from '../helpers/main-worker/connect';
import { startMainProcessWorker } from '../helpers/main-worker/connect';
import { freePort, startServerProcess } from '../helpers/server/server-process';
import { report } from './report';

const RECORDS = Number(process.env.HEALTHDESK_BENCH_RECORDS ?? 100_000);
const log = (text: string) => process.stderr.write(`${text}\n`);

/**
 * PouchDB's replication options: the fastest we found for it. Measured on this machine (2 cores,
 * 100k readings, loaded), push / pull: its defaults (batch_size 100, batches_limit 10) 42–64 s /
 * 28–48 s; batch_size 500 / 1000 (our batch and page sizes) 24–29 s / 17–26 s; 1000 / 2000
 * 34 s / 18 s.
 */
const POUCH_OPTIONS = { push: { batch_size: 500 }, pull: { batch_size: 1000 } };

interface Doc {
  _id: string;
  [field: string]: unknown;
}

function freshDexie(name: string): Promise<HealthDeskDb> {
  return openDatabase(name, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** A device's main process (in a worker thread, host API over messages), paired with the clinic. */
async function pairedDevice(
  admin: ReturnType<typeof httpAdminBackend>,
  clinicId: string,
  serverUrl: string,
): Promise<MainProcessWorker> {
  const device = await startMainProcessWorker();
  // A device whose app has been running: its host sampler has started (its own process, from
  // source here through tsx, seconds of CPU that are not the sync being measured).
  for (let tries = 0; ; tries++) {
    const snapshot = await device.api.host.getSnapshot();
    if (snapshot.ok && snapshot.value.sampler.state === 'running') break;
    if (tries > 300) throw new Error('The device’s host sampler did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { code } = await admin.issuePairingCode(clinicId, 'staff', null);
  const paired = await device.api.sync.pair({ serverUrl, code, allowInsecureLan: true });
  if (!paired.ok || paired.value.outcome !== 'paired')
    throw new Error(`Pairing failed: ${JSON.stringify(paired)}`);
  return device;
}

/** The writer's records, imported the way the app imports readings; returned as documents. */
async function importedDevice(now: number): Promise<{ db: HealthDeskDb; docs: Doc[] }> {
  const db = await freshDexie('bench-writer');
  const patient = await createPatient(
    db,
    { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1970-01-02', sex: 'female' },
    { now, today: localDay(now) },
  );
  await importReadings(
    db,
    patient,
    Array.from({ length: RECORDS }, (_, i) => ({
      takenAt: now - i * 60_000,
      heartRate: 60 + (i % 40),
      systolic: 110 + (i % 30),
      diastolic: 70 + (i % 20),
    })),
    { now, enteredBy: 'Bench' },
  );
  const toDoc = (record: { id: string; patientId: string }): Doc => ({
    _id: record.id,
    patientId: record.patientId,
    ...syncedFields(record),
  });
  const docs = [toDoc(patient), ...(await db.vitals.toArray()).map(toDoc)];
  return { db, docs };
}

/** One side of the comparison: its push and its initial sync, each timed, then cleaned up. */
interface Side {
  push(): Promise<number>;
  /** After the push: the sending device's copy is dropped (a fresh device does not hold it). */
  dropSender(): Promise<void>;
  pull(): Promise<number>;
  close(): Promise<void>;
}

async function healthDesk(writer: HealthDeskDb): Promise<Side> {
  // The server in its own process, as `npm run server` runs it (PGlite in a data directory).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-server-'));
  const server = await startServerProcess({ args: ['--data-dir', dataDir, '--port', '0'] });
  const devices: MainProcessWorker[] = [];
  const close = async () => {
    for (const device of devices) await device.close();
    await server.kill('SIGTERM');
  };
  try {
    const adminFile = z
      .object({ url: z.string(), token: z.string() })
      .parse(JSON.parse(readFileSync(path.join(dataDir, 'admin.json'), 'utf8')));
    const admin = httpAdminBackend(adminFile.url, adminFile.token);
    const { clinicId } = await admin.createClinic('Bench clinic');
    const sending = await pairedDevice(admin, clinicId, server.url);
    devices.push(sending);
    const receiving = await pairedDevice(admin, clinicId, server.url);
    devices.push(receiving);
    const reader = await freshDexie('bench-reader');
    return {
      close,
      dropSender: () => writer.delete(),
      async push() {
        const pending = await countPendingChanges(writer);
        if (pending !== RECORDS + 1) throw new Error(`${pending} changes waiting`);
        // The push phase of one sync round: it ends when the loop asks for its first pull page,
        // which is answered "unreachable" so the round stops there.
        const transport = hostSyncTransport(sending.api);
        let pushEnded = 0;
        const pushOnly: SyncTransport = {
          push: (request) => transport.push(request),
          pull: () => {
            pushEnded = performance.now();
            return Promise.resolve({ kind: 'unreachable', message: 'push measured' });
          },
        };
        const started = performance.now();
        const pushed = await syncOnce({ db: writer, transport: pushOnly, now: Date.now });
        const seconds = (pushEnded - started) / 1000;
        const left = await countPendingChanges(writer);
        if (pushed.kind !== 'retry' || left !== 0)
          throw new Error(`Push ended with ${JSON.stringify(pushed)} and ${left} changes waiting`);
        log(`HealthDesk pushed ${RECORDS + 1} records in ${seconds.toFixed(1)} s`);
        return seconds;
      },
      async pull() {
        const started = performance.now();
        const synced = await syncOnce({
          db: reader,
          transport: hostSyncTransport(receiving.api),
          now: Date.now,
        });
        const seconds = (performance.now() - started) / 1000;
        const readings = await reader.vitals.count();
        const months = await reader.vitalsMonthly.count();
        if (synced.kind !== 'done' || synced.pulled !== RECORDS + 1 || readings !== RECORDS)
          throw new Error(`Pulled ${JSON.stringify(synced)}, ${readings} readings stored`);
        if (months === 0) throw new Error('The pulled readings have no summaries');
        // Checked; gone before the other side's turn, so its heap is not ours to collect.
        await reader.delete();
        log(
          `HealthDesk synced ${synced.pulled} records into a fresh device in ${seconds.toFixed(1)} s`,
        );
        return seconds;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  destroy(): Promise<unknown>;
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

async function pouchDb(dir: string, docs: Doc[]): Promise<Side> {
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
  const close = () => {
    child.kill('SIGTERM');
    return Promise.resolve();
  };
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
    const local = new PouchDB(`bench-local-${randomUUID()}`, { adapter: 'memory' });
    for (let i = 0; i < docs.length; i += 10_000) await local.bulkDocs(docs.slice(i, i + 10_000));
    const count = docs.length;
    docs.length = 0;
    const fresh = new PouchDB(`bench-fresh-${randomUUID()}`, { adapter: 'memory' });
    return {
      close,
      dropSender: () => local.destroy().then(() => undefined),
      async push() {
        const started = performance.now();
        await local.replicate.to(`${base}/readings`, POUCH_OPTIONS.push);
        const seconds = (performance.now() - started) / 1000;
        log(`PouchDB replicated ${count} documents to pouchdb-server in ${seconds.toFixed(1)} s`);
        return seconds;
      },
      async pull() {
        const started = performance.now();
        await fresh.replicate.from(`${base}/readings`, POUCH_OPTIONS.pull);
        const seconds = (performance.now() - started) / 1000;
        const { doc_count } = await fresh.info();
        if (doc_count !== count) throw new Error(`PouchDB pulled ${doc_count} documents`);
        await fresh.destroy();
        log(
          `PouchDB replicated ${doc_count} documents into a fresh database in ${seconds.toFixed(1)} s`,
        );
        return seconds;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

log(
  `Devices: HealthDesk on Dexie over fake-indexeddb (Node; renderer code in this thread, main ` +
    `process in a worker thread), PouchDB on its memory adapter; ${os.cpus().length} cores`,
);
const now = Date.now();
const writer = await importedDevice(now);
const pouchDir = installPouchDb();
if (!pouchDir)
  log(
    'pouchdb-server could not be installed (npm install failed): the comparison figures are missing.',
  );
const ours = await healthDesk(writer.db);
const theirs = pouchDir
  ? await pouchDb(pouchDir, writer.docs).catch(async (error: unknown) => {
      await ours.close();
      throw error;
    })
  : null;
// Each phase runs on both sides one right after the other, so both see the same moment of a
// shared machine.
const figures: { what: string; mine: number; baseline: number | undefined }[] = [];
try {
  for (const what of ['push', 'initialSync'] as const) {
    log(`${what}: load average ${loadAverage()}`);
    const mine = await (what === 'push' ? ours.push() : ours.pull());
    const baseline = theirs ? await (what === 'push' ? theirs.push() : theirs.pull()) : undefined;
    figures.push({ what, mine, baseline });
    if (what === 'push') {
      await ours.dropSender();
      await theirs?.dropSender();
    }
  }
} finally {
  await ours.close();
  await theirs?.close();
}
log(`Load average after the run: ${loadAverage()}`);

const label = `${RECORDS / 1000}k`;
for (const { what, mine, baseline } of figures) {
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
// The main processes' host monitors and the HTTP agents keep the process alive otherwise.
process.exit(0);
