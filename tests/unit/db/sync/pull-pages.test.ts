import { describe, expect, it } from 'vitest';
import { formatHlc } from '@shared/sync/hlc';
import type { PullRequest, PullResponse, RemoteRecord } from '@shared/sync/protocol';
import { loadClock } from '../../../../renderer/src/db/clock';
import { expandStamps, syncedFields } from '../../../../renderer/src/db/stamps';
import { allDailySummaries } from '../../../../renderer/src/db/summaries';
import { readCursor } from '../../../../renderer/src/db/sync/state';
import { syncOnce } from '../../../../renderer/src/db/sync/sync-once';
import type { SyncTransport, TransportResult } from '../../../../renderer/src/db/sync/transport';
import { uuidv7 } from '../../../helpers/sync/ids';
import { patientFields, readingFields } from '../../../helpers/sync/records';
import { NOW, openTestDb } from '../../../helpers/test-db';

const PATIENT = '0190f5c2-2222-7000-8000-000000000001';
const stampAt = (ms: number, counter = 0) => formatHlc({ ms, c: counter }, 'server-side');

function remote(
  table: 'patients' | 'vitals',
  id: string,
  data: Record<string, unknown>,
  hlc: string | Record<string, string>,
  seq: number,
): RemoteRecord {
  return {
    id,
    table,
    patientId: PATIENT,
    deleted: false,
    data,
    hlc: typeof hlc === 'string' ? Object.fromEntries(Object.keys(data).map((f) => [f, hlc])) : hlc,
    seq,
  };
}

/** A server that answers pulls from a list of pages and records what happened when. */
function scriptedServer(pages: PullResponse[]) {
  const events: string[] = [];
  const requests: PullRequest[] = [];
  const transport: SyncTransport = {
    push: () => Promise.reject(new Error('nothing to push')),
    pull(request): Promise<TransportResult<PullResponse>> {
      requests.push(request);
      const page = pages[requests.length - 1];
      events.push(`pull ${requests.length}`);
      if (!page) return Promise.resolve({ kind: 'unreachable', message: 'no more pages' });
      return Promise.resolve({ kind: 'ok', body: page });
    },
  };
  return { transport, events, requests };
}

function page(changes: RemoteRecord[], seq: number, hasMore: boolean): PullResponse {
  return { changes, cursor: { epoch: 'e1', seq }, hasMore, serverTime: NOW };
}

