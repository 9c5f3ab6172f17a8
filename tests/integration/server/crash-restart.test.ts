import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PushRequest } from '@shared/sync/protocol';
import { pairResponseSchema, pullResponseSchema, pushResponseSchema } from '@shared/sync/protocol';
import { createAdminOps } from '../../../server/admin/admin-ops';
import { migrateToLatest } from '../../../server/db/migrations';
import { openDatabase } from '../../../server/db/open-database';
import { ensureServerEpoch } from '../../../server/db/server-epoch';
import { serverTargets } from '../../helpers/server/backends';
import type { ServerProcess } from '../../helpers/server/server-process';
import { freePort, startServerProcess } from '../../helpers/server/server-process';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, pullOf, pushOf, stamp, upsert } from '../../helpers/sync/records';

const cases = await serverTargets();

/** Waits until PostgreSQL runs a push transaction of this database: the kill lands mid-push. */
async function pushInFlight(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and state in ('active', 'idle in transaction')
            and (query ilike '%"records"%' or query ilike '%"clinic_seq"%' or query ilike '%"change_log"%')`,
      );
      if ((rows[0]?.n ?? 0) > 0) return;
    }
  } finally {
    await client.end();
  }
}

describe.each(cases)('a server killed mid-push on $name', (testCase) => {
  it('loses and doubles nothing when the client retries its batches after the restart', async () => {
    const { target, args, cleanup } = await testCase.prepare();
    // Clinic and pairing code first, while no server holds the database.
    const setup = await openDatabase(target);
    await migrateToLatest(setup.db);
    await ensureServerEpoch(setup.db);
    const admin = createAdminOps(setup.db, Date.now);
    const clinic = await admin.createClinic('Crash clinic');
    const { code } = await admin.issuePairingCode(clinic.clinicId, 'staff', null);
    await setup.close();

    const port = await freePort();
    const serverArgs = [...args, '--port', String(port)];
    let server: ServerProcess = await startServerProcess({ args: serverArgs });
    try {
      const pairing = await fetch(`${server.url}/v1/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceId: uuidv7() }),
      });
      const device = pairResponseSchema.parse(await pairing.json());
      const send = async (body: unknown, path = '/v1/push') => {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${device.deviceToken}`,
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      };

      const t = Date.now();
      // Enough work that the server cannot have answered every batch by the time the kill lands,
      // however slowly this process gets to send it (a batch of small records takes the server
      // only some 30 ms).
      const batches: PushRequest[] = Array.from({ length: 30 }, () =>
        pushOf(
          Array.from({ length: 500 }, () => {
            const id = uuidv7();
            return upsert('patients', id, id, patientFields({ notes: 'n'.repeat(2000) }), stamp(t));
          }),
        ),
      );
      const firstTries = batches.map((batch) =>
        send(batch).then(
          (answer) => answer,
          () => null,
        ),
      );
      if (target.kind === 'postgres') await pushInFlight(target.url);
      else {
        // PGlite runs pushes one at a time: once the second has arrived, the first is running.
        let pushes = 0;
        await server.waitForLog(
          (line) =>
            line.msg === 'incoming request' &&
            (line.req as { url?: string } | undefined)?.url === '/v1/push' &&
            ++pushes >= 2,
        );
      }
      await server.kill('SIGKILL');
      const before = await Promise.all(firstTries);
      const answeredBefore = before.filter((answer) => answer?.status === 200).length;
      expect(answeredBefore).toBeLessThan(batches.length);

      server = await startServerProcess({ args: serverArgs });
      let replayed = 0;
      for (const batch of batches) {
        const answer = await send(batch);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const response = pushResponseSchema.parse(answer.body);
        if (response.replayed) replayed++;
        expect(response.results.every((result) => result.outcome === 'applied')).toBe(true);
      }
      // Every batch answered before the kill is replayed; some that were cut off may have committed.
      expect(replayed).toBeGreaterThanOrEqual(answeredBefore);

      const seen: string[] = [];
      let cursor = null;
      for (;;) {
        const page = pullResponseSchema.parse((await send(pullOf(cursor, 1000), '/v1/pull')).body);
        seen.push(...page.changes.map((record) => record.id));
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const expected = batches.flatMap((batch) => batch.changes.map((change) => change.id));
      expect(seen.length).toBe(expected.length);
      expect(new Set(seen)).toEqual(new Set(expected));

      const check = await (async () => {
        await server.kill('SIGTERM');
        const database = await openDatabase(target);
        try {
          return await database.db
            .selectFrom('change_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
        } finally {
          await database.close();
        }
      })();
      expect(check.n).toBe(expected.length);
    } finally {
      await server.kill('SIGKILL');
      await cleanup();
    }
  }, 180_000);
});
