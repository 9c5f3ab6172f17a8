import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup, writeBackup } from '../../../server/admin/backup';
import { createMemoryLogger } from '../../../electron/main/services/logger';
import { createBackoff } from '../../../electron/main/services/sync/backoff';
import { createSyncTransport } from '../../../electron/main/services/sync/sync-transport';
import { serverBackends } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import type { FaultyFetch } from '../../helpers/sync/faulty-fetch';
import { FAULTS, createFaultyFetch, seededRandom } from '../../helpers/sync/faulty-fetch';
import { uuidv7 } from '../../helpers/sync/ids';
import { memorySecretStore, memorySettingsStore } from '../../helpers/sync/memory-stores';
import { patientFields, readingFields } from '../../helpers/sync/records';
import type { LocalRecord } from '../../helpers/sync/sim-device';
import { SimDevice } from '../../helpers/sync/sim-device';

/**
 * SYNC-PROTOCOL.md §12 at the transport level: simulated devices (the in-memory reference of the
 * renderer's store and sync loop) with skewed clocks, through the real main-process transport,
 * against the real server, with faults on the wire. The Dexie-backed harness replaces SimDevice.
 */
// 1567934863 restores a backup while a record the server keeps has newer fields on a device.
const FIXED_SEEDS = [1, 7, 42, 1337, 20260115, 1567934863];
const RANDOM_SEED = Number(
  process.env.HEALTHDESK_CONVERGENCE_SEED ?? Math.floor(Math.random() * 2 ** 31),
);
const STEPS = 300;
const FAULT_RATE = 0.25;
const backends = await serverBackends();

interface Sim {
  device: SimDevice;
  faulty: FaultyFetch;
  role: 'staff' | 'patient';
}

function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

const NAMES = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Goran', 'Hana'];

