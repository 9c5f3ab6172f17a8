import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cursor, PushRequest } from '@shared/sync/protocol';
import { pullResponseSchema, pushResponseSchema } from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import type { PairedDevice, TestServer } from '../../helpers/server/test-server';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, pullOf, pushOf, stamp, upsert } from '../../helpers/sync/records';

// PGlite runs one transaction at a time and hides races; PostgreSQL, with a pool of 20
// connections, is where these tests mean something (SYNC-PROTOCOL.md §12).
const backends = await serverBackends();

describe.each(backends)('concurrent pushes on $name', (backend) => {
  let server: TestServer;
  let devices: PairedDevice[];

  beforeAll(async () => {
    server = await startTestServer(backend, { listen: true });
    const clinicId = await server.createClinic();
    devices = [];
    for (let i = 0; i < 8; i++) devices.push(await server.pair(clinicId, 'staff'));
  }, 60_000);
  afterAll(() => server.close());

  /** Over real HTTP, so requests overlap as they would from many PCs. */
  async function post(path: string, device: PairedDevice, body: unknown): Promise<unknown> {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.auth}` },
      body: JSON.stringify(body),
    });
    const json: unknown = await response.json();
    if (response.status !== 200)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  it('never lets a pull skip or repeat a seq while pushes commit in parallel', async () => {
    const t = server.clock.now();
    const batches: { device: PairedDevice; body: PushRequest }[] = [];
    for (let b = 0; b < 48; b++) {
      const changes = Array.from({ length: 15 }, () => {
        const id = uuidv7();
        return upsert('patients', id, id, patientFields(), stamp(t));
      });
      batches.push({ device: devices[b % devices.length]!, body: pushOf(changes) });
    }
    const expected = new Set(batches.flatMap((b) => b.body.changes.map((c) => c.id)));

    let pushing = true;
    const pullers = devices.slice(0, 3).map(async (device) => {
      const seen: string[] = [];
      let cursor: Cursor | null = null;
      const pullOnce = async () => {
        const page = pullResponseSchema.parse(await post('/v1/pull', device, pullOf(cursor, 7)));
        for (const record of page.changes) seen.push(record.id);
        if (cursor) expect(page.cursor.seq).toBeGreaterThanOrEqual(cursor.seq);
        cursor = page.cursor;
        return page.hasMore;
      };
      while (pushing) await pullOnce();
      while (await pullOnce());
      return seen;
    });
    let pushes: unknown[];
    try {
      pushes = await Promise.all(batches.map((b) => post('/v1/push', b.device, b.body)));
    } finally {
      pushing = false;
    }
    for (const response of pushes) {
      expect(pushResponseSchema.parse(response).results.every((r) => r.outcome === 'applied')).toBe(
        true,
      );
    }

    for (const seen of await Promise.all(pullers)) {
      expect(seen).toHaveLength(expected.size);
      expect(new Set(seen)).toEqual(expected);
    }
    const seqs = (await server.db.selectFrom('records').select('seq').orderBy('seq').execute()).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  }, 120_000);

  it('keeps seq strictly increasing in commit order when devices edit the same records', async () => {
    const ids = Array.from({ length: 5 }, () => uuidv7());
    const t = server.clock.now();
    await post(
      '/v1/push',
      devices[0]!,
      pushOf(ids.map((id) => upsert('patients', id, id, patientFields(), stamp(t)))),
    );
    const edits = devices.flatMap((device, d) =>
      Array.from({ length: 6 }, (_, round) =>
        post(
          '/v1/push',
          device,
          pushOf(
            ids.map((id) =>
              upsert(
                'patients',
                id,
                id,
                { notes: `d${d} r${round}` },
                stamp(t + 1 + round, d, `dev-${d}`),
              ),
            ),
          ),
        ),
      ),
    );
    await Promise.all(edits);
    const rows = await server.db
      .selectFrom('records')
      .select(['id', 'seq', 'data'])
      .where('id', 'in', ids)
      .execute();
    // The highest stamp wins everywhere: round 5, and on equal times the highest counter (device 7).
    for (const row of rows) expect(JSON.parse(row.data)).toMatchObject({ notes: 'd7 r5' });
    const allSeqs = (await server.db.selectFrom('records').select('seq').execute()).map(
      (r) => r.seq,
    );
    expect(new Set(allSeqs).size).toBe(allSeqs.length);
    const last = await server.db
      .selectFrom('clinic_seq')
      .select('last_seq')
      .where('clinic_id', '=', devices[0]!.clinicId)
      .executeTakeFirstOrThrow();
    expect(Math.max(...allSeqs)).toBe(last.last_seq);
  }, 120_000);

  it('applies exactly one of two identical batches sent at once and replays the other', async () => {
    const t = server.clock.now();
    const pairs = Array.from({ length: 12 }, () => {
      const id = uuidv7();
      return pushOf([upsert('patients', id, id, patientFields(), stamp(t))]);
    });
    const device = devices[1]!;
    const answers = await Promise.all(
      pairs.flatMap((body) => [post('/v1/push', device, body), post('/v1/push', device, body)]),
    );
    for (let i = 0; i < pairs.length; i++) {
      const [a, b] = [
        pushResponseSchema.parse(answers[2 * i]),
        pushResponseSchema.parse(answers[2 * i + 1]),
      ];
      expect([a.replayed, b.replayed].filter((r) => r === true)).toHaveLength(1);
      expect(a.results).toEqual(b.results);
      expect(a.results[0]?.outcome).toBe('applied');
    }
    const logged = await server.db
      .selectFrom('change_log')
      .select('change_id')
      .where(
        'change_id',
        'in',
        pairs.map((p) => p.changes[0]!.changeId),
      )
      .execute();
    expect(logged).toHaveLength(pairs.length);
  }, 120_000);
});
