import { describe, expect, it } from 'vitest';
import { patientDashboard } from '../../../../renderer/src/db/repositories/dashboard';
import { createPatient, updatePatient } from '../../../../renderer/src/db/repositories/patients';
import {
  addReading,
  importReadings,
  markEnteredInError,
} from '../../../../renderer/src/db/repositories/readings';
import { countPendingChanges, nextBatch } from '../../../../renderer/src/db/sync/outbox';
import type { PushRequest } from '@shared/sync/protocol';
import type { SyncTransport } from '../../../../renderer/src/db/sync/transport';
import { syncOnce } from '../../../../renderer/src/db/sync/sync-once';
import { withWriter } from '../../../../renderer/src/db/writer';
import { createMemorySyncServer } from '../../../helpers/memory-sync-server';
import { NOW, TODAY, openTestDb } from '../../../helpers/test-db';

const ana = {
  givenName: 'Ana',
  familyName: 'García',
  dateOfBirth: '1980-04-02',
  sex: 'female' as const,
};

async function twoDevices() {
  const server = createMemorySyncServer({ now: () => NOW + 60_000 });
  const a = await openTestDb('device-a');
  const b = await openTestDb('device-b');
  const sync = (db: typeof a, at = NOW) =>
    syncOnce({ db, transport: server.transport, now: () => at });
  return { server, a, b, sync };
}

/** The server's transport, but the `n`th pull (counting from 1) gets no answer. */
function pullsFailingAt(transport: SyncTransport, n: number): SyncTransport {
  let pulls = 0;
  return {
    push: (request) => transport.push(request),
    pull: (request) =>
      ++pulls === n
        ? Promise.resolve({ kind: 'unreachable', message: 'connection reset' })
        : transport.pull(request),
  };
}

