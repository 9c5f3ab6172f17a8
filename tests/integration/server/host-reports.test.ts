import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample } from '@shared/sync/host-report';
import {
  HOST_HOUR_MS,
  hostHistoryResponseSchema,
  hostReportResponseSchema,
  hostsResponseSchema,
} from '@shared/sync/host-report';
import { runMaintenance } from '../../../server/maintenance';
import { serverBackends } from '../../helpers/server/backends';
import type { PairedDevice, TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { hostSample } from '../../helpers/sync/host-samples';

const backends = await serverBackends();
const MINUTE = 60_000;
const DAY = 24 * HOST_HOUR_MS;

describe.each(backends)('host reports on $name', (backend) => {
  let server: TestServer;
  let clinicId: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    clinicId = await server.createClinic();
  }, 60_000);
  afterAll(() => server.close());

  const minute = () => server.clock.now() - (server.clock.now() % MINUTE);

  async function report(device: PairedDevice, samples: HostSample[], bootTime = 1_000_000) {
    const answer = await server.call('POST', '/v1/hosts/report', {
      token: device.auth,
      body: {
        deviceId: device.deviceId,
        hostname: 'front-desk-1',
        platform: 'win32',
        bootTime,
        samples,
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return hostReportResponseSchema.parse(answer.body);
  }
  async function hosts(device: PairedDevice) {
    return hostsResponseSchema.parse(
      (await server.call('GET', '/v1/hosts', { token: device.auth })).body,
    ).hosts;
  }
  async function history(
    device: PairedDevice,
    of: string,
    from: number,
    to: number,
    step?: string,
  ) {
    const query = `from=${from}&to=${to}${step ? `&step=${step}` : ''}`;
    const answer = await server.call('GET', `/v1/hosts/${of}/history?${query}`, {
      token: device.auth,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return hostHistoryResponseSchema.parse(answer.body);
  }

  it('shows every staff PC as up, stale after three missed minutes, or unknown', async () => {
    const reporting = await server.pair(clinicId, 'staff');
    const silent = await server.pair(clinicId, 'staff');
    await report(reporting, [hostSample(minute(), 42)]);
    let list = await hosts(silent);
    expect(list.find((h) => h.deviceId === reporting.deviceId)).toMatchObject({
      status: 'up',
      hostname: 'front-desk-1',
      platform: 'win32',
      deviceName: 'staff device',
      latest: { cpu: { avg: 42 } },
    });
    expect(list.find((h) => h.deviceId === silent.deviceId)).toMatchObject({
      status: 'unknown',
      latest: null,
    });
    server.clock.advance(3 * MINUTE);
    expect((await hosts(silent)).find((h) => h.deviceId === reporting.deviceId)?.status).toBe('up');
    server.clock.advance(1);
    list = await hosts(silent);
    expect(list.find((h) => h.deviceId === reporting.deviceId)?.status).toBe('stale');
  });

  it('takes a backfill oldest first, idempotently, and rolls it into hours', async () => {
    const device = await server.pair(clinicId, 'staff');
    const end = minute();
    const start = end - 499 * MINUTE;
    const samples = Array.from({ length: 500 }, (_, i) => hostSample(start + i * MINUTE, i % 100));
    expect(await report(device, samples)).toMatchObject({ accepted: 500, ignored: 0 });
    expect(await report(device, samples.slice(0, 10))).toMatchObject({ accepted: 10 });
    const minutes = await history(device, device.deviceId, start, end, '1m');
    expect(minutes.points).toHaveLength(500);
    expect(minutes.points[0]).toMatchObject({ t: start, minutes: 1, cpu: { avg: 0 } });

    const hours = await history(device, device.deviceId, start - HOST_HOUR_MS, end, '1h');
    expect(hours.points.reduce((sum, p) => sum + p.minutes, 0)).toBe(500);
    const full = hours.points.find((p) => p.minutes === 60);
    const inHour = samples.filter((s) => s.t >= full!.t && s.t < full!.t + HOST_HOUR_MS);
    const mean = inHour.reduce((sum, s) => sum + s.cpu.avg, 0) / inHour.length;
    expect(full!.cpu.avg).toBeCloseTo(mean, 6);
    expect(full!.cpu.min).toBe(Math.min(...inHour.map((s) => s.cpu.min)));
    expect(full!.cpu.max).toBe(Math.max(...inHour.map((s) => s.cpu.max)));
    // A range longer than a day comes in hours unless asked otherwise.
    expect((await history(device, device.deviceId, end - 2 * DAY, end)).step).toBe('1h');
  });

  it('keeps the last of two samples for the same minute in one report', async () => {
    const device = await server.pair(clinicId, 'staff');
    const t = minute() - 10 * MINUTE;
    expect(await report(device, [hostSample(t, 30), hostSample(t, 70)])).toMatchObject({
      accepted: 1,
    });
    const points = await history(device, device.deviceId, t, t + MINUTE);
    expect(points.points.map((point) => point.cpu.avg)).toEqual([70]);
  });

  it('notes a reboot when the boot time moves forward, not when it jitters', async () => {
    const device = await server.pair(clinicId, 'staff');
    const boot = server.clock.now() - DAY;
    expect((await report(device, [hostSample(minute())], boot)).rebooted).toBe(false);
    expect((await report(device, [], boot + 2_000)).rebooted).toBe(false);
    server.clock.advance(10 * MINUTE);
    const newBoot = server.clock.now() - 2 * MINUTE;
    expect((await report(device, [hostSample(minute())], newBoot)).rebooted).toBe(true);
    const list = await hosts(device);
    expect(list.find((h) => h.deviceId === device.deviceId)).toMatchObject({
      bootTime: newBoot,
      lastRebootAt: newBoot,
    });
    expect((await history(device, device.deviceId, boot, server.clock.now())).reboots).toEqual([
      newBoot,
    ]);
  });

  it('ignores samples from the future or past the retention, and keeps minutes 7 days and hours 400', async () => {
    const device = await server.pair(clinicId, 'staff');
    const now = minute();
    const answer = await report(device, [
      hostSample(now + 10 * MINUTE),
      hostSample(now - 401 * DAY),
      hostSample(now - 8 * DAY),
      hostSample(now),
    ]);
    expect(answer).toMatchObject({ accepted: 2, ignored: 2 });
    await runMaintenance(server.db, server.clock.now(), server.context.maintenance);
    expect(
      (await history(device, device.deviceId, now - 9 * DAY, now, '1m')).points.map((p) => p.t),
    ).toEqual([now]);
    expect((await history(device, device.deviceId, now - 9 * DAY, now, '1h')).points).toHaveLength(
      2,
    );
    server.clock.advance(400 * DAY);
    await runMaintenance(server.db, server.clock.now(), server.context.maintenance);
    expect((await history(device, device.deviceId, now - 9 * DAY, now, '1h')).points).toHaveLength(
      0,
    );
  });

  it('hears only from staff PCs, each for itself, and shows patients nothing', async () => {
    const staff = await server.pair(clinicId, 'staff');
    const patient = await server.pair(clinicId, 'patient', await server.createPatient(staff));
    const body = {
      deviceId: patient.deviceId,
      hostname: 'home',
      platform: 'darwin',
      bootTime: 1,
      samples: [],
    };
    expect(
      await server.call('POST', '/v1/hosts/report', { token: patient.auth, body }),
    ).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(
      await server.call('POST', '/v1/hosts/report', { token: staff.auth, body }),
    ).toMatchObject({ status: 403 });
    expect(await server.call('GET', '/v1/hosts', { token: patient.auth })).toMatchObject({
      status: 403,
    });
    expect((await hosts(staff)).some((h) => h.deviceId === patient.deviceId)).toBe(false);
    const tooLong = await server.call(
      'GET',
      `/v1/hosts/${staff.deviceId}/history?from=0&to=${400 * DAY}&step=1m`,
      { token: staff.auth },
    );
    expect(tooLong).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED' } } });
  });
});
