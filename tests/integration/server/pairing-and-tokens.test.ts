import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  pairResponseSchema,
  pairingCodeResponseSchema,
  rotateResponseSchema,
} from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import { pullOf } from '../../helpers/sync/records';

const backends = await serverBackends();

describe.each(backends)('pairing and tokens on $name', (backend) => {
  let server: TestServer;
  let clinicId: string;

  beforeAll(async () => {
    server = await startTestServer(backend, { pairAttemptsPerMinute: 1000 });
    clinicId = await server.createClinic();
  }, 60_000);
  afterAll(() => server.close());

  function pairWith(code: string, deviceId = uuidv7()) {
    return server.call('POST', '/v1/pair', { body: { code, deviceId } });
  }
  function pullWith(token: string) {
    return server.call('POST', '/v1/pull', { token, body: pullOf(null) });
  }

  it('pairs a device once per code and stores neither code nor token in the clear', async () => {
    const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
    const first = await pairWith(code);
    expect(first.status).toBe(200);
    const paired = pairResponseSchema.parse(first.body);
    expect(paired).toMatchObject({ clinicId, role: 'staff', patientId: null });
    expect(paired.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await pairWith(code)).toMatchObject({
      status: 400,
      body: { error: { code: 'PAIRING_CODE_INVALID' } },
    });
    const dump = JSON.stringify(
      (await sql`select * from pairing_codes`.execute(server.db)).rows.concat(
        (await sql`select * from devices`.execute(server.db)).rows,
      ),
    );
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(paired.deviceToken);
    expect((await pullWith(paired.deviceToken)).status).toBe(200);
  });

  it('refuses a code after its ten minutes', async () => {
    const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
    server.clock.advance(10 * 60_000 + 1);
    expect(await pairWith(code)).toMatchObject({
      status: 400,
      body: { error: { code: 'PAIRING_CODE_INVALID' } },
    });
  });

  it('lets exactly one of two devices racing for a code win', async () => {
    const { code } = await server.admin.issuePairingCode(clinicId, 'staff', null);
    const answers = await Promise.all([pairWith(code), pairWith(code), pairWith(code)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
  });

  it('issues patient codes only for a patient the clinic has', async () => {
    await expect(
      server.admin.issuePairingCode(clinicId, 'patient', uuidv7()),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const staff = await server.pair(clinicId, 'staff');
    const patientId = await server.createPatient(staff);
    const answer = await server.call('POST', '/v1/admin/pairing-codes', {
      token: staff.auth,
      body: { clinicId, role: 'patient', patientId },
    });
    expect(pairingCodeResponseSchema.parse(answer.body)).toMatchObject({
      role: 'patient',
      patientId,
    });
    const paired = pairResponseSchema.parse(
      (await pairWith(pairingCodeResponseSchema.parse(answer.body).code)).body,
    );
    expect(paired).toMatchObject({ role: 'patient', patientId, clinicId });
    const noPatient = await server.call('POST', '/v1/admin/pairing-codes', {
      token: staff.auth,
      body: { clinicId, role: 'patient' },
    });
    expect(noPatient).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED' } } });
  });

  it('gives a re-paired device a new token and scope version; the old token stops working', async () => {
    const deviceId = uuidv7();
    const first = pairResponseSchema.parse(
      (
        await pairWith(
          (await server.admin.issuePairingCode(clinicId, 'staff', null)).code,
          deviceId,
        )
      ).body,
    );
    const second = pairResponseSchema.parse(
      (
        await pairWith(
          (await server.admin.issuePairingCode(clinicId, 'staff', null)).code,
          deviceId,
        )
      ).body,
    );
    expect(second.deviceToken).not.toBe(first.deviceToken);
    expect((await pullWith(first.deviceToken)).status).toBe(401);
    expect((await pullWith(second.deviceToken)).status).toBe(200);
  });

  it('rotates tokens: both work for 24 hours, and a lost answer can be retried with the old token', async () => {
    const device = await server.pair(clinicId, 'staff');
    const rotated = rotateResponseSchema.parse(
      (await server.call('POST', '/v1/token/rotate', { token: device.auth, body: {} })).body,
    );
    expect(rotated.previousValidUntil).toBe(server.clock.now() + 24 * 3_600_000);
    expect((await pullWith(device.auth)).status).toBe(200);
    expect((await pullWith(rotated.deviceToken)).status).toBe(200);

    // The answer was lost: the device rotates again with its old token.
    const retried = rotateResponseSchema.parse(
      (await server.call('POST', '/v1/token/rotate', { token: device.auth })).body,
    );
    expect(retried.previousValidUntil).toBe(rotated.previousValidUntil);
    expect((await pullWith(rotated.deviceToken)).status).toBe(401);
    expect((await pullWith(retried.deviceToken)).status).toBe(200);

    server.clock.advance(24 * 3_600_000 + 1);
    expect((await pullWith(device.auth)).status).toBe(401);
    expect((await pullWith(retried.deviceToken)).status).toBe(200);
  });
});

describe.each(backends)('pairing rate limits on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { pairAttemptsPerMinute: 3 });
  }, 60_000);
  afterAll(() => server.close());

  it('slows down a guesser per address, then lets it try again in the next minute', async () => {
    const guess = (ip: string) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/pair',
        payload: { code: '12345678', deviceId: uuidv7() },
        remoteAddress: ip,
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess('192.0.2.1')).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const limited = (await guess('192.0.2.1')).json<{
      error: { code: string; retryAfterMs: number };
    }>();
    expect(limited.error.code).toBe('BUSY');
    expect(limited.error.retryAfterMs).toBeGreaterThan(0);
    expect(limited.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await guess('192.0.2.2')).statusCode).toBe(400);
    server.clock.advance(60_000);
    expect((await guess('192.0.2.1')).statusCode).toBe(400);
  });

  it('caps the attempts of all addresses together', async () => {
    server.clock.advance(10 * 60_000);
    const statuses: number[] = [];
    // 3 per minute per address allows 90 per 10 minutes overall.
    for (let i = 0; i < 95; i++) {
      const answer = await server.app.inject({
        method: 'POST',
        url: '/v1/pair',
        payload: { code: '12345678', deviceId: uuidv7() },
        remoteAddress: `198.51.100.${i}`,
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 80).every((s) => s === 400)).toBe(true);
  });
});