describe('device sync', () => {
  it('sends a new patient and an imported batch, and another device receives them with its dashboard', async () => {
    const { a, b, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await importReadings(
      a,
      patient,
      Array.from({ length: 700 }, (_, index) => ({
        takenAt: NOW - index * 3_600_000,
        heartRate: 60 + (index % 30),
      })),
      { now: NOW, enteredBy: 'Import' },
    );
    expect(await countPendingChanges(a)).toBe(701);

    expect(await sync(a)).toEqual({ kind: 'done', pushed: 701, pulled: 701, rejected: 0 });
    expect(await countPendingChanges(a)).toBe(0);
    expect(server.records.size).toBe(701);

    expect(await sync(b)).toMatchObject({ kind: 'done', pushed: 0, pulled: 701 });
    expect(await b.vitals.count()).toBe(700);
    expect(await countPendingChanges(b)).toBe(0);
    const [onA, onB] = await Promise.all([
      patientDashboard(a, patient.id, NOW),
      patientDashboard(b, patient.id, NOW),
    ]);
    expect(onB.windows).toEqual(onA.windows);
    expect(onB.latest).toEqual(onA.latest);
    expect((await b.patients.get(patient.id))?._search).toContain('garcia');
  });

  it('merges edits of different fields made offline on two devices', async () => {
    const { a, b, sync } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync(a);
    await sync(b);
    await updatePatient(
      a,
      patient.id,
      { ...ana, phone: '555-1111' },
      { now: NOW + 1000, today: TODAY },
    );
    await updatePatient(
      b,
      patient.id,
      { ...ana, email: 'ana@example.org' },
      { now: NOW + 2000, today: TODAY },
    );
    await sync(a);
    await sync(b);
    await sync(a);
    for (const db of [a, b])
      expect(await db.patients.get(patient.id)).toMatchObject({
        phone: '555-1111',
        email: 'ana@example.org',
      });
  });

  it('keeps a local edit not yet sent when an older edit of the same field arrives', async () => {
    const { a, b, sync } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync(a);
    await sync(b);
    await updatePatient(
      a,
      patient.id,
      { ...ana, givenName: 'Anita' },
      { now: NOW + 1000, today: TODAY },
    );
    await sync(a);
    // B's edit is later, and still waiting in its outbox while it pulls A's.
    await updatePatient(
      b,
      patient.id,
      { ...ana, givenName: 'Ana María' },
      { now: NOW + 5000, today: TODAY },
    );
    const pulledOnly = await b.transaction('r', [b._outbox], () => b._outbox.count());
    expect(pulledOnly).toBe(1);
    await sync(b);
    await sync(a);
    expect((await a.patients.get(patient.id))?.givenName).toBe('Ana María');
    expect((await b.patients.get(patient.id))?.givenName).toBe('Ana María');
  });

  it('re-sends the same batch after a lost response, and the server applies it once', async () => {
    const { a, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await addReading(a, patient, { takenAt: NOW, heartRate: 80 }, { now: NOW, enteredBy: 'Nurse' });
    server.fail('lose-response');
    expect(await sync(a)).toMatchObject({ kind: 'retry', reason: 'unreachable' });
    const seqAfterFirst = server.seq();
    expect(await countPendingChanges(a)).toBe(2);
    expect(await sync(a)).toMatchObject({ kind: 'done', pushed: 2 });
    expect(server.seq()).toBe(seqAfterFirst);
    expect(server.records.size).toBe(2);
  });

  it('waits when the server is busy or unreachable, losing nothing', async () => {
    const { a, sync } = await twoDevices();
    await createPatient(a, ana, { now: NOW, today: TODAY });
    const server = (await twoDevices()).server;
    server.fail('busy');
    expect(await syncOnce({ db: a, transport: server.transport, now: () => NOW })).toMatchObject({
      kind: 'retry',
      reason: 'busy',
      retryAfterMs: 1000,
    });
    server.fail('unreachable');
    expect(await syncOnce({ db: a, transport: server.transport, now: () => NOW })).toMatchObject({
      kind: 'retry',
      reason: 'unreachable',
    });
    expect(await countPendingChanges(a)).toBe(1);
    expect(await sync(a)).toMatchObject({ kind: 'done', pushed: 1 });
  });

  it('puts back what the server refused and keeps the change for review', async () => {
    const { a, sync } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    const reading = await addReading(
      a,
      patient,
      { takenAt: NOW, heartRate: 80 },
      { now: NOW, enteredBy: 'Nurse' },
    );
    await sync(a);
    // Readings are append-only on the server: an edit of a measured value is refused.
    await withWriter(a, [a.vitals], NOW + 1000, async (writer) => {
      const before = await a.vitals.get(reading.id);
      if (!before) throw new Error('missing');
      await writer.upsert('vitals', before, { ...before, heartRate: 180 });
    });
    expect(await sync(a)).toMatchObject({ kind: 'done', rejected: 1 });
    expect((await a.vitals.get(reading.id))?.heartRate).toBe(80);
    const [review] = await a._rejections.toArray();
    expect(review).toMatchObject({ code: 'IMMUTABLE_FIELD' });
    expect((await patientDashboard(a, patient.id, NOW)).latest.measures.heartRate?.value).toBe(80);
  });

  it('heals a server restored from an older backup by sending back what it lost', async () => {
    const { a, b, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync(a);
    const backup = server.snapshot();
    await addReading(a, patient, { takenAt: NOW, heartRate: 77 }, { now: NOW, enteredBy: 'Nurse' });
    await sync(a);
    server.restore(backup);
    expect(server.records.size).toBe(1);
    expect(await sync(a, NOW + 1)).toMatchObject({ kind: 'done' });
    expect(server.records.size).toBe(2);
    await sync(b);
    expect(await b.vitals.count()).toBe(1);
  });

  it('sends back a newer version of a record the restored server holds an older one of', async () => {
    const { a, b, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync(a);
    const backup = server.snapshot();
    await updatePatient(
      a,
      patient.id,
      { ...ana, phone: '+34 600 000 000' },
      { now: NOW + 5, today: TODAY },
    );
    await sync(a, NOW + 5);
    server.restore(backup);
    expect(await sync(a, NOW + 10)).toMatchObject({ kind: 'done' });
    await sync(b, NOW + 10);
    expect((await b.patients.get(patient.id))?.phone).toBe('+34 600 000 000');
  });

  it('keeps changes stamped by a clock that runs fast until the server’s time catches up', async () => {
    let serverNow = NOW;
    const server = createMemorySyncServer({ now: () => serverNow });
    const a = await openTestDb('device-fast-clock');
    const fast = NOW + 9 * 60_000;
    const patient = await createPatient(a, ana, { now: fast, today: TODAY });
    await addReading(
      a,
      patient,
      { takenAt: fast, heartRate: 70 },
      { now: fast, enteredBy: 'Nurse' },
    );
    const sync = () => syncOnce({ db: a, transport: server.transport, now: () => fast });

    const outcome = await sync();
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'clock-skew' });
    // Until the newest stamp is no more than 5 minutes ahead of the server.
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeGreaterThanOrEqual(4 * 60_000);
    expect(await a._rejections.count()).toBe(0);
    expect(await a.vitals.count()).toBe(1);
    expect(await countPendingChanges(a)).toBe(2);
    expect(server.records.size).toBe(0);

    serverNow = NOW + 5 * 60_000;
    expect(await sync()).toMatchObject({ kind: 'done', pushed: 2, rejected: 0 });
    expect(server.records.size).toBe(2);
    expect(await countPendingChanges(a)).toBe(0);
  });

  it('sends changes refused for a fast clock again at once when the refusal was a replayed answer', async () => {
    let serverNow = NOW;
    const server = createMemorySyncServer({ now: () => serverNow });
    const a = await openTestDb('device-fast-clock-replayed');
    const fast = NOW + 9 * 60_000;
    await createPatient(a, ana, { now: fast, today: TODAY });
    const sync = () => syncOnce({ db: a, transport: server.transport, now: () => fast });
    // The server refuses the stamps, and its answer is lost.
    server.fail('lose-response');
    expect(await sync()).toMatchObject({ kind: 'retry', reason: 'unreachable' });

    // Later the same batch gets the stored answer again; its refusal is old news.
    serverNow = NOW + 5 * 60_000;
    expect(await sync()).toMatchObject({ kind: 'done', pushed: 1, rejected: 0 });
    expect(server.records.size).toBe(1);
  });

  it('after a restore, resyncs before sending a change to a record the server lost, and sends the record whole', async () => {
    const { a, b, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync(a);
    const backup = server.snapshot();
    const reading = await addReading(
      a,
      patient,
      { takenAt: NOW, heartRate: 77 },
      { now: NOW, enteredBy: 'Nurse' },
    );
    await sync(a);
    await sync(b);
    server.restore(backup);
    await markEnteredInError(b, reading.id, 'Wrong patient', NOW + 1);
    expect(await sync(b, NOW + 2)).toMatchObject({ kind: 'done', rejected: 0 });
    expect(await b._rejections.count()).toBe(0);
    expect((await b.vitals.get(reading.id))?.status).toBe('entered-in-error');
    expect(server.records.get(reading.id)?.data).toMatchObject({
      heartRate: 77,
      status: 'entered-in-error',
    });
  });

  it("after a restore, a patient's device sends back only the records it may write", async () => {
    const { a, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await addReading(a, patient, { takenAt: NOW, heartRate: 70 }, { now: NOW, enteredBy: 'Me' });
    await sync(a);
    server.restore(server.snapshot());
    // A change it may not make waits as it is, to be refused and undone as ever.
    await updatePatient(a, patient.id, { ...ana, phone: '555' }, { now: NOW + 1, today: TODAY });
    const sent: string[] = [];
    const watching: SyncTransport = {
      push: (request) => {
        for (const change of request.changes)
          sent.push(
            change.op === 'upsert' && change.table === 'patients'
              ? `patients ${Object.keys(change.fields).join()}`
              : change.table,
          );
        return server.transport.push(request);
      },
      pull: (request) => server.transport.pull(request),
    };
    // The first push finds the restore (409); the resync queues the reading whole.
    expect(
      await syncOnce({
        db: a,
        transport: watching,
        now: () => NOW + 2,
        scopePatientId: patient.id,
      }),
    ).toMatchObject({ kind: 'done', rejected: 0 });
    expect(sent).toEqual(['patients phone', 'patients phone', 'vitals']);
  });

  it('finishes a full resync the network cut short, so what the restored server lost still goes back', async () => {
    const { a, b, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    for (const heartRate of [60, 61])
      await addReading(a, patient, { takenAt: NOW, heartRate }, { now: NOW, enteredBy: 'Nurse' });
    await sync(a);
    const backup = server.snapshot();
    const lost = await addReading(
      a,
      patient,
      { takenAt: NOW, heartRate: 77 },
      { now: NOW, enteredBy: 'Nurse' },
    );
    await sync(a);
    server.restore(backup);
    // 409, the resync's first page, then the connection drops.
    const cutShort = pullsFailingAt(server.transport, 3);
    expect(
      await syncOnce({ db: a, transport: cutShort, now: () => NOW + 1, pullLimit: 1 }),
    ).toMatchObject({ kind: 'retry', reason: 'unreachable' });
    expect(await sync(a, NOW + 2)).toMatchObject({ kind: 'done' });
    expect(server.records.has(lost.id)).toBe(true);
    await sync(b);
    expect(await b.vitals.count()).toBe(3);
  });

  it('halves its batches when the server says a batch is too large, sending everything once', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000, maxBatch: 120 });
    const a = await openTestDb('device-small-batches');
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    await importReadings(
      a,
      patient,
      Array.from({ length: 450 }, (_, index) => ({ takenAt: NOW - index * 60_000, heartRate: 70 })),
      { now: NOW, enteredBy: 'Import' },
    );
    const outcome = await syncOnce({ db: a, transport: server.transport, now: () => NOW });
    expect(outcome).toMatchObject({ kind: 'done', pushed: 451, rejected: 0 });
    expect(server.records.size).toBe(451);
    expect(await countPendingChanges(a)).toBe(0);
  });

  it('keeps a batch the server cannot read for review, and goes on with the next', async () => {
    const { a, sync, server } = await twoDevices();
    const patient = await createPatient(a, ana, { now: NOW, today: TODAY });
    server.fail('malformed');
    expect(await sync(a)).toMatchObject({ kind: 'done', rejected: 1 });
    expect(await a._rejections.toArray()).toMatchObject([
      { code: 'MALFORMED', change: { id: patient.id } },
    ]);
    expect((await a.patients.get(patient.id))?.givenName).toBe('Ana');
    await addReading(a, patient, { takenAt: NOW, heartRate: 70 }, { now: NOW, enteredBy: 'Nurse' });
    expect(await sync(a)).toMatchObject({ kind: 'done', pushed: 1, rejected: 0 });
    expect(await countPendingChanges(a)).toBe(0);
  });
});

/**
 * The server's transport, recording when each push is sent and answered; `hold(n)` keeps the
 * `n`th push (from 1) from reaching the server until the push after it has been answered, and
 * `answer(n, result)` replaces the `n`th answer (the server still applies the batch).
 */
function watchedTransport(transport: SyncTransport) {
  const events: string[] = [];
  const sent: PushRequest[] = [];
  const held = new Map<number, () => void>();
  let holding: number | null = null;
  const replaced = new Map<number, Awaited<ReturnType<SyncTransport['push']>>>();
  let pushes = 0;
  const watched: SyncTransport = {
    async push(request) {
      const n = ++pushes;
      sent.push(request);
      events.push(`send ${n}`);
      if (n === holding) await new Promise<void>((resolve) => held.set(n, resolve));
      const result = await transport.push(request);
      events.push(`answer ${n}`);
      held.get(n - 1)?.();
      return replaced.get(n) ?? result;
    },
    pull: (request) => transport.pull(request),
  };
  return {
    transport: watched,
    events,
    sent,
    hold(n: number) {
      holding = n;
    },
    answer(n: number, result: Awaited<ReturnType<SyncTransport['push']>>) {
      replaced.set(n, result);
    },
  };
}

/** The keys of the sync state that hold frozen batches or their places. */
async function frozenBatches(db: Awaited<ReturnType<typeof openTestDb>>): Promise<string[]> {
  const keys = await db._syncState.toCollection().primaryKeys();
  return keys
    .filter((key) => key === 'pendingBatch' || key === 'nextBatch' || key.startsWith('batch:'))
    .sort();
}

describe('two push batches in flight', () => {
  async function importedDevice(name: string, readings: number, now = NOW) {
    const db = await openTestDb(name);
    const patient = await createPatient(db, ana, { now, today: TODAY });
    await importReadings(
      db,
      patient,
      Array.from({ length: readings }, (_, index) => ({
        takenAt: NOW - index * 60_000,
        heartRate: 60 + (index % 40),
      })),
      { now, enteredBy: 'Import' },
    );
    return { db, patient };
  }

  it('sends the next batch while the first awaits its answer; applied in the other order, nothing changes', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const { db: a, patient } = await importedDevice('pipelined-a', 1000);
    const watched = watchedTransport(server.transport);
    watched.hold(1);
    const outcome = await syncOnce({ db: a, transport: watched.transport, now: () => NOW });
    expect(outcome).toEqual({ kind: 'done', pushed: 1001, pulled: 1001, rejected: 0 });
    // The readings reached the server before their patient did.
    expect(watched.events.slice(0, 4)).toEqual(['send 1', 'send 2', 'answer 2', 'answer 1']);
    expect(watched.sent.map((request) => request.changes.length)).toEqual([1, 500, 500]);
    expect(await countPendingChanges(a)).toBe(0);
    expect(await frozenBatches(a)).toEqual([]);

    const b = await openTestDb('pipelined-b');
    expect(await syncOnce({ db: b, transport: server.transport, now: () => NOW })).toMatchObject({
      kind: 'done',
      pulled: 1001,
    });
    expect(await b.vitals.count()).toBe(1000);
    const [onA, onB] = await Promise.all([
      patientDashboard(a, patient.id, NOW),
      patientDashboard(b, patient.id, NOW),
    ]);
    expect(onB.windows).toEqual(onA.windows);
  });

  it('sends the first batch again under its id after its answer was lost, and never the second', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const { db: a } = await importedDevice('pipelined-lost', 500);
    const watched = watchedTransport(server.transport);
    server.fail('lose-response');
    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'retry',
      reason: 'unreachable',
    });
    // The second batch was answered and left the outbox; the first waits, frozen.
    expect(watched.sent.map((request) => request.changes.length)).toEqual([1, 500]);
    expect(await countPendingChanges(a)).toBe(1);
    expect(await frozenBatches(a)).toEqual([`batch:${watched.sent[0]?.batchId}`, 'pendingBatch']);
    const seq = server.seq();

    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'done',
      pushed: 1,
    });
    expect(watched.sent.map((request) => request.changes.length)).toEqual([1, 500, 1]);
    expect(watched.sent[2]?.batchId).toBe(watched.sent[0]?.batchId);
    expect(server.seq()).toBe(seq);
    expect(server.records.size).toBe(501);
  });

  it('keeps the first batch after a server error, and the second after it when only that one fails', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const { db: a } = await importedDevice('pipelined-5xx', 1000);
    const watched = watchedTransport(server.transport);
    const failure = {
      kind: 'refused' as const,
      status: 500,
      error: { code: 'INTERNAL' as const, message: 'the database went away' },
    };
    watched.answer(1, failure);
    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'retry',
      reason: 'server-error',
    });
    // Two in flight, no third: the round ends on the first batch's failure.
    expect(watched.sent.map((request) => request.changes.length)).toEqual([1, 500]);
    expect(await countPendingChanges(a)).toBe(501);

    // Now the first goes through and the second (the third batch of the import) fails.
    watched.answer(4, failure);
    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'retry',
      reason: 'server-error',
    });
    expect(watched.sent.slice(2).map((request) => request.changes.length)).toEqual([1, 500]);
    expect(watched.sent[2]?.batchId).toBe(watched.sent[0]?.batchId);
    expect(await countPendingChanges(a)).toBe(500);

    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'done',
      pushed: 500,
      rejected: 0,
    });
    expect(watched.sent[4]?.batchId).toBe(watched.sent[3]?.batchId);
    expect(server.records.size).toBe(1001);
    expect(await countPendingChanges(a)).toBe(0);
  });

  it('leaves nothing frozen when the first batch is refused for a fast clock and the second is applied', async () => {
    // The server's clock catches up with this computer's between the two batches.
    let serverNow = NOW;
    const server = createMemorySyncServer({ now: () => serverNow });
    const { db: a } = await importedDevice('pipelined-skew', 500, NOW + 10 * 60_000);
    const watched = watchedTransport({
      push: (request) => {
        const answer = server.transport.push(request);
        serverNow = NOW + 10 * 60_000;
        return answer;
      },
      pull: (request) => server.transport.pull(request),
    });
    expect(
      await syncOnce({ db: a, transport: watched.transport, now: () => NOW + 10 * 60_000 }),
    ).toMatchObject({ kind: 'retry', reason: 'clock-skew' });
    expect(watched.sent.map((request) => request.changes.length)).toEqual([1, 500]);
    expect(await countPendingChanges(a)).toBe(1);
    expect(await frozenBatches(a)).toEqual([]);
    expect(server.records.size).toBe(500);
  });

  it('sends a batch an earlier version froze whole again under its id, then forgets it', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const { db: a } = await importedDevice('frozen-whole', 20);
    const batch = await nextBatch(a, NOW);
    if (!batch) throw new Error('nothing to send');
    // As versions before the frozen batch had a key of its own kept it: whole, in its place.
    await a._syncState.delete(`batch:${batch.batchId}`);
    await a._syncState.put({ key: 'pendingBatch', value: batch });

    const watched = watchedTransport(server.transport);
    expect(await syncOnce({ db: a, transport: watched.transport, now: () => NOW })).toMatchObject({
      kind: 'done',
      pushed: 21,
    });
    expect(watched.sent[0]).toMatchObject({ batchId: batch.batchId, changes: batch.changes });
    expect(server.records.size).toBe(21);
    expect(await frozenBatches(a)).toEqual([]);
  });

  it('sends a change to a record of the batch in flight only after that batch is answered', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const { db: a, patient } = await importedDevice('pipelined-same-record', 499);
    await updatePatient(
      a,
      patient.id,
      { ...ana, phone: '555-0101' },
      { now: NOW + 1, today: TODAY },
    );
    const watched = watchedTransport(server.transport);
    expect(
      await syncOnce({ db: a, transport: watched.transport, now: () => NOW + 1 }),
    ).toMatchObject({ kind: 'done', pushed: 501, rejected: 0 });
    expect(watched.sent.map((request) => request.changes.length)).toEqual([500, 1]);
    expect(watched.events.slice(0, 3)).toEqual(['send 1', 'answer 1', 'send 2']);
    expect(server.records.get(patient.id)?.data.phone).toBe('555-0101');
  });
});

