import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOverIpc } from '../../helpers/host-transports';
import { serverBackends } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { freePort } from '../../helpers/server/server-process';
import { hostSample } from '../../helpers/sync/host-samples';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, pullOf, pushOf, stamp, upsert } from '../../helpers/sync/records';
import { createTestHost } from '../../helpers/test-host';

const backends = await serverBackends();

/** A device as the renderer sees it: the host API over (in-memory) IPC, the real main services. */
function device() {
  const connected = connectOverIpc(createTestHost('electron', { fetch: globalThis.fetch }));
  const token = () => readFileSync(path.join(connected.dataDir, 'sync', 'device-token'), 'utf8');
  return { ...connected, token };
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe.each(backends)('a device syncing through the host API with a $name server', (backend) => {
  let server: TestServer;
  let clinicId: string;
  const answers: unknown[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend, { listen: true });
    clinicId = await server.createClinic();
  }, 60_000);
  afterAll(() => server.close());

  it('pairs over a LAN opt-in, pushes, pulls, sees the clinic’s PCs, and never shows the token', async () => {
    const desk = device();
    try {
      const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
      const refused = value(await desk.api.sync.pair({ serverUrl: server.url, code }));
      expect(refused).toMatchObject({ outcome: 'insecure-url' });
      const paired = value(
        await desk.api.sync.pair({
          serverUrl: server.url,
          code,
          allowInsecureLan: true,
          deviceName: 'Front desk',
        }),
      );
      answers.push(paired);
      expect(paired).toMatchObject({
        outcome: 'paired',
        status: {
          paired: true,
          clinicId,
          role: 'staff',
          insecureLan: true,
          tokenStorage: { secure: false, backend: 'file' },
        },
      });

      const id = uuidv7();
      const pushed = value(
        await desk.api.sync.push(
          pushOf([upsert('patients', id, id, patientFields(), stamp(server.clock.now()))]),
        ),
      );
      answers.push(pushed);
      expect(pushed).toMatchObject({
        outcome: 'ok',
        status: 200,
        body: { results: [{ outcome: 'applied' }] },
      });
      const pulled = value(await desk.api.sync.pull(pullOf(null)));
      answers.push(pulled);
      expect(pulled).toMatchObject({
        outcome: 'ok',
        body: { changes: [{ id, table: 'patients' }], hasMore: false },
      });
      const resync = value(await desk.api.sync.pull(pullOf({ epoch: 'old', seq: 1 })));
      expect(resync).toMatchObject({
        outcome: 'error',
        status: 409,
        body: { error: { code: 'RESYNC_REQUIRED', reason: 'epoch' } },
      });

      const t = server.clock.now() - (server.clock.now() % 60_000);
      // The PC's own reporter sent its first report on pairing; the next is a minute away.
      await desk.host.hostReporter.idle();
      const report = await desk.host.sync.reportHosts({
        hostname: 'desk-1',
        platform: 'win32',
        bootTime: t - 3_600_000,
        samples: [hostSample(t - 60_000), hostSample(t)],
      });
      expect(report).toMatchObject({ sent: 2, result: { outcome: 'ok' } });
      const hosts = value(await desk.api.sync.listHosts());
      answers.push(hosts);
      expect(hosts).toMatchObject({
        outcome: 'ok',
        body: { hosts: [{ hostname: 'desk-1', status: 'up', deviceName: 'Front desk' }] },
      });
      const deviceId = value(await desk.api.sync.getStatus()).deviceId ?? '';
      const history = value(
        await desk.api.sync.getHostHistory({ deviceId, from: t - 3_600_000, to: t, step: '1m' }),
      );
      answers.push(history);
      expect(history).toMatchObject({
        outcome: 'ok',
        body: { points: [{ t: t - 60_000 }, { t }] },
      });

      const code2 = value(
        await desk.api.sync.createPairingCode({ role: 'patient', patientId: id }),
      );
      answers.push(code2);
      expect(code2).toMatchObject({
        outcome: 'ok',
        body: { role: 'patient', patientId: id, code: expect.stringMatching(/^\d{8}$/) as unknown },
      });

      answers.push(value(await desk.api.sync.getStatus()));
      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(desk.token());
    } finally {
      await desk.close();
    }
  });

  it('gives a patient’s device its own records only, and tells a revoked device so', async () => {
    const desk = device();
    const home = device();
    try {
      const staffCode = (await server.admin.issuePairingCode(clinicId, 'staff', null)).code;
      value(
        await desk.api.sync.pair({
          serverUrl: server.url,
          code: staffCode,
          allowInsecureLan: true,
        }),
      );
      const mine = uuidv7();
      const theirs = uuidv7();
      const t = server.clock.now();
      value(
        await desk.api.sync.push(
          pushOf([mine, theirs].map((id) => upsert('patients', id, id, patientFields(), stamp(t)))),
        ),
      );
      const homeCode = (await server.admin.issuePairingCode(clinicId, 'patient', mine)).code;
      expect(
        value(
          await home.api.sync.pair({
            serverUrl: server.url,
            code: homeCode,
            allowInsecureLan: true,
          }),
        ),
      ).toMatchObject({ outcome: 'paired', status: { role: 'patient', patientId: mine } });
      const pulled = value(await home.api.sync.pull(pullOf(null)));
      expect(pulled.outcome === 'ok' && pulled.body.changes.map((r) => r.id)).toEqual([mine]);
      expect(value(await home.api.sync.listHosts())).toMatchObject({
        outcome: 'error',
        status: 403,
      });

      const homeId = value(await home.api.sync.getStatus()).deviceId ?? '';
      await server.admin.revokeDevice(homeId);
      expect(value(await home.api.sync.pull(pullOf(null)))).toMatchObject({
        outcome: 'error',
        status: 403,
        body: { error: { code: 'DEVICE_REVOKED' } },
      });
      expect(value(await home.api.sync.getStatus())).toMatchObject({
        paired: true,
        connection: 'revoked',
      });
      expect(value(await home.api.sync.unpair())).toMatchObject({ paired: false });
      expect(value(await home.api.sync.pull(pullOf(null)))).toEqual({ outcome: 'not-paired' });
    } finally {
      await desk.close();
      await home.close();
    }
  });

  it('reports a server that went away as unreachable with a time to retry', async () => {
    const desk = device();
    try {
      const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
      value(await desk.api.sync.pair({ serverUrl: server.url, code, allowInsecureLan: true }));
      // Nothing listens there.
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const gone = value(
        await desk.api.sync.pair({
          serverUrl: nobody,
          code: '12345678',
          allowInsecureLan: true,
        }),
      );
      expect(gone).toMatchObject({ outcome: 'unreachable', reason: 'network' });
      expect(gone.outcome === 'unreachable' && gone.retryAfterMs).toBeGreaterThanOrEqual(500);
    } finally {
      await desk.close();
    }
  }, 60_000);
});
