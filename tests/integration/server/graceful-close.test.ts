import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pushResponseSchema } from '@shared/sync/protocol';
import { serverBackends } from '../../helpers/server/backends';
import { startTestServer } from '../../helpers/server/test-server';
import { uuidv7 } from '../../helpers/sync/ids';
import { patientFields, pushOf, stamp, upsert } from '../../helpers/sync/records';

const backends = await serverBackends();

describe.each(backends)('closing the server on $name', (backend) => {
  it('answers the request in flight, closes its connection, and stops', async () => {
    const server = await startTestServer(backend, { listen: true });
    try {
      const clinicId = await server.createClinic();
      const device = await server.pair(clinicId, 'staff');
      // Hold the clinic's sequence row, so that a push waits inside its handler.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = server.db.transaction().execute(async (trx) => {
        await sql`insert into clinic_seq (clinic_id, last_seq) values (${clinicId}, 0)
                  on conflict do nothing`.execute(trx);
        await sql`select last_seq from clinic_seq where clinic_id = ${clinicId} for update`.execute(
          trx,
        );
        locked();
        await gate;
      });
      await holding;

      // Node emits "request" once Fastify has routed it (its listener comes first).
      const routed = new Promise<void>((resolve) =>
        server.app.server.once('request', () => resolve()),
      );
      const id = uuidv7();
      const pushing = fetch(`${server.url}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.auth}` },
        body: JSON.stringify(
          pushOf([upsert('patients', id, id, patientFields(), stamp(server.clock.now()))]),
        ),
      });
      await routed;
      const closing = server.app.close();
      release();
      await holder;

      const response = await pushing;
      expect(response.status).toBe(200);
      expect(pushResponseSchema.parse(await response.json()).results[0]?.outcome).toBe('applied');
      // Without it the idle connection would hold the close up for the keep-alive timeout (72 s).
      expect(response.headers.get('connection')).toBe('close');
      await closing;
    } finally {
      await server.database.close();
    }
  }, 30_000);
});
