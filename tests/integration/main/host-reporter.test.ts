import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncCallResult, SyncStatus } from '@shared/contract/sync';
import type { HostHistoryResponse, HostReport, HostsResponse } from '@shared/sync/host-report';
import { hostReportSchema } from '@shared/sync/host-report';
import { PGLITE_BACKEND } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { createFakeClock } from '../../helpers/fake-clock';
import type { FakeMachine } from '../../helpers/fake-probes';
import { fakeMachine, fakeProbes } from '../../helpers/fake-probes';
import { inProcessSampler } from '../../helpers/in-process-sampler';
import { createTestHost } from '../../helpers/test-host';
import { testHistoryFs } from '../../helpers/test-history-fs';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

type FakeClock = ReturnType<typeof createFakeClock>;
type TestHost = ReturnType<typeof createTestHost>;

/** The network between this PC and the clinic server, which the test can cut. */
function network() {
  const stored: HostReport[] = [];
  const link = {
    offline: false,
    /** Every report the server answered 200 to, as sent. */
    stored,
    fetch: (async (input, init) => {
      if (link.offline) throw new TypeError('fetch failed (the network is down)');
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/v1/hosts/report') && response.ok && typeof init?.body === 'string')
        stored.push(hostReportSchema.parse(JSON.parse(init.body)));
      return response;
    }) as typeof fetch,
  };
  return link;
}

/** HealthDesk on a PC whose sampler reads `machine` on the test's clock. */
function startPc(
  clock: FakeClock,
  machine: FakeMachine,
  link: ReturnType<typeof network>,
  dataDir?: string,
): TestHost {
  return createTestHost('browser', {
    ...(dataDir ? { dataDir } : {}),
    fetch: link.fetch,
    launchSampler: inProcessSampler(fakeProbes(machine), clock),
    hostMonitor: { clock, fs: testHistoryFs() },
  });
}

async function call<T>(pc: TestHost, method: string, request?: unknown): Promise<T> {
  const result = await pc.host.dispatcher.dispatch(method, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** Lets `ms` of the test's time pass, letting every report finish before time moves on. */
async function pass(clock: FakeClock, pc: TestHost, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 5 * SECOND) {
    await clock.advance(Math.min(5 * SECOND, left));
    await pc.host.hostReporter.idle();
  }
}

describe('a staff PC reporting its health to a real server (PGlite)', () => {
  let server: TestServer;
  let clinicId: string;
  const clock = createFakeClock(T0);

  beforeAll(async () => {
    server = await startTestServer(PGLITE_BACKEND, {
      listen: true,
      // One clock for both sides, so the server judges "up" and "stale" on the test's time.
      clock: {
        now: () => clock.now(),
        set: (ms) => clock.set(ms),
        advance: (ms) => clock.set(clock.now() + ms),
      },
    });
    clinicId = await server.createClinic();
  }, 60_000);
  afterAll(() => server.close());

  it('sends its minutes, backfills an offline stretch, and sends no minute twice across a restart', async () => {
    const machine = fakeMachine({ cpuBusy: 20 });
    const link = network();
    let pc = startPc(clock, machine, link);
    try {
      // Some history from before the PC was paired.
      await pass(clock, pc, 3 * MINUTE);
      const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
      const paired = await call<{ outcome: string; status: SyncStatus }>(pc, 'sync.pair', {
        serverUrl: server.url,
        code,
        allowInsecureLan: true,
        deviceName: 'Front desk 1',
      });
      expect(paired.outcome).toBe('paired');
      const deviceId = paired.status.deviceId ?? '';
      await pc.host.hostReporter.idle();

      const history = async () => {
        const answer = await call<SyncCallResult<HostHistoryResponse>>(pc, 'sync.getHostHistory', {
          deviceId,
          from: T0 - MINUTE,
          to: clock.now(),
          step: '1m',
        });
        if (answer.outcome !== 'ok') throw new Error(`No history: ${answer.outcome}`);
        return answer.body.points;
      };
      const hosts = async () => {
        const answer = await call<SyncCallResult<HostsResponse>>(pc, 'sync.listHosts');
        if (answer.outcome !== 'ok') throw new Error(`No hosts: ${answer.outcome}`);
        return answer.body.hosts;
      };

      // Right after pairing: the minutes recorded before it, as soon as they were complete.
      expect((await history()).map((point) => point.t)).toEqual([T0, T0 + MINUTE]);
      await pass(clock, pc, 2 * MINUTE);
      let points = await history();
      expect(points.map((point) => point.t)).toEqual([0, 1, 2, 3].map((i) => T0 + i * MINUTE));
      expect(points[0]?.cpu.avg).toBeCloseTo(20, 5);
      expect(points[0]?.fileSystems[0]?.mount).toBe('/');
      expect(await hosts()).toMatchObject([
        { deviceId, deviceName: 'Front desk 1', status: 'up', latest: { t: T0 + 3 * MINUTE } },
      ]);

      // Thirty minutes without a network, busier meanwhile.
      link.offline = true;
      machine.cpuBusy = 80;
      const offlineFrom = clock.now();
      await pass(clock, pc, 30 * MINUTE);
      link.offline = false;
      // Seen from the server, the PC went quiet: stale.
      const staff = await server.pair(clinicId, 'staff');
      const seen = await server.call('GET', '/v1/hosts', { token: staff.auth });
      expect((seen.body as HostsResponse).hosts.find((h) => h.deviceId === deviceId)).toMatchObject(
        { status: 'stale', latest: { t: T0 + 3 * MINUTE } },
      );

      // Back online: within its backoff (five minutes at most) it sends what was missed.
      await pass(clock, pc, 6 * MINUTE);
      points = await history();
      const times = points.map((point) => point.t);
      expect(times[0]).toBe(T0);
      expect(times.slice(1).every((t, i) => t - (times[i] ?? 0) === MINUTE)).toBe(true);
      expect(times.at(-1)).toBeGreaterThanOrEqual(clock.now() - 2 * MINUTE);
      const offline = points.filter(
        (p) => p.t >= offlineFrom + MINUTE && p.t < offlineFrom + 30 * MINUTE,
      );
      expect(offline).toHaveLength(29);
      for (const point of offline) expect(point.cpu.avg).toBeCloseTo(80, 5);
      expect((await hosts())[0]).toMatchObject({ deviceId, status: 'up' });

      // Closed for ten minutes, then started again on the same data folder.
      await pc.host.hostReporter.idle();
      await pc.host.close();
      const closedAt = clock.now();
      clock.set(closedAt + 10 * MINUTE);
      pc = startPc(clock, machine, link, pc.dataDir);
      await pass(clock, pc, 3 * MINUTE);

      const sent = link.stored.flatMap((report) => report.samples.map((sample) => sample.t));
      expect(sent.length).toBeGreaterThan(40);
      expect(sent.filter((t, i) => sent.indexOf(t) !== i)).toEqual([]);
      const after = (await history()).map((point) => point.t);
      // Nothing for the minutes it was closed; the minutes after the restart arrive.
      expect(after.filter((t) => t > closedAt && t < closedAt + 9 * MINUTE)).toEqual([]);
      expect(after.at(-1)).toBeGreaterThanOrEqual(clock.now() - 2 * MINUTE);
      // The minute it closed in was sent once, whole as far as it was recorded.
      expect(after).toContain(closedAt - (closedAt % MINUTE));
    } finally {
      await pc.host.hostReporter.idle();
      await pc.host.close();
    }
  }, 120_000);
});