async function runSeed(
  server: TestServer,
  seed: number,
  faultTotals: Record<string, number>,
): Promise<void> {
  const random = seededRandom(seed);
  const clinicId = await server.createClinic(`seed ${seed}`);

  async function join(
    name: string,
    role: 'staff' | 'patient',
    patientId: string | null,
    skewMs: number,
  ): Promise<Sim> {
    const faulty = createFaultyFetch(globalThis.fetch, random, FAULT_RATE);
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
    return {
      device: new SimDevice(name, transport, () => server.clock.now() + skewMs),
      faulty,
      role,
    };
  }

  const staff = [
    await join('sa', 'staff', null, 0),
    await join('sb', 'staff', null, 4 * 60_000),
    await join('sc', 'staff', null, -4 * 60_000),
  ];
  // Two patients exist before the patient's own device can pair.
  const first = staff[0]!;
  first.faulty.enabled = false;
  const patients = [uuidv7(), uuidv7()];
  for (const id of patients)
    first.device.write(
      'patients',
      id,
      id,
      patientFields({ givenName: pick(random, NAMES) ?? 'A' }),
    );
  expect((await first.device.syncOnce()).stoppedBy).toBeNull();
  first.faulty.enabled = true;
  const own = patients[0]!;
  const home = await join('home', 'patient', own, 2 * 60_000);
  const sims = [...staff, home];
  const restoreThisSeed = random() < 0.5;
  let backup: string[] | null = null;
  let restored = false;

  function localOf(device: SimDevice, table: string): [string, LocalRecord][] {
    return [...device.records].filter(([, record]) => record.table === table);
  }

  function writeSomething(sim: Sim): void {
    const { device } = sim;
    const r = random();
    const now = server.clock.now();
    if (sim.role === 'patient') {
      const readings = localOf(device, 'vitals');
      const reading = pick(random, readings);
      if (r < 0.6 || !reading)
        device.write(
          'vitals',
          uuidv7(),
          own,
          readingFields({ takenAt: now, heartRate: 50 + Math.floor(random() * 60) }),
        );
      else if (r < 0.9)
        device.write('vitals', reading[0], own, {
          status: random() < 0.5 ? 'entered-in-error' : 'active',
          errorReason: null,
        });
      // Not allowed for a patient device: FORBIDDEN_SCOPE, then restored from `current`.
      else device.write('patients', own, own, { notes: `home ${seed}` });
      return;
    }
    const patientsHere = localOf(device, 'patients');
    const patient = pick(random, patientsHere);
    const reading = pick(random, localOf(device, 'vitals'));
    if (r < 0.15 || !patient) {
      const id = uuidv7();
      device.write(
        'patients',
        id,
        id,
        patientFields({ givenName: pick(random, NAMES) ?? 'B', createdAt: now }),
      );
    } else if (r < 0.45) {
      const fields: Record<string, unknown> = {};
      if (random() < 0.7) fields.notes = `note ${Math.floor(random() * 1000)}`;
      if (random() < 0.4) fields.phone = random() < 0.3 ? null : String(Math.floor(random() * 1e9));
      if (random() < 0.3) fields.givenName = pick(random, NAMES) ?? 'C';
      if (Object.keys(fields).length === 0) fields.archived = random() < 0.5;
      device.write('patients', patient[0], patient[1].patientId, fields);
    } else if (r < 0.5) {
      device.remove('patients', patient[0], patient[1].patientId);
    } else if (r < 0.52) {
      device.write('patients', patient[0], patient[1].patientId, { _deleted: false });
    } else if (r < 0.75) {
      device.write(
        'vitals',
        uuidv7(),
        patient[1].patientId,
        readingFields({ takenAt: now, systolic: 100 + Math.floor(random() * 60), diastolic: 70 }),
      );
    } else if (r < 0.93 && reading) {
      device.write('vitals', reading[0], reading[1].patientId, {
        status: random() < 0.5 ? 'entered-in-error' : 'active',
        errorReason: random() < 0.5 ? 'typo' : null,
      });
    } else {
      // Invalid: VALIDATION, and the record is dropped locally (`current` is null).
      device.write(
        'vitals',
        uuidv7(),
        patient[1].patientId,
        readingFields({ takenAt: now, systolic: 80, diastolic: 120 }),
      );
    }
  }

  for (let step = 0; step < STEPS; step++) {
    const r = random();
    const sim = pick(random, sims)!;
    if (r < 0.4) writeSomething(sim);
    else if (r < 0.65) await sim.device.syncOnce(1 + Math.floor(random() * 20));
    else if (r < 0.78) {
      const other = pick(random, sims)!;
      await Promise.all([
        sim.device.syncOnce(1 + Math.floor(random() * 20)),
        other.device.syncOnce(7),
      ]);
    } else if (r < 0.9) server.clock.advance(Math.floor(random() * 5_000));
    else if (r < 0.96) await sim.faulty.replayHeld();
    else if (restoreThisSeed && backup === null) {
      await Promise.all(sims.map((s) => s.faulty.settle()));
      const lines: string[] = [];
      await writeBackup(server.db, server.clock.now(), (line) => {
        lines.push(line);
        return Promise.resolve();
      });
      backup = lines;
    } else if (backup !== null && !restored) {
      // The clinic restores last night's backup: devices must resync and push back what it lacks.
      await Promise.all(sims.map((s) => s.faulty.settle()));
      await restoreBackup(server.db, backup.join('').split('\n'));
      restored = true;
    }
  }

  // Drain: no faults; every copy held back or still running reaches the server first.
  for (const s of sims) {
    s.faulty.enabled = false;
    await s.faulty.replayHeld();
    await s.faulty.settle();
    for (const fault of FAULTS)
      faultTotals[fault] = (faultTotals[fault] ?? 0) + s.faulty.counts[fault];
  }
  for (let round = 0; ; round++) {
    expect(round, 'the devices did not drain').toBeLessThan(10);
    for (const s of sims) expect((await s.device.syncOnce()).stoppedBy, s.device.name).toBeNull();
    if (sims.every((s) => s.device.outbox.length === 0 && !s.device.pendingBatch)) break;
  }
  for (const s of sims) await s.device.syncOnce();

  const rows = await server.db
    .selectFrom('records')
    .select(['id', 'tbl', 'patient_id', 'data', 'hlc'])
    .where('clinic_id', '=', clinicId)
    .execute();
  const serverState = new Map(
    rows.map((row) => [
      row.id,
      {
        table: row.tbl,
        patientId: row.patient_id,
        data: JSON.parse(row.data) as Record<string, unknown>,
        hlc: JSON.parse(row.hlc) as Record<string, string>,
      },
    ]),
  );
  const asMap = (device: SimDevice) =>
    new Map([...device.records].map(([id, record]) => [id, { ...record }]));

  // §12(1, 2): every staff replica equals the server, hence each other.
  for (const s of staff)
    expect(asMap(s.device), `${s.device.name} differs from the server`).toEqual(serverState);
  // §12(2, 3): the patient's replica is the server (and any staff replica) filtered to that patient.
  const ownState = new Map([...serverState].filter(([, record]) => record.patientId === own));
  expect(asMap(home.device), 'the patient replica').toEqual(ownState);
  expect(ownState.size).toBeGreaterThan(0);

  // §12(4): per record and field, the highest stamp of any accepted write, with its value.
  const rejected = new Set(
    sims.flatMap((s) => s.device.rejections.map((change) => change.changeId)),
  );
  const best = new Map<string, { hlc: string; value: unknown }>();
  for (const s of sims) {
    for (const write of s.device.writes) {
      if (rejected.has(write.changeId)) continue;
      for (const [field, hlc] of Object.entries(write.hlc)) {
        const key = `${write.id}/${field}`;
        const known = best.get(key);
        if (!known || hlc > known.hlc) best.set(key, { hlc, value: write.fields[field] });
      }
    }
  }
  for (const [key, { hlc, value }] of best) {
    const [id = '', field = ''] = key.split('/');
    const record = serverState.get(id);
    expect(record, `accepted write lost: ${key}`).toBeDefined();
    expect(record?.hlc[field], key).toBe(hlc);
    expect(record?.data[field], key).toEqual(value);
  }
  for (const [id, record] of serverState) {
    for (const field of Object.keys(record.hlc))
      expect(best.has(`${id}/${field}`), `${id}/${field} from nowhere`).toBe(true);
  }
  // Nothing doubled: each change applied at most once, each record once.
  const applied = await server.db
    .selectFrom('change_log')
    .select('change_id')
    .where('clinic_id', '=', clinicId)
    .where('outcome', '=', 'applied')
    .execute();
  expect(new Set(applied.map((row) => row.change_id)).size).toBe(applied.length);
}

describe.each(backends)('convergence of simulated devices on $name', (backend) => {
  let server: TestServer;
  const faultTotals: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer(backend, { listen: true });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it.each([...FIXED_SEEDS, RANDOM_SEED])(
    'converges for seed %i',
    async (seed) => {
      try {
        await runSeed(server, seed, faultTotals);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Convergence failed for seed ${seed} on ${backend.name} (rerun it with HEALTHDESK_CONVERGENCE_SEED=${seed}): ${message}`,
          { cause: error },
        );
      }
    },
    120_000,
  );

  it('met every kind of fault', () => {
    for (const fault of FAULTS) expect(faultTotals[fault] ?? 0, fault).toBeGreaterThan(0);
  });
});
