import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '@shared/sync/protocol';
import { pullResponseSchema, pushResponseSchema } from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import type { PairedDevice, TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import {
  patientFields,
  pullOf,
  pushOf,
  readingFields,
  remove,
  stamp,
  upsert,
} from '../../helpers/sync/records';
import type { Change } from '@shared/sync/protocol';

const backends = await serverBackends();

describe.each(backends)('push on $name', (backend) => {
  let server: TestServer;
  let staff: PairedDevice;
  let clinicId: string;
  let t: number;

  beforeAll(async () => {
    server = await startTestServer(backend);
    clinicId = await server.createClinic();
    staff = await server.pair(clinicId, 'staff');
    t = server.clock.now();
  }, 60_000);
  afterAll(() => server.close());

  async function push(device: PairedDevice, changes: Change[]): Promise<PushResponse> {
    const answer = await server.call('POST', '/v1/push', {
      token: device.auth,
      body: pushOf(changes),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return pushResponseSchema.parse(answer.body);
  }

  async function pullAll(device: PairedDevice): Promise<PullResponse['changes']> {
    const answer = await server.call('POST', '/v1/pull', {
      token: device.auth,
      body: pullOf(null, 1000),
    });
    return pullResponseSchema.parse(answer.body).changes;
  }

  async function record(device: PairedDevice, id: string) {
    return (await pullAll(device)).find((r) => r.id === id);
  }

  it('applies a new record and serves it back with its stamps and a seq', async () => {
    const id = uuidv7();
    const result = await push(staff, [upsert('patients', id, id, patientFields(), stamp(t))]);
    expect(result.results).toEqual([{ changeId: result.results[0]?.changeId, outcome: 'applied' }]);
    const stored = await record(staff, id);
    expect(stored).toMatchObject({
      id,
      table: 'patients',
      patientId: id,
      deleted: false,
      data: patientFields(),
    });
    expect(stored?.hlc.givenName).toBe(stamp(t));
    expect(stored?.seq).toBeGreaterThan(0);
  });

  it('answers each change of a batch on its own: applied, superseded, rejected with code and current', async () => {
    const id = uuidv7();
    await push(staff, [
      upsert('patients', id, id, patientFields({ givenName: 'New' }), stamp(t, 5)),
    ]);
    const other = uuidv7();
    const changes = [
      upsert('patients', id, id, { givenName: 'Older' }, stamp(t, 1)),
      upsert('patients', id, id, { familyName: 'Newer' }, stamp(t + 1)),
      upsert('patients', id, id, { notes: 'from the future' }, stamp(t + 10 * 60_000)),
      upsert('patients', other, other, { givenName: 'Only a name' }, stamp(t)),
      upsert('patients', id, uuidv7(), { notes: 'moved' }, stamp(t + 2)),
      upsert('patients', id, id, { givenName: '' }, stamp(t + 3)),
    ];
    const { results } = await push(staff, changes);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['superseded', undefined],
      ['applied', undefined],
      ['rejected', 'CLOCK_SKEW'],
      ['rejected', 'VALIDATION'],
      ['rejected', 'IMMUTABLE_FIELD'],
      ['rejected', 'VALIDATION'],
    ]);
    expect(results[3]?.current).toBeNull();
    // `current` is the record as it now is, including this batch's applied change.
    expect(results[2]?.current).toMatchObject({
      id,
      data: { givenName: 'New', familyName: 'Newer' },
    });
    expect(results[4]?.current?.patientId).toBe(id);
    expect((await record(staff, id))?.data).toMatchObject({
      givenName: 'New',
      familyName: 'Newer',
      notes: '',
    });
  });

  it('keeps fields it does not know, through later edits', async () => {
    const id = uuidv7();
    await push(staff, [
      upsert(
        'patients',
        id,
        id,
        { ...patientFields(), nickname: 'Ada L.', tags: ['a', 'b'] },
        stamp(t),
      ),
    ]);
    await push(staff, [upsert('patients', id, id, { notes: 'edited' }, stamp(t + 1))]);
    expect((await record(staff, id))?.data).toMatchObject({
      nickname: 'Ada L.',
      tags: ['a', 'b'],
      notes: 'edited',
    });
  });

  it('refuses fields that belong to the device or to the record identity', async () => {
    const id = uuidv7();
    for (const field of ['_hlc', '_search', 'id', 'patientId']) {
      const { results } = await push(staff, [
        upsert('patients', id, id, { ...patientFields(), [field]: 'x' }, stamp(t)),
      ]);
      expect(results[0]).toMatchObject({ outcome: 'rejected', code: 'VALIDATION' });
    }
  });

  it('keeps a deleted record deleted when later edits arrive, until an explicit undelete', async () => {
    const id = uuidv7();
    await push(staff, [upsert('patients', id, id, patientFields(), stamp(t))]);
    expect(
      (await push(staff, [remove('patients', id, id, stamp(t + 10))])).results[0]?.outcome,
    ).toBe('applied');
    const late = await push(staff, [
      upsert('patients', id, id, { notes: 'late edit' }, stamp(t + 20)),
    ]);
    expect(late.results[0]?.outcome).toBe('applied');
    expect(await record(staff, id)).toMatchObject({
      deleted: true,
      data: { _deleted: true, notes: 'late edit' },
    });
    // An older undelete loses to the delete; a newer one wins.
    expect(
      (await push(staff, [upsert('patients', id, id, { _deleted: false }, stamp(t + 5))]))
        .results[0]?.outcome,
    ).toBe('superseded');
    await push(staff, [upsert('patients', id, id, { _deleted: false }, stamp(t + 30))]);
    expect(await record(staff, id)).toMatchObject({ deleted: false });
    expect(
      (await push(staff, [upsert('patients', id, id, { _deleted: 'yes' }, stamp(t + 40))]))
        .results[0]?.code,
    ).toBe('VALIDATION');
  });

  it('enforces append-only readings: only status fields change, never deleted', async () => {
    const patientId = await server.createPatient(staff);
    const id = uuidv7();
    const create = upsert('vitals', id, patientId, readingFields(), stamp(t));
    expect((await push(staff, [create])).results[0]?.outcome).toBe('applied');
    const { results } = await push(staff, [
      upsert('vitals', id, patientId, { heartRate: 99 }, stamp(t + 1)),
      upsert(
        'vitals',
        id,
        patientId,
        { status: 'entered-in-error', errorReason: 'wrong patient' },
        stamp(t + 2),
      ),
      remove('vitals', id, patientId, stamp(t + 3)),
      { ...create, changeId: uuidv7() },
    ]);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'IMMUTABLE_FIELD'],
      ['applied', undefined],
      ['rejected', 'IMMUTABLE_FIELD'],
      ['superseded', undefined],
    ]);
    expect((await record(staff, id))?.data).toMatchObject({
      heartRate: 72,
      status: 'entered-in-error',
    });
  });

  it('lets a patient device write only its own readings, and shows it nothing else', async () => {
    const mine = await server.createPatient(staff);
    const theirs = await server.createPatient(staff);
    const home = await server.pair(clinicId, 'patient', mine);
    const theirReading = uuidv7();
    await push(staff, [upsert('vitals', theirReading, theirs, readingFields(), stamp(t))]);
    const { results } = await push(home, [
      upsert('vitals', uuidv7(), mine, readingFields(), stamp(t)),
      upsert('vitals', uuidv7(), theirs, readingFields(), stamp(t)),
      upsert('patients', mine, mine, { notes: 'edited at home' }, stamp(t + 1)),
      upsert('vitals', theirReading, mine, { status: 'entered-in-error' }, stamp(t + 1)),
    ]);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'FORBIDDEN_SCOPE'],
      ['rejected', 'FORBIDDEN_SCOPE'],
      ['rejected', 'FORBIDDEN_SCOPE'],
    ]);
    // Another patient's record is never revealed, not even as `current`.
    expect(results[3]?.current).toBeNull();
    expect(results[2]?.current).toMatchObject({ id: mine });
    const visible = await pullAll(home);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((r) => r.patientId === mine)).toBe(true);
  });

  it('answers a repeated batch from its record, and a changed body under the same id by applying it again', async () => {
    const id = uuidv7();
    const batch = pushOf([
      upsert('patients', id, id, patientFields(), stamp(t)),
      upsert('patients', uuidv7(), null, { x: 1 }, stamp(t)),
    ]);
    const first = await server.call('POST', '/v1/push', { token: staff.auth, body: batch });
    const again = await server.call('POST', '/v1/push', { token: staff.auth, body: batch });
    expect(again.body).toEqual({ ...(first.body as object), replayed: true });
    const logged = await server.db
      .selectFrom('change_log')
      .select('change_id')
      .where('record_id', '=', id)
      .execute();
    expect(logged).toHaveLength(1);

    const rebuilt = {
      ...batch,
      changes: [upsert('patients', id, id, { notes: 'rebuilt' }, stamp(t + 1))],
    };
    const reapplied = pushResponseSchema.parse(
      (await server.call('POST', '/v1/push', { token: staff.auth, body: rebuilt })).body,
    );
    expect(reapplied.replayed).toBeUndefined();
    expect(reapplied.results[0]?.outcome).toBe('applied');
  });

  it('logs every accepted change, including the values that lost a merge', async () => {
    const id = uuidv7();
    await push(staff, [upsert('patients', id, id, patientFields(), stamp(t + 5))]);
    await push(staff, [upsert('patients', id, id, { notes: 'lost' }, stamp(t + 1))]);
    const log = await server.db
      .selectFrom('change_log')
      .select(['outcome', 'change'])
      .where('record_id', '=', id)
      .orderBy('id')
      .execute();
    expect(log.map((row) => row.outcome)).toEqual(['applied', 'superseded']);
    expect(JSON.parse(log[1]?.change ?? 'null')).toMatchObject({ fields: { notes: 'lost' } });
  });

  it('reads "*" in pushed stamps, says so, and sends stamps compact only to a device that asks', async () => {
    const id = uuidv7();
    const later = stamp(t + 2_000);
    const fields = patientFields();
    const change = upsert('patients', id, id, fields, stamp(t));
    const compact = { ...change, fieldHlc: { '*': stamp(t), notes: later } };
    const answer = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: pushOf([compact]),
    });
    expect(answer.headers['csp-compact-stamps']).toBe('yes');
    expect(pushResponseSchema.parse(answer.body).results).toMatchObject([{ outcome: 'applied' }]);
    // A field whose stamp is neither its own nor "*" is malformed.
    const unstamped = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: pushOf([{ ...change, changeId: uuidv7(), fieldHlc: { notes: later } }]),
    });
    expect(unstamped.status).toBe(400);

    const expanded = await record(staff, id);
    expect(expanded?.hlc).toEqual(
      Object.fromEntries(Object.keys(fields).map((f) => [f, f === 'notes' ? later : stamp(t)])),
    );
    const pulled = await server.call('POST', '/v1/pull', {
      token: staff.auth,
      body: { ...pullOf(null, 1000), compactStamps: true },
    });
    const page = pullResponseSchema.parse(pulled.body);
    expect(page.changes.find((r) => r.id === id)?.hlc).toEqual({ '*': stamp(t), notes: later });
    // The same write again, one stamp per field: nothing changes.
    expect(
      (await push(staff, [{ ...change, changeId: uuidv7(), fieldHlc: expanded?.hlc ?? {} }]))
        .results,
    ).toMatchObject([{ outcome: 'superseded' }]);
  });

  it('asks for smaller batches past 500 changes or 5 MiB', async () => {
    const many = Array.from({ length: 501 }, () =>
      upsert('patients', uuidv7(), null, { a: 1 }, stamp(t)),
    );
    const tooMany = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: pushOf(many),
    });
    expect(tooMany).toMatchObject({ status: 413, body: { error: { code: 'BATCH_TOO_LARGE' } } });
    const big = pushOf([
      upsert('patients', uuidv7(), null, { notes: 'x'.repeat(5.5 * 1024 * 1024) }, stamp(t)),
    ]);
    const tooBig = await server.call('POST', '/v1/push', { token: staff.auth, body: big });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'BATCH_TOO_LARGE' } } });
  });
});

describe.each(backends)('schema versions on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { minSchemaVersion: 2 });
  }, 60_000);
  afterAll(() => server.close());

  it('sends 426 with the minimum version to an app that is too old, and to another protocol', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    for (const path of ['/v1/push', '/v1/pull']) {
      const body =
        path === '/v1/push'
          ? pushOf([upsert('patients', uuidv7(), null, { a: 1 }, stamp(server.clock.now()))], 1)
          : pullOf(null, 10, 1);
      expect(await server.call('POST', path, { token: staff.auth, body })).toMatchObject({
        status: 426,
        body: { error: { code: 'SCHEMA_TOO_OLD', minSchemaVersion: 2 } },
      });
      expect(
        await server.call('POST', path, {
          token: staff.auth,
          body: { ...body, protocolVersion: 2, schemaVersion: 2 },
        }),
      ).toMatchObject({
        status: 426,
        body: { error: { code: 'PROTOCOL_UNSUPPORTED' } },
      });
    }
  });
});
