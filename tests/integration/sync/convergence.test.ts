import { expect } from 'vitest';
import { serverBackends } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import {
  convergenceSeeds,
  describeConvergence,
  expectEachChangeAppliedOnce,
  expectEveryFaultMet,
  expectSameRecords,
  expectNoWriteLost,
  healNetwork,
  inScope,
  pairOverFaultyNetwork,
  serverRecords,
} from '../../helpers/sync/convergence-kit';
import type { Fault, FaultyFetch } from '../../helpers/sync/faulty-fetch';
import { seededRandom } from '../../helpers/sync/faulty-fetch';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, readingFields } from '../../helpers/sync/records';
import type { LocalRecord } from '../../helpers/sync/sim-device';
import { SimDevice } from '../../helpers/sync/sim-device';

/**
 * SYNC-PROTOCOL.md §12 at the transport level: simulated devices (the in-memory reference of the
 * renderer's store and sync loop) with skewed clocks, through the real main-process transport,
 * against the real server, with faults on the wire. The same simulation with the renderer's own
 * store (Dexie) and sync loop is device-convergence.test.ts.
 */
// 1567934863 restores a backup while a record the server keeps has newer fields on a device.
const SEEDS = convergenceSeeds([1, 7, 42, 1337, 20260115, 1567934863]);
const STEPS = 300;
const FAULT_RATE = 0.25;

interface Sim {
  device: SimDevice;
  faulty: FaultyFetch;
  role: 'staff' | 'patient';
}

function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

const NAMES = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Goran', 'Hana'];

async function simulate(
  server: TestServer,
  seed: number,
  faultTotals: Partial<Record<Fault, number>>,
): Promise<void> {
  const random = seededRandom(seed);
  const clinicId = await server.createClinic(`seed ${seed}`);

  async function join(
    name: string,
    role: 'staff' | 'patient',
    patientId: string | null,
    skewMs: number,
  ): Promise<Sim> {
    const { transport, faulty } = await pairOverFaultyNetwork(
      server,
      clinicId,
      role,
      patientId,
      random,
      FAULT_RATE,
    );
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
  let backup: string | null = null;
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
      backup = await server.backup();
    } else if (backup !== null && !restored) {
      // The clinic restores last night's backup: devices must resync and push back what it lacks.
      await Promise.all(sims.map((s) => s.faulty.settle()));
      await server.restore(backup);
      restored = true;
    }
  }

  // Drain: no faults; every copy held back or still running reaches the server first.
  await healNetwork(
    sims.map((s) => s.faulty),
    faultTotals,
  );
  for (let round = 0; ; round++) {
    expect(round, 'the devices did not drain').toBeLessThan(10);
    for (const s of sims) expect((await s.device.syncOnce()).stoppedBy, s.device.name).toBeNull();
    if (sims.every((s) => s.device.outbox.length === 0 && !s.device.pendingBatch)) break;
  }
  for (const s of sims) await s.device.syncOnce();

  const serverState = await serverRecords(server, clinicId);
  const asMap = (device: SimDevice) =>
    new Map([...device.records].map(([id, record]) => [id, { ...record }]));

  // §12(1, 2): every staff replica equals the server, hence each other.
  for (const s of staff)
    expectSameRecords(asMap(s.device), serverState, `${s.device.name} and the server`);
  // §12(2, 3): the patient's replica is the server (and any staff replica) filtered to that patient.
  const ownState = inScope(serverState, own);
  expectSameRecords(asMap(home.device), ownState, 'the patient replica and the server');
  expect(ownState.size).toBeGreaterThan(0);

  // §12(4): per record and field, the newest write not refused, with its value.
  expectNoWriteLost(
    serverState,
    sims.map((s) => ({
      name: s.device.name,
      writes: s.device.writes.flatMap((write) =>
        Object.entries(write.hlc).map(([field, hlc]) => ({
          id: write.id,
          field,
          hlc,
          value: write.fields[field],
        })),
      ),
      refused: s.device.rejections,
    })),
  );
  await expectEachChangeAppliedOnce(server, clinicId);
}

describeConvergence('convergence of simulated devices', await serverBackends(), {
  seeds: SEEDS,
  totals: (): Partial<Record<Fault, number>> => ({}),
  simulate,
  met: { title: 'met every kind of fault', check: expectEveryFaultMet },
});