describe('pulling pages', () => {
  it('asks for the next page while storing one, and stores them in order with their cursors', async () => {
    const db = await openTestDb('pages-in-order');
    const patient = remote('patients', PATIENT, patientFields(), stampAt(NOW - 5_000), 1);
    const readings = Array.from({ length: 5 }, (_, i) =>
      remote(
        'vitals',
        uuidv7(),
        readingFields({ takenAt: NOW - i * 60_000, heartRate: 60 + i }),
        stampAt(NOW - 4_000, i),
        i + 2,
      ),
    );
    const server = scriptedServer([
      page([patient, ...readings.slice(0, 2)], 3, true),
      page(readings.slice(2, 4), 5, true),
      page(readings.slice(4), 6, false),
    ]);
    const storing: string[] = [];
    db.vitals.hook('creating', () => {
      storing.push(`store after ${server.requests.length} pulls`);
    });

    expect(
      await syncOnce({ db, transport: server.transport, now: () => NOW, scopePatientId: null }),
    ).toEqual({ kind: 'done', pushed: 0, pulled: 6, rejected: 0 });
    expect(server.requests.map((request) => request.cursor?.seq ?? null)).toEqual([null, 3, 5]);
    expect(server.requests.every((request) => request.limit === 1000)).toBe(true);
    // The first page's readings were stored after the second page had been asked for.
    expect(storing[0]).toBe('store after 2 pulls');
    expect(await readCursor(db)).toEqual({ epoch: 'e1', seq: 6 });
    expect(await db.vitals.count()).toBe(5);
    expect((await allDailySummaries(db)).reduce((sum, day) => sum + day.count, 0)).toBe(5);
  });

  it('keeps the cursor of the last page stored when storing a page fails', async () => {
    const db = await openTestDb('page-fails');
    const good = remote('patients', PATIENT, patientFields(), stampAt(NOW - 5_000), 1);
    const broken = {
      ...remote('patients', PATIENT, patientFields(), stampAt(NOW - 4_000), 2),
      // Not a key IndexedDB can store: writing this page fails.
      id: { not: 'a key' } as unknown as string,
    };
    const server = scriptedServer([
      page([good], 1, true),
      page([broken], 2, true),
      page([good], 3, false),
    ]);
    await expect(syncOnce({ db, transport: server.transport, now: () => NOW })).rejects.toThrow();
    expect(server.requests).toHaveLength(3);
    expect(await readCursor(db)).toEqual({ epoch: 'e1', seq: 1 });
    expect(await db.patients.count()).toBe(1);
  });

  it('merges a record that a page holds twice, field by field', async () => {
    const db = await openTestDb('twice-in-a-page');
    const id = uuidv7();
    const fields = readingFields({ takenAt: NOW - 60_000, heartRate: 60 });
    const first = remote('vitals', id, fields, stampAt(NOW - 3_000), 1);
    const second = remote(
      'vitals',
      id,
      { ...fields, status: 'entered-in-error', heartRate: 99 },
      { ...first.hlc, status: stampAt(NOW - 1_000), heartRate: stampAt(NOW - 4_000) },
      2,
    );
    const server = scriptedServer([page([first, second], 2, false)]);
    await syncOnce({ db, transport: server.transport, now: () => NOW });
    const stored = await db.vitals.get(id);
    expect(stored?.status).toBe('entered-in-error');
    expect(stored?.heartRate).toBe(60);
    expect(stored?._hlc.status).toBe(stampAt(NOW - 1_000));
    // Counted once, and not at all once entered in error.
    expect(await allDailySummaries(db)).toEqual([]);
  });

  it('moves the clock past the newest stamp of a page, even behind one that is not a stamp', async () => {
    for (const garbage of [false, true]) {
      const db = await openTestDb(`clock-${garbage}`);
      const newest = stampAt(NOW + 90_000, 7);
      const hlc = {
        ...Object.fromEntries(Object.keys(patientFields()).map((f) => [f, stampAt(NOW - 1)])),
        notes: newest,
        ...(garbage ? { mrn: 'zzz-not-a-stamp' } : {}),
      };
      const server = scriptedServer([
        page([remote('patients', PATIENT, patientFields(), hlc, 1)], 1, false),
      ]);
      await syncOnce({ db, transport: server.transport, now: () => NOW });
      const clock = await db.transaction('rw', [db._syncState], () => loadClock(db));
      expect(clock.next(NOW) > newest, `garbage: ${garbage}`).toBe(true);
    }
  });

  it('stores records pulled with compact stamps exactly as with one stamp per field', async () => {
    const reading = uuidv7();
    const deleted = uuidv7();
    const fields = readingFields({ takenAt: NOW - 60_000, heartRate: 60 });
    const created = stampAt(NOW - 5_000);
    const between = stampAt(NOW - 3_000);
    const edited = stampAt(NOW - 2_000);
    // A patient most of whose fields were edited after it was created, without a note yet: the
    // server's "*" is its commonest stamp, newer than the note another device adds later.
    const { notes, ...withoutNotes } = patientFields({ notes: 'Allergic to penicillin' });
    // Each record as the server keeps it (compact) and as CSP/1 sends it (one stamp per field).
    const both = (
      table: 'patients' | 'vitals',
      id: string,
      data: Record<string, unknown>,
      compact: Record<string, string>,
      seq: number,
    ) => {
      const expanded = Object.fromEntries(
        Object.keys(data).map((field) => [field, compact[field] ?? compact['*'] ?? '']),
      );
      return [remote(table, id, data, compact, seq), remote(table, id, data, expanded, seq)];
    };
    const pages = [
      [
        both('patients', PATIENT, withoutNotes, { '*': edited, givenName: created }, 1),
        both('vitals', reading, fields, { '*': created }, 2),
        // Deleted when it was written: "*" speaks for the delete flag too.
        both('vitals', deleted, { ...fields, _deleted: true }, { '*': created }, 3),
      ],
      // Changes to records the device now holds.
      [
        both(
          'patients',
          PATIENT,
          { ...withoutNotes, notes },
          { '*': edited, givenName: created, notes: between },
          6,
        ),
        both(
          'vitals',
          reading,
          { ...fields, heartRate: 61, status: 'entered-in-error' },
          { '*': created, heartRate: stampAt(NOW - 6_000), status: edited },
          4,
        ),
        // An older undelete loses to the delete the record came with.
        both(
          'vitals',
          deleted,
          { ...fields, _deleted: false },
          { '*': created, _deleted: stampAt(NOW - 9_000) },
          5,
        ),
      ],
    ];
    const stored = [];
    for (const form of [0, 1]) {
      const db = await openTestDb(`compact-pull-${form}`);
      const server = scriptedServer(
        pages.map((records, index) =>
          page(
            records.map((pair) => pair[form] as RemoteRecord),
            index + 1,
            index < pages.length - 1,
          ),
        ),
      );
      await syncOnce({ db, transport: server.transport, now: () => NOW });
      expect(server.requests.every((request) => request.compactStamps === true)).toBe(true);
      const records = [...(await db.patients.toArray()), ...(await db.vitals.toArray())];
      stored.push({
        summaries: await allDailySummaries(db),
        records: Object.fromEntries(
          records.map((record) => [
            record.id,
            {
              fields: syncedFields(record),
              deleted: record._deleted,
              stamps: expandStamps(record._hlc, Object.keys(syncedFields(record))),
              deletedStamp: record._hlc._deleted,
            },
          ]),
        ),
      });
    }
    expect(stored[0]).toEqual(stored[1]);
    // The note arrived; neither reading counts: one is entered in error, the other still deleted.
    expect(stored[0]?.records[PATIENT]?.fields.notes).toBe(notes);
    expect(stored[0]?.summaries).toEqual([]);
    expect(stored[0]?.records[deleted]?.deletedStamp).toBe(created);
    expect(stored[0]?.records[reading]?.deletedStamp).toBeUndefined();
  });
});
