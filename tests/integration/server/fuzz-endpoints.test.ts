import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '@shared/sync/hlc';
import { ERROR_CODES, errorBodySchema } from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import type { PairedDevice, TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import { hostSample } from '../../helpers/sync/host-samples';
import { patientFields, readingFields } from '../../helpers/sync/records';

const backends = await serverBackends();
const RUNS = 150;

/** Anything a broken or hostile client could put in a JSON body. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withNullPrototype: false }).map((value) => {
    try {
      // Wrapped in an array so that what JSON cannot say (undefined, functions) becomes null.
      return (JSON.parse(JSON.stringify([value])) as unknown[])[0];
    } catch {
      return null;
    }
  }),
);

/**
 * Push bodies in two kinds. Well-shaped batches (every change passes the wire schema, so the
 * fuzzed values reach validation, the merge and the database) and broken ones (any part of the
 * envelope or of a change off).
 */
function nearValidPush(now: number, patientId: string) {
  const validStamp = fc
    .oneof(
      fc.constant(now),
      fc.integer({ min: now - 1000, max: now }),
      fc.integer({ min: 0, max: 999_999_999_999_999 }),
    )
    .map((ms) => formatHlc({ ms, c: 0 }, 'fuzz'));
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constant('\u0000'),
    fc.constant({ nested: 'a\u0000b', ['k\u0000']: 1 }),
    fc.constant(JSON.parse('['.repeat(60) + ']'.repeat(60)) as unknown),
  );
  const fieldNames = fc.constantFrom(
    ...Object.keys(patientFields()),
    ...Object.keys(readingFields()),
    '_deleted',
    '_hlc',
    'id',
    'extra',
  );
  const extras = fc.dictionary(fieldNames, value, { minKeys: 1, maxKeys: 3 });
  // Mostly whole records with a few fuzzed fields, so those values pass the required-field rules.
  const fields = fc.oneof(
    extras.map((extra) => ({ ...patientFields(), ...extra })),
    extras.map((extra) => ({ ...readingFields(), ...extra })),
    extras,
  );
  const table = fc.constantFrom('patients', 'patients', 'vitals', 'unknown_table');
  const id = fc.oneof(fc.constant(patientId), fc.uuid({ version: 7 }));
  const owner = fc.oneof(fc.constant(patientId), fc.constant(null), fc.uuid({ version: 4 }));
  const wellShaped = fc.oneof(
    fc
      .record({
        changeId: fc.uuid({ version: 7 }),
        table,
        id,
        patientId: owner,
        fields,
        stamp: validStamp,
      })
      .map(({ fields: values, stamp: hlc, ...rest }) => ({
        ...rest,
        op: 'upsert',
        fields: values,
        fieldHlc: Object.fromEntries(Object.keys(values).map((key) => [key, hlc])),
      })),
    fc
      .record({ changeId: fc.uuid({ version: 7 }), table, id, patientId: owner, hlc: validStamp })
      .map((change) => ({ ...change, op: 'delete' })),
  );
  const broken = fc.record({
    changeId: fc.oneof(fc.uuid({ version: 7 }), fc.string({ maxLength: 10 })),
    op: fc.constantFrom('delete', 'upsert', 'merge'),
    table: fc.oneof(table, fc.string({ maxLength: 70 })),
    id: fc.oneof(id, fc.string({ maxLength: 40 })),
    patientId: owner,
    fields: fc.dictionary(fc.string({ maxLength: 70 }), value, { maxKeys: 4 }),
    fieldHlc: fc.dictionary(fieldNames, fc.oneof(validStamp, fc.string({ maxLength: 30 })), {
      maxKeys: 4,
    }),
    hlc: fc.oneof(validStamp, fc.string({ maxLength: 30 })),
  });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        protocolVersion: fc.constant(1),
        schemaVersion: fc.constant(1),
        batchId: fc.uuid({ version: 7 }),
        changes: fc.array(wellShaped, { minLength: 1, maxLength: 6 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        protocolVersion: fc.oneof(fc.constant(1), fc.integer({ min: -1, max: 3 })),
        schemaVersion: fc.oneof(fc.constant(1), fc.integer({ min: -2, max: 3 }), fc.double()),
        batchId: fc.oneof(fc.uuid({ version: 7 }), fc.string({ maxLength: 10 })),
        changes: fc.array(fc.oneof(wellShaped, broken), { minLength: 0, maxLength: 6 }),
      }),
    },
  );
}