describe('device sync after the server dropped records on purpose', () => {
  it('removes local records the server no longer has, but keeps those with changes waiting', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const a = await openTestDb('device-horizon');
    const sync = (at = NOW) => syncOnce({ db: a, transport: server.transport, now: () => at });
    const gone = await createPatient(a, ana, { now: NOW, today: TODAY });
    await sync();
    server.records.delete(gone.id);
    const waiting = await createPatient(
      a,
      { ...ana, givenName: 'Lucía' },
      { now: NOW + 10, today: TODAY },
    );
    server.fail('resync');
    // The push of Lucía happens first; then the pull is answered 409 (tombstones compacted).
    const outcome = await sync(NOW + 20);
    expect(outcome).toMatchObject({ kind: 'done' });
    expect(await a.patients.get(gone.id)).toBeUndefined();
    expect(await a.patients.get(waiting.id)).toBeDefined();
    server.fail('resync');
    expect(await sync(NOW + 30)).toMatchObject({ kind: 'stopped', reason: 'resync-loop' });
  });

  it('finishes a full resync the network cut short, dropping what the server no longer has', async () => {
    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    const a = await openTestDb('device-horizon-cut-short');
    const gone = await createPatient(a, ana, { now: NOW, today: TODAY });
    const kept = await createPatient(
      a,
      { ...ana, givenName: 'Lucía' },
      { now: NOW + 10, today: TODAY },
    );
    await addReading(a, kept, { takenAt: NOW, heartRate: 70 }, { now: NOW, enteredBy: 'Nurse' });
    await syncOnce({ db: a, transport: server.transport, now: () => NOW });
    server.records.delete(gone.id);
    server.fail('resync');
    // 409, the resync's first page, then the connection drops.
    const cutShort = pullsFailingAt(server.transport, 3);
    expect(
      await syncOnce({ db: a, transport: cutShort, now: () => NOW + 20, pullLimit: 1 }),
    ).toMatchObject({ kind: 'retry', reason: 'unreachable' });
    expect(
      await syncOnce({ db: a, transport: server.transport, now: () => NOW + 30 }),
    ).toMatchObject({ kind: 'done' });
    expect(await a.patients.get(gone.id)).toBeUndefined();
    expect(await a.patients.get(kept.id)).toBeDefined();
    expect(await a.vitals.count()).toBe(1);
  });
});
