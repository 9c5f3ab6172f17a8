import { randomUUID } from 'node:crypto';
import { perFieldStamps } from '@shared/sync/stamps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Role } from '@shared/sync/protocol';
import { createMemoryLogger } from '../../../electron/main/services/logger';
import { createBackoff } from '../../../electron/main/services/sync/backoff';
import type { SyncTransport as MainSyncTransport } from '../../../electron/main/services/sync/sync-transport';
import { createSyncTransport } from '../../../electron/main/services/sync/sync-transport';
import { recordFromRow } from '../../../server/sync/stored-record';
import type { TestBackend } from '../server/backends';
import type { TestServer, TestServerOptions } from '../server/test-server';
import { startTestServer } from '../server/test-server';
import type { Fault, FaultyFetch } from './faulty-fetch';
import { FAULTS, createFaultyFetch } from './faulty-fetch';
import { memorySecretStore, memorySettingsStore } from './memory-stores';

/**
 * What the convergence simulations of SYNC-PROTOCOL.md §12 share, whatever stands in for the
 * device's store: pairing through a faulty network, seeds, the drain, and the checks against the
 * server's own tables.
 */

/** The fixed seeds, then one new seed per run (or HEALTHDESK_CONVERGENCE_SEED to replay one). */
export function convergenceSeeds(fixed: readonly number[]): number[] {
  const chosen = process.env.HEALTHDESK_CONVERGENCE_SEED;
  return [...fixed, Number(chosen ?? Math.floor(Math.random() * 2 ** 31))];
}

/**
 * One test server per backend, every seed on it, then a check of what the runs met (faults,
 * restarts): a simulation that never met a fault proves little.
 */
export function describeConvergence<T>(
  title: string,
  backends: readonly TestBackend[],
  options: {
    seeds: readonly number[];
    server?: TestServerOptions;
    totals: () => T;
    simulate: (server: TestServer, seed: number, totals: T) => Promise<void>;
    met: { title: string; check: (totals: T) => void };
  },
): void {
  describe.each(backends)(`${title} on $name`, (backend) => {
    let server: TestServer;
    const totals = options.totals();

    beforeAll(async () => {
      server = await startTestServer(backend, { ...options.server, listen: true });
    }, 60_000);
    afterAll(async () => {
      await server.close();
    });

    it.each(options.seeds)(
      'converges for seed %i',
      (seed) => runSeed(seed, backend.name, () => options.simulate(server, seed, totals)),
      120_000,
    );

    it(options.met.title, () => {
      options.met.check(totals);
    });
  });
}

