import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema } from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import type { Answer, PairedDevice, TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import {
  patientFields,
  pullOf,
  pushOf,
  readingFields,
  stamp,
  upsert,
} from '../../helpers/sync/records';
import { hostSample } from '../../helpers/sync/host-samples';

const backends = await serverBackends();
const CANARY = 'Canary-Of-Clinic-A';

/**
 * Every endpoint against every kind of caller that must be refused. Clinic A holds the data
 * (a patient named after the canary, a reading, a reporting PC); the callers come from outside.
 */
describe.each(backends)('authorization matrix on $name', (backend) => {
  let server: TestServer;
  let staffA: PairedDevice;
  let patientA: string;
  let otherPatientA: string;
  let readingA: string;
  let clinicA: string;
  const callers: Record<string, string | null> = {};

  beforeAll(async () => {
    server = await startTestServer(backend);
    clinicA = await server.createClinic('A');
    staffA = await server.pair(clinicA, 'staff');
    patientA = uuidv7();
    otherPatientA = uuidv7();
    readingA = uuidv7();
    const t = server.clock.now();
    await server.call('POST', '/v1/push', {
      token: staffA.auth,
      body: pushOf([
        upsert('patients', patientA, patientA, patientFields({ givenName: CANARY }), stamp(t)),
        upsert(
          'patients',
          otherPatientA,
          otherPatientA,
          patientFields({ givenName: `${CANARY}-2` }),
          stamp(t),
        ),
        upsert('vitals', readingA, otherPatientA, readingFields({ notes: CANARY }), stamp(t)),
      ]),
    });
    await server.call('POST', '/v1/hosts/report', {
      token: staffA.auth,
      body: {
        deviceId: staffA.deviceId,
        hostname: CANARY.toLowerCase(),
        platform: 'linux',
        bootTime: t - 60_000,
        samples: [hostSample(t - (t % 60_000))],
      },
    });
    const revoked = await server.pair(clinicA, 'staff');
    await server.admin.revokeDevice(revoked.deviceId);
    const clinicB = await server.createClinic('B');
    callers['no token'] = null;
    callers['wrong token'] = 'x'.repeat(43);
    callers.revoked = revoked.auth;
    callers['other clinic'] = (await server.pair(clinicB, 'staff')).auth;
    callers['patient token on another patient'] = (
      await server.pair(clinicA, 'patient', patientA)
    ).auth;
  }, 60_000);
  afterAll(() => server.close());

  const endpoints: {
    name: string;
    method: 'GET' | 'POST';
    path: () => string;
    body?: () => unknown;
  }[] = [
    {
      name: 'push',
      method: 'POST',
      path: () => '/v1/push',
      body: () =>
        pushOf([
          upsert(
            'vitals',
            readingA,
            otherPatientA,
            { status: 'entered-in-error' },
            stamp(server.clock.now() + 1),
          ),
        ]),
    },
    { name: 'pull', method: 'POST', path: () => '/v1/pull', body: () => pullOf(null, 1000) },
    { name: 'token rotation', method: 'POST', path: () => '/v1/token/rotate', body: () => ({}) },
    {
      name: 'host report',
      method: 'POST',
      path: () => '/v1/hosts/report',
      body: () => ({
        deviceId: staffA.deviceId,
        hostname: 'h',
        platform: 'linux',
        bootTime: 1,
        samples: [],
      }),
    },
    { name: 'hosts', method: 'GET', path: () => '/v1/hosts' },
    {
      name: 'host history',
      method: 'GET',
      path: () => `/v1/hosts/${staffA.deviceId}/history?from=0&to=${server.clock.now()}`,
    },
    {
      name: 'pairing codes',
      method: 'POST',
      path: () => '/v1/admin/pairing-codes',
      body: () => ({ clinicId: clinicA, role: 'staff' }),
    },
    {
      name: 'create clinic',
      method: 'POST',
      path: () => '/v1/admin/clinics',
      body: () => ({ name: 'Mine now' }),
    },
    { name: 'list clinics', method: 'GET', path: () => '/v1/admin/clinics' },
    { name: 'list devices', method: 'GET', path: () => '/v1/admin/devices' },
    {
      name: 'revoke device',
      method: 'POST',
      path: () => `/v1/admin/devices/${staffA.deviceId}/revoke`,
      body: () => ({}),
    },
    {
      name: 'change scope',
      method: 'POST',
      path: () => `/v1/admin/devices/${staffA.deviceId}/scope`,
      body: () => ({ role: 'patient', patientId: patientA }),
    },
    { name: 'maintenance', method: 'POST', path: () => '/v1/admin/maintenance', body: () => ({}) },
    { name: 'backup', method: 'GET', path: () => '/v1/admin/backup' },
  ];

  const kinds = [
    'no token',
    'wrong token',
    'revoked',
    'other clinic',
    'patient token on another patient',
  ];

  function refused(answer: Answer): boolean {
    return answer.status >= 400 && answer.status < 500;
  }

  /** What the caller must not learn: clinic A's people, readings, device and PC. */
  function expectNoLeak(answer: Answer): void {
    const text = JSON.stringify(answer.body);
    for (const secret of [
      CANARY,
      CANARY.toLowerCase(),
      readingA,
      otherPatientA,
      staffA.deviceId,
      clinicA,
    ]) {
      expect(text).not.toContain(secret);
    }
  }

  describe.each(kinds)('%s', (kind) => {
    it.each(endpoints)('is refused by $name and learns nothing', async (endpoint) => {
      const token = callers[kind] ?? null;
      const answer = await server.call(endpoint.method, endpoint.path(), {
        token,
        ...(endpoint.body ? { body: endpoint.body() } : {}),
      });
      if (kind === 'no token' || kind === 'wrong token') {
        expect(answer).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
      } else if (kind === 'revoked') {
        expect(answer).toMatchObject({ status: 403, body: { error: { code: 'DEVICE_REVOKED' } } });
      } else if (endpoint.name === 'push') {
        // Pushing is allowed, but only into the caller's own scope: clinic A's reading is untouched.
        const response = pushResponseSchema.parse(answer.body);
        if (kind === 'patient token on another patient') {
          expect(response.results[0]).toMatchObject({
            outcome: 'rejected',
            code: 'FORBIDDEN_SCOPE',
            current: null,
          });
        }
      } else if (endpoint.name === 'pull') {
        const { changes } = pullResponseSchema.parse(answer.body);
        const allowed = kind === 'patient token on another patient' ? [patientA] : [];
        expect(changes.filter((r) => !allowed.includes(r.patientId ?? ''))).toEqual([]);
        if (kind === 'patient token on another patient')
          expect(changes.map((r) => r.id)).toEqual([patientA]);
      } else if (endpoint.name === 'hosts' && kind === 'other clinic') {
        // Its own clinic's PCs only.
        expect(answer.status).toBe(200);
      } else if (endpoint.name === 'token rotation') {
        // A device may always rotate its own token; it learns nothing about anyone else.
        expect(answer.status).toBe(200);
      } else if (endpoint.name === 'host history' && kind === 'other clinic') {
        expect(answer).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      } else {
        expect(refused(answer), JSON.stringify(answer)).toBe(true);
        expect(answer.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
      if (endpoint.name !== 'pull' || kind !== 'patient token on another patient')
        expectNoLeak(answer);
    });
  });

  it('left clinic A exactly as it was', async () => {
    const { changes } = pullResponseSchema.parse(
      (await server.call('POST', '/v1/pull', { token: staffA.auth, body: pullOf(null, 1000) }))
        .body,
    );
    expect(changes.find((r) => r.id === readingA)?.data).toMatchObject({
      status: 'active',
      notes: CANARY,
    });
    expect(changes).toHaveLength(3);
    const devices = await server.admin.listDevices(clinicA);
    expect(devices.find((d) => d.deviceId === staffA.deviceId)).toMatchObject({
      role: 'staff',
      revokedAt: null,
    });
    expect((await server.admin.listClinics()).map((c) => c.name).sort()).toEqual(['A', 'B']);
  });

  it('accepts the server’s admin token only from this machine', async () => {
    const local = await server.call('GET', '/v1/admin/clinics', { token: server.adminToken });
    expect(local.status).toBe(200);
    const proxied = await server.app.inject({
      method: 'GET',
      url: '/v1/admin/clinics',
      headers: { authorization: `Bearer ${server.adminToken}` },
      remoteAddress: '192.0.2.10',
    });
    expect(proxied.statusCode).toBe(401);
  });
});
