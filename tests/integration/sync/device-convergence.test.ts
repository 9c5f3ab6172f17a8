import { expect } from 'vitest';
import { searchTokens } from '@shared/domain/patient';
import type { Change } from '@shared/sync/protocol';
import { clinicToday, patientDashboard } from '../../../renderer/src/db/repositories/dashboard';
import { serverBackends } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { createTestClock } from '../../helpers/server/test-server';
import {
  convergenceSeeds,
  describeConvergence,
  expectEachChangeAppliedOnce,
  expectEveryFaultMet,
  expectSameRecords,
  expectNoWriteLost,
  healNetwork,
  inScope,
  serverRecords,
} from '../../helpers/sync/convergence-kit';
import type { DexieDevice } from '../../helpers/sync/dexie-device';
import { joinDexieDevice } from '../../helpers/sync/dexie-device';
import { createWorkload } from '../../helpers/sync/device-workload';
import type { Fault } from '../../helpers/sync/faulty-fetch';
import { seededRandom } from '../../helpers/sync/faulty-fetch';

/**
 * SYNC-PROTOCOL.md §12 with the app's own device: the renderer's Dexie store (fake-indexeddb),
 * repositories and sync loop, through the main process's transport, against the real server on
 * PGlite and PostgreSQL. Two front-desk devices and a patient's home PC with skewed clocks (one
 * set 9 minutes fast for a while) act at random while syncs run beside them, and are sometimes
 * quit mid-sync and started again; the network loses, duplicates, delays and replays requests,
 * answers 500, and the server restarts or is restored from a backup. Then the network heals, every device syncs until nothing is waiting, and a
 * device paired last pulls everything.
 */
const SEEDS = convergenceSeeds([3, 11, 2024, 86_753_099]);
const STEPS = 220;
const FAULT_RATE = 0.25;

/** Noon, local time: the devices' "today" is one day whatever their clock skew. */
const START = new Date(2026, 0, 15, 12).getTime();

/**
 * Averages are sums over readings, and devices add the same readings in other orders: equal to
 * 12 significant digits is equal.
 */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  return value;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

interface Totals {
  faults: Partial<Record<Fault, number>>;
  restarts: number;
  restores: number;
  appRestarts: number;
  /** Rounds that ended waiting for the server's time to pass a fast clock's stamps. */
  clockSkews: number;
}

