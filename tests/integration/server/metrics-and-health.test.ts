import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_BACKEND } from '../../helpers/server/backends';
import type { TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { hostSample } from '../../helpers/sync/host-samples';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, pullOf, pushOf, stamp, upsert } from '../../helpers/sync/records';

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value))
      return Number(match[3]);
  }
  return undefined;
}

describe('metrics and health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(PGLITE_BACKEND, { metricsToken: 'm'.repeat(43) });
  }, 60_000);
  afterAll(() => server.close());

  async function metrics(): Promise<string> {
    const answer = await server.call('GET', '/metrics', { token: 'm'.repeat(43) });
    expect(answer.status).toBe(200);
    return String(answer.body);
  }

  it('answers liveness and readiness', async () => {
    expect(await server.call('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await server.call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
  });

  it('needs the metrics token when one is set', async () => {
    expect(await server.call('GET', '/metrics')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
  });

  it('counts requests, push and pull latency, change outcomes and hosts by status', async () => {
    const clinicId = await server.createClinic();
    const staff = await server.pair(clinicId, 'staff');
    await server.pair(clinicId, 'staff');
    const id = uuidv7();
    const t = server.clock.now();
    await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: pushOf([
        upsert('patients', id, id, patientFields(), stamp(t)),
        upsert('patients', uuidv7(), null, { a: 1 }, stamp(t)),
      ]),
    });
    await server.call('POST', '/v1/pull', { token: staff.auth, body: pullOf(null) });
    await server.call('POST', '/v1/hosts/report', {
      token: staff.auth,
      body: {
        deviceId: staff.deviceId,
        hostname: 'pc',
        platform: 'linux',
        bootTime: 1,
        samples: [hostSample(t - (t % 60_000))],
      },
    });
    const text = await metrics();
    expect(
      sample(text, 'healthdesk_http_requests_total', {
        route: '/v1/push',
        status: '200',
        method: 'POST',
      }),
    ).toBe(1);
    expect(sample(text, 'healthdesk_push_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'healthdesk_pull_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'healthdesk_changes_total', { outcome: 'applied', code: '' })).toBe(1);
    expect(
      sample(text, 'healthdesk_changes_total', { outcome: 'rejected', code: 'VALIDATION' }),
    ).toBe(1);
    expect(sample(text, 'healthdesk_hosts', { status: 'up' })).toBe(1);
    expect(sample(text, 'healthdesk_hosts', { status: 'unknown' })).toBe(1);
    server.clock.advance(4 * 60_000);
    expect(sample(await metrics(), 'healthdesk_hosts', { status: 'stale' })).toBe(1);
    expect(text).toContain('# TYPE healthdesk_incident_time_to_acknowledge_seconds histogram');
  });

  it('is not ready once its database is gone, and says so in the envelope', async () => {
    const lonely = await startTestServer(PGLITE_BACKEND);
    await lonely.database.close();
    expect(await lonely.call('GET', '/readyz')).toMatchObject({
      status: 503,
      body: { error: { code: 'BUSY' } },
    });
    expect(await lonely.call('GET', '/healthz')).toMatchObject({ status: 200 });
    await lonely.app.close();
  }, 60_000);
});
