import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse, PushResponse } from '@shared/sync/protocol';
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

const backends = await serverBackends();

// A batch's records and log entries are written by one statement (new records inserted, stored
// ones upserted, most log entries taken from the record they created): these are its mixed cases.
describe.each(backends)('the writes of one push batch on $name', (backend) => {
  let server: TestServer;
  let staff: PairedDevice;
  let clinicId: string;
  let patientId: string;
  let t: number;

  beforeAll(async () => {
    server = await startTestServer(backend);
    clinicId = await server.createClinic();
    staff = await server.pair(clinicId, 'staff');
    patientId = await server.createPatient(staff);
    t = server.clock.now();
  }, 60_000);
  afterAll(() => server.close());

  async function push(changes: Change[]): Promise<PushResponse> {
    const answer = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: pushOf(changes),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return pushResponseSchema.parse(answer.body);
  }

  async function pulled(): Promise<PullResponse['changes']> {
    const answer = await server.call('POST', '/v1/pull', {
      token: staff.auth,
      body: pullOf(null, 1000),
    });
    return pullResponseSchema.parse(answer.body).changes;
  }

  function logOf(id: string) {
    return server.db
      .selectFrom('change_log')
      .select(['seq', 'change_id', 'outcome', 'change'])
      .where('record_id', '=', id)
      .orderBy('id')
      .execute();
  }

  it('stores a record created and edited in the same batch once, and logs both changes', async () => {
    const id = uuidv7();
    const created = upsert('patients', id, id, patientFields({ notes: 'first' }), stamp(t));
    const edited = upsert('patients', id, id, { notes: 'second' }, stamp(t + 1));
    const answer = await push([created, edited]);
    expect(answer.results.map((result) => result.outcome)).toEqual(['applied', 'applied']);

    const records = (await pulled()).filter((record) => record.id === id);
    expect(records).toHaveLength(1);
    expect(records[0]?.data.notes).toBe('second');
    expect(records[0]?.hlc.notes).toBe(stamp(t + 1));
    expect(records[0]?.hlc.givenName).toBe(stamp(t));

    const log = await logOf(id);
    expect(log.map((row) => row.change_id)).toEqual([created.changeId, edited.changeId]);
    expect(log.map((row) => row.seq)).toEqual([records[0]?.seq, records[0]?.seq]);
    expect(JSON.parse(log[0]?.change ?? 'null')).toMatchObject({
      changeId: created.changeId,
      fields: { notes: 'first' },
    });
    expect(JSON.parse(log[1]?.change ?? 'null')).toEqual({
      ...edited,
      fieldHlc: { notes: stamp(t + 1) },
    });
  });

  it('mixes new records, edits of stored ones and lost merges in one batch', async () => {
    const stored = uuidv7();
    await push([upsert('vitals', stored, patientId, readingFields({ takenAt: t }), stamp(t + 5))]);
    const fresh = uuidv7();
    const changes = [
      upsert('vitals', stored, patientId, { status: 'entered-in-error' }, stamp(t + 6)),
      upsert('vitals', fresh, patientId, readingFields({ takenAt: t, heartRate: 61 }), stamp(t)),
      upsert('vitals', stored, patientId, { status: 'active' }, stamp(t + 1)),
      upsert('vitals', uuidv7(), patientId, { heartRate: 70 }, stamp(t)),
    ];
    const answer = await push(changes);
    expect(answer.results.map((result) => [result.outcome, result.code])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['superseded', undefined],
      ['rejected', 'VALIDATION'],
    ]);

    const records = await pulled();
    const seqs = records.map((record) => record.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(records.find((record) => record.id === stored)?.data.status).toBe('entered-in-error');
    expect(records.find((record) => record.id === fresh)?.data.heartRate).toBe(61);

    const storedLog = await logOf(stored);
    expect(storedLog.map((row) => row.outcome)).toEqual(['applied', 'applied', 'superseded']);
    expect(JSON.parse(storedLog[2]?.change ?? 'null')).toMatchObject({
      changeId: changes[2]?.changeId,
      fields: { status: 'active' },
    });
    const freshLog = await logOf(fresh);
    expect(freshLog).toHaveLength(1);
  });

  it('logs a record created from its own row exactly as the change that created it', async () => {
    const id = uuidv7();
    const fields = readingFields({ takenAt: t, notes: 'quote " and backslash \\ and ünïcode' });
    const created = upsert('vitals', id, patientId, fields, stamp(t));
    await push([created]);
    const [row] = await logOf(id);
    expect(row?.outcome).toBe('applied');
    expect(JSON.parse(row?.change ?? 'null')).toStrictEqual({
      ...created,
      fieldHlc: { '*': stamp(t) },
    });
  });

  it('logs deletes and their records, and a delete of a record it never had', async () => {
    const id = uuidv7();
    await push([upsert('patients', id, id, patientFields(), stamp(t))]);
    const deleted = remove('patients', id, id, stamp(t + 2));
    const unknown = uuidv7();
    const deletedUnknown = remove('patients', unknown, unknown, stamp(t + 2));
    const answer = await push([deleted, deletedUnknown]);
    expect(answer.results.map((result) => result.outcome)).toEqual(['applied', 'applied']);
    const records = await pulled();
    expect(records.find((record) => record.id === id)?.deleted).toBe(true);
    expect(records.find((record) => record.id === unknown)?.deleted).toBe(true);
    expect(JSON.parse((await logOf(unknown))[0]?.change ?? 'null')).toEqual(deletedUnknown);
  });
});