/** Runs one seed, naming it (and how to replay it) in any failure. */
async function runSeed(
  seed: number,
  backend: string,
  simulation: () => Promise<void>,
): Promise<void> {
  try {
    await simulation();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Convergence failed for seed ${seed} on ${backend} (rerun it with HEALTHDESK_CONVERGENCE_SEED=${seed}): ${message}`,
      { cause: error },
    );
  }
}

export interface FaultyLink {
  /** The main process's transport (pairing, token, backoff) over the faulty network. */
  transport: MainSyncTransport;
  faulty: FaultyFetch;
}

/**
 * A device's main process paired with the clinic over a network that meets a fault with
 * probability `faultRate` (off while pairing). `random` drives the faults and the backoff.
 */
export async function pairOverFaultyNetwork(
  server: TestServer,
  clinicId: string,
  role: Role,
  patientId: string | null,
  random: () => number,
  faultRate: number,
): Promise<FaultyLink> {
  const faulty = createFaultyFetch(globalThis.fetch, random, faultRate);
  faulty.enabled = false;
  const transport = createSyncTransport({
    fetch: faulty.fetch,
    now: server.clock.now,
    secretStore: memorySecretStore(),
    settings: memorySettingsStore(),
    deviceId: () => Promise.resolve(randomUUID()),
    logger: createMemoryLogger(),
    backoff: createBackoff({ random }),
  });
  const { code } = await server.admin.issuePairingCode(clinicId, role, patientId);
  const paired = await transport.pair({ serverUrl: server.url, code, allowInsecureLan: true });
  expect(paired.outcome).toBe('paired');
  faulty.enabled = true;
  return { transport, faulty };
}

/**
 * The network heals: faults stop, every copy held back or still running reaches the server, and
 * the faults met are added to `totals`.
 */
export async function healNetwork(
  links: readonly FaultyFetch[],
  totals: Partial<Record<Fault, number>>,
): Promise<void> {
  for (const faulty of links) {
    faulty.enabled = false;
    await faulty.replayHeld();
    await faulty.settle();
    for (const fault of FAULTS) totals[fault] = (totals[fault] ?? 0) + faulty.counts[fault];
  }
}

export function expectEveryFaultMet(totals: Partial<Record<Fault, number>>): void {
  for (const fault of FAULTS) expect(totals[fault] ?? 0, fault).toBeGreaterThan(0);
}

/** A record as the server keeps it, and as a replica must hold it. */
export interface ReplicaRecord {
  table: string;
  patientId: string | null;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
}

/** Every record of a clinic, read from the server's table (not through the protocol). */
export async function serverRecords(
  server: TestServer,
  clinicId: string,
): Promise<Map<string, ReplicaRecord>> {
  const rows = await server.db
    .selectFrom('records')
    .select(['id', 'tbl', 'patient_id', 'data', 'hlc', 'seq'])
    .where('clinic_id', '=', clinicId)
    .execute();
  return new Map(
    rows.map((row) => {
      const { table, patientId, data, hlc } = recordFromRow(row);
      return [row.id, { table, patientId, data, hlc }];
    }),
  );
}

export function inScope(
  records: ReadonlyMap<string, ReplicaRecord>,
  patientId: string,
): Map<string, ReplicaRecord> {
  return new Map([...records].filter(([, record]) => record.patientId === patientId));
}

/**
 * A replica holds exactly `expected`: the ids missing or extra are named first, then the first
 * record that differs, so a failure says where to look.
 */
export function expectSameRecords(
  actual: ReadonlyMap<string, ReplicaRecord>,
  expected: ReadonlyMap<string, ReplicaRecord>,
  label: string,
): void {
  const describe = (ids: string[]) =>
    ids.map((id) => `${id} (${(actual.get(id) ?? expected.get(id))?.table})`);
  const missing = [...expected.keys()].filter((id) => !actual.has(id));
  const extra = [...actual.keys()].filter((id) => !expected.has(id));
  expect({ missing: describe(missing), extra: describe(extra) }, label).toEqual({
    missing: [],
    extra: [],
  });
  for (const [id, record] of expected) expect(actual.get(id), `${label}: ${id}`).toEqual(record);
}

/** One field as one write set it. */
export interface FieldWrite {
  id: string;
  field: string;
  hlc: string;
  value: unknown;
}

/** What one device wrote, and the changes the server refused it. */
export interface DeviceHistory {
  name: string;
  writes: readonly FieldWrite[];
  refused: readonly Change[];
}

/**
 * §12(4), no write lost: per record and field, the server holds the stamp and value of a write
 * some device made, and no write is newer, unless the server refused it. A refusal excuses the
 * device's own writes of that field up to the refused stamp: a device may send several writes
 * of a field as one (a whole record after a restore), and a refusal then names that one.
 */
export function expectNoWriteLost(
  state: ReadonlyMap<string, ReplicaRecord>,
  devices: readonly DeviceHistory[],
): void {
  const made = new Map<string, FieldWrite>();
  for (const device of devices) {
    const refusedUpTo = new Map<string, string>();
    for (const change of device.refused) {
      const stamps =
        change.op === 'upsert'
          ? perFieldStamps(change.fieldHlc, change.fields)
          : { _deleted: change.hlc };
      for (const [field, hlc] of Object.entries(stamps)) {
        const key = `${change.id}/${field}`;
        if (hlc > (refusedUpTo.get(key) ?? '')) refusedUpTo.set(key, hlc);
      }
    }
    for (const write of device.writes) {
      const key = `${write.id}/${write.field}`;
      made.set(`${key}/${write.hlc}`, write);
      if (write.hlc <= (refusedUpTo.get(key) ?? '')) continue;
      const held = state.get(write.id)?.hlc[write.field];
      expect(
        held !== undefined && held >= write.hlc,
        `${device.name}: write lost: ${key} at ${write.hlc} (the server holds ${held})`,
      ).toBe(true);
    }
  }
  for (const [id, record] of state)
    for (const [field, hlc] of Object.entries(record.hlc)) {
      const write = made.get(`${id}/${field}/${hlc}`);
      expect(write, `${id}/${field} at ${hlc} from nowhere`).toBeDefined();
      expect(record.data[field], `${id}/${field}`).toEqual(write?.value);
    }
}

/** Nothing doubled: each change was applied at most once. */
export async function expectEachChangeAppliedOnce(
  server: TestServer,
  clinicId: string,
): Promise<void> {
  const applied = await server.db
    .selectFrom('change_log')
    .select('change_id')
    .where('clinic_id', '=', clinicId)
    .where('outcome', '=', 'applied')
    .execute();
  expect(new Set(applied.map((row) => row.change_id)).size).toBe(applied.length);
}
