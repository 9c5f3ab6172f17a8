import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYNCED_TABLES } from '@shared/domain/tables';
import type { Change, Cursor, PullResponse } from '@shared/sync/protocol';
import { pullResponseSchema } from '@shared/sync/protocol';
import { runMaintenance } from '../../../server/maintenance';
import { serverBackends } from '../../helpers/server/backends';
import type { Answer, PairedDevice, TestServer } from '../../helpers/server/test-server';
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
const DAY = 24 * 60 * 60 * 1000;

describe.each(backends)('pull and cursors on $name', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 60_000);
  afterAll(() => server.close());

  async function push(device: PairedDevice, changes: Change[]): Promise<void> {
    const answer = await server.call('POST', '/v1/push', {
      token: device.auth,
      body: pushOf(changes),
    });
    expect(answer.status).toBe(200);
  }
  function pull(
    device: PairedDevice,
    cursor: Cursor | null,
    limit?: number,
    schemaVersion = 1,
  ): Promise<Answer> {
    return server.call('POST', '/v1/pull', {
      token: device.auth,
      body: pullOf(cursor, limit, schemaVersion),
    });
  }
  async function page(
    device: PairedDevice,
    cursor: Cursor | null,
    limit?: number,
  ): Promise<PullResponse> {
    const answer = await pull(device, cursor, limit);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return pullResponseSchema.parse(answer.body);
  }
  async function pullEverything(
    device: PairedDevice,
    limit: number,
  ): Promise<PullResponse['changes']> {
    const all: PullResponse['changes'] = [];
    let cursor: Cursor | null = null;
    for (;;) {
      const next = await page(device, cursor, limit);
      all.push(...next.changes);
      cursor = next.cursor;
      if (!next.hasMore) return all;
    }
  }
  function expectResync(answer: Answer, reason: string): void {
    expect(answer).toMatchObject({
      status: 409,
      body: { error: { code: 'RESYNC_REQUIRED', reason } },
    });
  }

  it('pages through records in ascending seq, each once in its latest state', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    const t = server.clock.now();
    const ids = Array.from({ length: 25 }, () => uuidv7());
    await push(
      staff,
      ids.map((id) => upsert('patients', id, id, patientFields(), stamp(t))),
    );
    await push(staff, [upsert('patients', ids[0]!, ids[0]!, { notes: 'edited' }, stamp(t + 1))]);
    const first = await page(staff, null, 10);
    expect(first.changes).toHaveLength(10);
    expect(first.hasMore).toBe(true);
    const all = await pullEverything(staff, 7);
    expect(all.map((r) => r.id).sort()).toEqual([...ids].sort());
    const seqs = all.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.at(-1)).toMatchObject({ id: ids[0], data: { notes: 'edited' } });
    const done = await page(staff, (await page(staff, null, 1000)).cursor);
    expect(done).toMatchObject({ changes: [], hasMore: false });
  });

  it('moves a patient device’s cursor past other patients’ records', async () => {
    const clinicId = await server.createClinic();
    const staff = await server.pair(clinicId, 'staff');
    const mine = await server.createPatient(staff);
    const home = await server.pair(clinicId, 'patient', mine);
    const t = server.clock.now();
    await push(staff, [upsert('vitals', uuidv7(), mine, readingFields(), stamp(t))]);
    for (let i = 0; i < 5; i++) await server.createPatient(staff);
    const first = await page(home, null, 100);
    expect(first.changes.map((r) => r.table).sort()).toEqual(['patients', 'vitals']);
    const last = await page(staff, null, 1000);
    expect(first.cursor.seq).toBe(last.cursor.seq);
  });

  it('asks for a resync when the cursor is from another epoch or ahead of the server', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    await server.createPatient(staff);
    const { cursor } = await page(staff, null);
    expectResync(await pull(staff, { epoch: `other.${cursor.epoch}`, seq: cursor.seq }), 'epoch');
    expectResync(await pull(staff, { epoch: 'not-an-epoch', seq: 0 }), 'epoch');
    expectResync(await pull(staff, { ...cursor, seq: cursor.seq + 1 }), 'ahead');
  });

  it('asks for a resync when the device’s scope changed', async () => {
    const clinicId = await server.createClinic();
    const staff = await server.pair(clinicId, 'staff');
    const patientId = await server.createPatient(staff);
    const { cursor } = await page(staff, null);
    await server.admin.rescopeDevice(staff.deviceId, 'patient', patientId);
    expectResync(await pull(staff, cursor), 'scope');
    const fresh = await page(staff, null);
    expect(fresh.changes.every((r) => r.patientId === patientId)).toBe(true);
  });

  it('refuses a revoked device outright', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    await server.admin.revokeDevice(staff.deviceId);
    expect(await pull(staff, null)).toMatchObject({
      status: 403,
      body: { error: { code: 'DEVICE_REVOKED' } },
    });
  });

  it('compacts old tombstones and asks cursors older than the horizon to resync', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    const t = server.clock.now();
    const kept = await server.createPatient(staff);
    const { cursor: before } = await page(staff, null);
    const gone = uuidv7();
    await push(staff, [
      upsert('patients', gone, gone, patientFields(), stamp(t)),
      remove('patients', gone, gone, stamp(t + 1)),
    ]);
    const { cursor: after } = await page(staff, before);
    server.clock.advance(181 * DAY);
    const { tombstones } = await runMaintenance(
      server.db,
      server.clock.now(),
      server.context.maintenance,
    );
    expect(tombstones).toBeGreaterThanOrEqual(1);
    expectResync(await pull(staff, before), 'horizon');
    expect((await page(staff, after)).changes).toEqual([]);
    const fresh = await pullEverything(staff, 100);
    expect(fresh.map((r) => r.id)).toEqual([kept]);
  });

  it('gives every device a new epoch after a restore, and serves the backup’s state', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    const t = server.clock.now();
    const early = await server.createPatient(staff);
    const backup = await server.backup();
    const late = uuidv7();
    await push(staff, [upsert('patients', late, late, patientFields(), stamp(t + 1))]);
    const { cursor } = await page(staff, null, 1000);

    const { epoch } = await server.restore(backup);
    expect(epoch).not.toBe(cursor.epoch.split('.')[0]);
    expectResync(await pull(staff, cursor), 'epoch');
    const restored = await pullEverything(staff, 100);
    expect(restored.map((r) => r.id)).toContain(early);
    expect(restored.map((r) => r.id)).not.toContain(late);
  });

  it('refuses a push made against the state before a restore, applying nothing of it', async () => {
    const staff = await server.pair(await server.createClinic(), 'staff');
    const t = server.clock.now();
    const patient = await server.createPatient(staff);
    const backup = await server.backup();
    const { cursor } = await page(staff, null, 1000);
    await server.restore(backup);

    const edit = pushOf([upsert('patients', patient, patient, { notes: 'seen' }, stamp(t + 5))]);
    const stale = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: { ...edit, cursor },
    });
    expectResync(stale, 'epoch');
    expect((await pullEverything(staff, 100))[0]?.data.notes).toBe('');
    const ahead = await page(staff, null, 1000);
    expectResync(
      await server.call('POST', '/v1/push', {
        token: staff.auth,
        body: { ...edit, cursor: { ...ahead.cursor, seq: ahead.cursor.seq + 1 } },
      }),
      'ahead',
    );

    // After its resync the device sends the same batch again: nothing of it was kept.
    const resent = await server.call('POST', '/v1/push', {
      token: staff.auth,
      body: { ...edit, cursor: ahead.cursor },
    });
    expect(resent).toMatchObject({ status: 200, body: { results: [{ outcome: 'applied' }] } });
    expect((resent.body as { replayed?: boolean }).replayed).toBeUndefined();
    // An app that sends no cursor is served as before.
    const older = pushOf([upsert('patients', patient, patient, { notes: 'later' }, stamp(t + 6))]);
    expect(await server.call('POST', '/v1/push', { token: staff.auth, body: older })).toMatchObject(
      { status: 200, body: { results: [{ outcome: 'applied' }] } },
    );
  });

  describe('with a table that a later schema version adds', () => {
    // Stands for a table a later app version introduces; the registry is per test file.
    beforeAll(() => {
      SYNCED_TABLES.notes_v2 = {
        sinceSchemaVersion: 2,
        appendOnly: false,
        mutableFields: [],
        patientWritable: true,
        schema: z.object({ text: z.string() }),
        check: () => null,
      };
    });
    afterAll(() => {
      delete SYNCED_TABLES.notes_v2;
    });

    it('hides it from older clients and makes an upgraded client pull from the start', async () => {
      const staff = await server.pair(await server.createClinic(), 'staff');
      const t = server.clock.now();
      const note = uuidv7();
      const oldPush = await server.call('POST', '/v1/push', {
        token: staff.auth,
        body: pushOf([upsert('notes_v2', note, null, { text: 'x' }, stamp(t))], 1),
      });
      expect(oldPush.body).toMatchObject({
        results: [{ outcome: 'rejected', code: 'VALIDATION' }],
      });
      await server.call('POST', '/v1/push', {
        token: staff.auth,
        body: pushOf([upsert('notes_v2', note, null, { text: 'x' }, stamp(t))], 2),
      });
      const patient = await server.createPatient(staff);

      const old = pullResponseSchema.parse((await pull(staff, null, 100, 1)).body);
      expect(old.changes.map((r) => r.id)).toEqual([patient]);
      const upgraded = await pull(staff, old.cursor, 100, 2);
      expectResync(upgraded, 'schema');
      const fresh = pullResponseSchema.parse((await pull(staff, null, 100, 2)).body);
      expect(fresh.changes.map((r) => r.id).sort()).toEqual([note, patient].sort());
    });
  });
});
