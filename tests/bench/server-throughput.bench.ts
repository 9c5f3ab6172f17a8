// Server push and pull throughput and p99 latency at 10 concurrent connections, on PGlite and on
// PostgreSQL. Ten staff devices of one clinic push batches of 100 readings, then pull everything
// in pages of 500 (Node's fetch opens a connection per concurrent request). One clinic is the
// hard case: its pushes serialise on the clinic's sequence row.
import { pullResponseSchema } from '@shared/sync/protocol';
import type { Cursor, PushRequest } from '@shared/sync/protocol';
import type { TestBackend } from '../helpers/server/backends';
import { PGLITE_BACKEND, POSTGRES_BACKEND } from '../helpers/server/backends';
import { postgresAvailable } from '../helpers/server/postgres';
import { startTestServer } from '../helpers/server/test-server';
import { uuidv7 } from '../helpers/sync/ids';
import { pushOf, readingFields, stamp, upsert } from '../helpers/sync/records';
import { quantile, report } from './report';

const CONNECTIONS = 10;
const BATCHES_PER_CONNECTION = 30;
const BATCH = 100;
const PULL_PAGE = 500;

async function measure(backend: TestBackend): Promise<void> {
  const server = await startTestServer(backend, { listen: true });
  try {
    const clinicId = await server.createClinic();
    const staff = await server.pair(clinicId, 'staff');
    const patientId = await server.createPatient(staff);
    const devices = [];
    for (let i = 0; i < CONNECTIONS; i++) devices.push(await server.pair(clinicId, 'staff'));
    const post = async (path: string, token: string, body: unknown) => {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const json: unknown = await response.json();
      if (response.status !== 200)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return { json, ms: performance.now() - started };
    };

    const t = server.clock.now();
    const batches: PushRequest[][] = devices.map(() =>
      Array.from({ length: BATCHES_PER_CONNECTION }, () =>
        pushOf(
          Array.from({ length: BATCH }, () =>
            upsert('vitals', uuidv7(), patientId, readingFields({ takenAt: t }), stamp(t)),
          ),
        ),
      ),
    );
    const pushLatencies: number[] = [];
    const pushStart = performance.now();
    await Promise.all(
      devices.map(async (device, d) => {
        for (const batch of batches[d] ?? [])
          pushLatencies.push((await post('/v1/push', device.auth, batch)).ms);
      }),
    );
    const pushSeconds = (performance.now() - pushStart) / 1000;
    const total = CONNECTIONS * BATCHES_PER_CONNECTION * BATCH;

    const pullLatencies: number[] = [];
    let pulled = 0;
    const pullStart = performance.now();
    await Promise.all(
      devices.map(async (device) => {
        let cursor: Cursor | null = null;
        for (;;) {
          const { json, ms } = await post('/v1/pull', device.auth, {
            protocolVersion: 1,
            schemaVersion: 1,
            cursor,
            limit: PULL_PAGE,
          });
          pullLatencies.push(ms);
          const page = pullResponseSchema.parse(json);
          pulled += page.changes.length;
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
      }),
    );
    const pullSeconds = (performance.now() - pullStart) / 1000;
    const name = backend.name === 'PGlite' ? 'pglite' : 'postgres';
    for (const [what, value, unit] of [
      ['push.throughput', total / pushSeconds, 'changes/s'],
      ['push.p99', quantile(pushLatencies, 0.99), `ms per ${BATCH}-change batch`],
      ['pull.throughput', pulled / pullSeconds, 'records/s'],
      ['pull.p99', quantile(pullLatencies, 0.99), `ms per ${PULL_PAGE}-record page`],
    ] as const) {
      report({ name: `server.${name}.${what}`, value, unit });
    }
  } finally {
    await server.close();
  }
}

await measure(PGLITE_BACKEND);
if (await postgresAvailable()) await measure(POSTGRES_BACKEND);
else process.stderr.write('PostgreSQL is not available: its figures are missing.\n');