async function simulate(server: TestServer, seed: number, totals: Totals): Promise<void> {
  const random = seededRandom(seed);
  const clinicId = await server.createClinic(`seed ${seed}`);
  // Each device's network has its own generator, so what it meets depends on its own requests.
  const join = (name: string, role: 'staff' | 'patient', skewMs: number, patientId?: string) =>
    joinDexieDevice(server, clinicId, {
      name: `${name}-${seed}`,
      role,
      patientId: patientId ?? null,
      skewMs,
      random: seededRandom(seed ^ (name.charCodeAt(0) * 7919)),
      faultRate: FAULT_RATE,
    });
  const workload = createWorkload(random, { bigImport: 620 });

  const front = await join('front', 'staff', 0);
  const back = await join('back', 'staff', 3 * 60_000);
  // The patient's own record must be on the server before their device can be paired.
  for (let created = 0; created < 2;) {
    await workload.act(front);
    created = await front.db.patients.count();
  }
  front.link.faulty.enabled = false;
  expect((await front.sync()).kind).toBe('done');
  front.link.faulty.enabled = true;
  const own = pick(random, await front.db.patients.toCollection().primaryKeys());
  const home = await join('home', 'patient', -2 * 60_000, own);
  const devices = [front, back, home];
  const staff = [front, back];

  const everyoneIdle = async () => {
    await Promise.all(devices.map((device) => device.idle()));
    await Promise.all(devices.map((device) => device.link.faulty.settle()));
  };
  const pullLimit = () => (random() < 0.5 ? 1 + Math.floor(random() * 30) : undefined);
  // Half the seeds go back to a backup taken a third of the way through.
  const restoreThisSeed = random() < 0.5;
  let backup = '';

  for (let step = 0; step < STEPS; step++) {
    if (restoreThisSeed && step === Math.floor(STEPS / 3)) {
      await everyoneIdle();
      backup = await server.backup();
    }
    if (restoreThisSeed && step === Math.floor((2 * STEPS) / 3)) {
      // The clinic goes back to the backup: devices resync and send back what it lost.
      await everyoneIdle();
      await server.restore(backup);
      totals.restores++;
    }
    // For a while the back office's clock is set 9 minutes fast: the server refuses its stamps
    // (CLOCK_SKEW), and the device must keep its changes until the server's time catches up
    // (here a quiet quarter of an hour passes once the clock is set right).
    if (step === Math.floor(STEPS * 0.4)) back.skewMs = 9 * 60_000;
    if (step === Math.floor(STEPS * 0.5)) {
      totals.clockSkews += back.outcomes.get('retry clock-skew') ?? 0;
      back.skewMs = 3 * 60_000;
      server.clock.advance(15 * 60_000);
    }
    const device = pick(random, devices);
    const r = random();
    if (r < 0.45) {
      await workload.act(device);
      await device.noteWrites();
    } else if (r < 0.68) {
      device.syncInBackground(pullLimit());
    } else if (r < 0.76) {
      await device.sync(pullLimit());
    } else if (r < 0.86) {
      server.clock.advance(Math.floor(random() * 5_000));
    } else if (r < 0.91) {
      await device.link.faulty.replayHeld();
    } else if (r < 0.95) {
      await everyoneIdle();
    } else if (r < 0.97) {
      await device.restartApp();
      totals.appRestarts++;
    } else {
      // Requests in flight are answered; devices reconnect or retry.
      await server.restart();
      totals.restarts++;
    }
  }

  // The network heals; every device syncs until nothing is waiting anywhere.
  await everyoneIdle();
  await healNetwork(
    devices.map((device) => device.link.faulty),
    totals.faults,
  );
  for (let round = 0; ; round++) {
    expect(round, 'the devices did not drain').toBeLessThan(8);
    for (const device of devices) {
      const outcome = await device.sync();
      expect(outcome.kind, `${device.name}: ${JSON.stringify(outcome)}`).toBe('done');
    }
    const waiting = await Promise.all(devices.map((device) => device.waiting()));
    if (waiting.every(({ changes, batch }) => changes === 0 && !batch)) break;
  }
  for (const device of devices) {
    const outcome = await device.sync();
    expect(outcome.kind, `${device.name}: ${JSON.stringify(outcome)}`).toBe('done');
  }
  // A device paired now builds everything (summaries too) from the server alone: the reference.
  const late = await join('late', 'staff', 0);
  late.link.faulty.enabled = false;
  expect(await late.sync()).toMatchObject({ kind: 'done' });

  for (const device of devices) expect(device.crashes, device.name).toEqual([]);
  const serverState = await serverRecords(server, clinicId);
  // §12(1, 2): every staff replica is the server's clinic; §12(3): the patient's is its part.
  for (const device of [...staff, late])
    expectSameRecords(await device.replica(), serverState, `${device.name} and the server`);
  const ownState = inScope(serverState, own);
  expectSameRecords(await home.replica(), ownState, 'the patient device and the server');

  // No reading created anywhere was lost.
  const missing = [...workload.readings].filter((id) => !serverState.has(id));
  expect(missing, 'readings lost').toEqual([]);

  // §12(4): per record and field, the newest write not refused, with its value.
  expectNoWriteLost(
    serverState,
    await Promise.all(
      devices.map(async (device) => ({
        name: device.name,
        writes: device.writes,
        refused: await device.refusedChanges(),
      })),
    ),
  );
  await expectEachChangeAppliedOnce(server, clinicId);

  // The only refusals: the patient's device editing its patient record, which it may not (and
  // nothing it did not write itself, such as that record sent back after a restore).
  for (const device of devices) {
    const own = new Set(device.writes.map(({ id, field, hlc }) => `${id}/${field}/${hlc}`));
    for (const { code, change } of await device.db._rejections.toArray()) {
      const refused = change as Change;
      const stamps = refused.op === 'upsert' ? refused.fieldHlc : { _deleted: refused.hlc };
      expect(
        {
          device: device.role,
          code,
          table: refused.table,
          itsOwnWrite: Object.entries(stamps).every(([field, hlc]) =>
            own.has(`${refused.id}/${field}/${hlc}`),
          ),
        },
        JSON.stringify(change),
      ).toEqual({
        device: 'patient',
        code: 'FORBIDDEN_SCOPE',
        table: 'patients',
        itsOwnWrite: true,
      });
    }
  }

  // What each device derived locally (search words, dashboards, the clinic's day) agrees.
  const now = server.clock.now();
  const dashboards = (device: DexieDevice, patientIds: string[]) =>
    Promise.all(patientIds.map(async (id) => rounded(await patientDashboard(device.db, id, now))));
  const today = async (device: DexieDevice) => {
    const day = await clinicToday(device.db, now);
    return {
      ...day,
      // Patients with as many out-of-range readings come in no particular order.
      outOfRange: day.outOfRange.map(({ patient, readings }) => `${readings} ${patient.id}`).sort(),
    };
  };
  const patientIds = [...serverState].flatMap(([id, record]) =>
    record.table === 'patients' ? [id] : [],
  );
  const reference = await dashboards(late, patientIds);
  for (const device of staff) {
    expect(await dashboards(device, patientIds), `${device.name} dashboards`).toEqual(reference);
    expect(await today(device), `${device.name} today`).toEqual(await today(late));
  }
  expect(await dashboards(home, [own]), 'the patient dashboard').toEqual(
    await dashboards(late, [own]),
  );
  for (const device of [...devices, late])
    for (const patient of await device.db.patients.toArray())
      expect(patient._search, `${device.name} search words`).toEqual(searchTokens(patient));

  for (const device of [...devices, late]) device.db.close();
}

describeConvergence('convergence of app devices', await serverBackends(), {
  seeds: SEEDS,
  server: { clock: createTestClock(START) },
  totals: (): Totals => ({ faults: {}, restarts: 0, restores: 0, appRestarts: 0, clockSkews: 0 }),
  simulate,
  met: {
    title: 'met every kind of fault, restarts of server and app, a restore and a fast clock',
    check(totals) {
      expectEveryFaultMet(totals.faults);
      expect(totals.restarts).toBeGreaterThan(0);
      expect(totals.appRestarts).toBeGreaterThan(0);
      expect(totals.restores).toBeGreaterThan(0);
      expect(totals.clockSkews).toBeGreaterThan(0);
    },
  },
});