describe.each(backends)('fuzzed bodies on $name', (backend) => {
  let server: TestServer;
  let staff: PairedDevice;
  let patient: PairedDevice;
  let patientId: string;
  let clinicId: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    clinicId = await server.createClinic();
    staff = await server.pair(clinicId, 'staff');
    patientId = await server.createPatient(staff);
    patient = await server.pair(clinicId, 'patient', patientId);
  }, 60_000);
  afterAll(() => server.close());

  /** No fuzzed request may fail the server; every refusal carries a known code. */
  async function expectHandled(
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    body: unknown,
  ) {
    const answer = await server.call(method, path, {
      token,
      ...(method === 'POST' ? { body } : {}),
    });
    expect(
      answer.status,
      `${path} ${JSON.stringify([body]).slice(0, 300)} → ${JSON.stringify(answer.body)}`,
    ).toBeLessThan(500);
    if (answer.status >= 400) {
      const error = errorBodySchema.safeParse(answer.body);
      expect(error.success, JSON.stringify(answer.body)).toBe(true);
      if (error.success) expect(ERROR_CODES).toContain(error.data.error.code);
    }
    return answer;
  }

  const endpoints = [
    {
      path: '/v1/push',
      method: 'POST' as const,
      near: () => nearValidPush(server.clock.now(), patientId),
    },
    {
      path: '/v1/pull',
      method: 'POST' as const,
      near: () =>
        fc.record({
          protocolVersion: fc.constantFrom(1, 2),
          schemaVersion: fc.integer({ min: 0, max: 3 }),
          cursor: fc.oneof(
            fc.constant(null),
            fc.record({ epoch: fc.string(), seq: fc.integer({ min: -5, max: 1_000_000 }) }),
          ),
          limit: fc.oneof(fc.integer({ min: -1, max: 2000 }), fc.constant(undefined)),
        }),
    },
    {
      path: '/v1/pair',
      method: 'POST' as const,
      near: () =>
        fc.record({
          code: fc.oneof(fc.stringMatching(/^\d{8}$/), fc.string({ maxLength: 12 })),
          deviceId: fc.oneof(fc.uuid({ version: 4 }), fc.string()),
          deviceName: fc.oneof(
            fc.string({ unit: 'binary', maxLength: 250 }),
            fc.constant('\u0000'),
          ),
        }),
    },
    { path: '/v1/token/rotate', method: 'POST' as const, near: () => anyJson },
    {
      path: '/v1/hosts/report',
      method: 'POST' as const,
      near: () =>
        fc.record({
          deviceId: fc.oneof(fc.constant(staff.deviceId), fc.uuid({ version: 4 })),
          hostname: fc.oneof(
            fc.string({ unit: 'binary', maxLength: 300 }),
            fc.constant('a\u0000b'),
          ),
          platform: fc.string({ maxLength: 70 }),
          bootTime: fc.oneof(fc.integer({ min: -1 }), fc.double()),
          samples: fc.array(
            fc.oneof(
              fc
                .integer({ min: -10, max: 10 })
                .map((i) =>
                  hostSample(server.clock.now() - (server.clock.now() % 60_000) + i * 60_000),
                ),
              fc.record({
                t: fc.integer(),
                cpu: fc.record({ min: fc.double(), avg: fc.double(), max: fc.double() }),
              }),
              anyJson,
            ),
            { maxLength: 5 },
          ),
        }),
    },
    {
      path: '/v1/admin/pairing-codes',
      method: 'POST' as const,
      near: () =>
        fc.record({
          clinicId: fc.oneof(fc.constant(clinicId), fc.uuid({ version: 4 })),
          role: fc.constantFrom('staff', 'patient', 'admin'),
          patientId: fc.oneof(
            fc.constant(patientId),
            fc.constant(null),
            fc.uuid({ version: 4 }),
            fc.string(),
          ),
        }),
    },
  ];

  it.each(endpoints)(
    'answers $path with a valid status and envelope, whatever the body',
    async ({ path, method, near }) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anyJson, near()),
          fc.constantFrom(staff, patient),
          async (body, device) => {
            await expectHandled(method, path, device.auth, body);
          },
        ),
        { numRuns: RUNS },
      );
    },
    120_000,
  );

  it('answers query-string and path fuzz on the GET endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uuid({ version: 4 }),
          fc.constant(staff.deviceId),
          fc.string({ maxLength: 40 }),
        ),
        fc.dictionary(
          fc.constantFrom('from', 'to', 'step', 'x'),
          fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String)),
        ),
        fc.constantFrom(staff, patient),
        async (deviceId, query, device) => {
          const search = new URLSearchParams(query).toString();
          await expectHandled(
            'GET',
            `/v1/hosts/${encodeURIComponent(deviceId)}/history?${search}`,
            device.auth,
            undefined,
          );
          await expectHandled('GET', `/v1/hosts?${search}`, device.auth, undefined);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers bodies that are not JSON, or not what they claim', async () => {
    const raws = [
      '{',
      'null',
      '[]',
      '"x"',
      '{"__proto__":{"a":1}}',
      '{"constructor":{"prototype":{}}}',
      '['.repeat(100_000),
      '\u0000',
    ];
    for (const raw of raws) {
      for (const path of ['/v1/push', '/v1/pull', '/v1/pair', '/v1/hosts/report']) {
        const answer = await server.call('POST', path, { token: staff.auth, raw });
        expect(answer.status, `${path} ${raw.slice(0, 20)}`).toBeLessThan(500);
        expect(errorBodySchema.safeParse(answer.body).success).toBe(true);
      }
    }
    const wrongType = await server.call('POST', '/v1/push', {
      token: staff.auth,
      raw: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
    expect(errorBodySchema.safeParse(wrongType.body).success).toBe(true);
    const nothing = await server.call('POST', '/v1/push', { token: staff.auth });
    expect(nothing).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED' } } });
    expect(await server.call('GET', '/v1/nowhere')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect(uuidv7()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
