import { describe, expect, it } from 'vitest';
import { importReadings } from '../../../../renderer/src/db/repositories/readings';
import { nextBatch } from '../../../../renderer/src/db/sync/outbox';
import type { OutboxEntry, ReadingRecord } from '../../../../renderer/src/db/types';
import { NOW, addTestPatient, openTestDb } from '../../../helpers/test-db';

async function importedDevice(name: string, count: number) {
  const db = await openTestDb(name);
  const patient = await addTestPatient(db);
  await importReadings(
    db,
    patient,
    Array.from({ length: count }, (_, i) => ({
      takenAt: NOW - i * 60_000,
      heartRate: 60 + (i % 100),
    })),
    { now: NOW, enteredBy: 'Import' },
  );
  // The patient's own entry goes first, alone.
  await db._outbox.delete((await db._outbox.orderBy('seqNo').first())?.seqNo ?? -1);
  const entry = await db._outbox.orderBy('seqNo').first();
  if (entry?.op !== 'create-many') throw new Error('expected a bulk entry');
  return { db, patient, ids: entry.ids };
}

describe('a batch built from a bulk outbox entry', () => {
  it('holds its records in the entry’s order, however many other records share their id range', async () => {
    const { db, ids } = await importedDevice('bulk-interleaved', 500);
    const template = await db.vitals.get(ids[0] ?? '');
    if (!template) throw new Error('no reading');
    // Records of other devices whose ids sort among this entry's: more than the range read takes.
    const others: ReadingRecord[] = ids.flatMap((id, i) =>
      Array.from({ length: 4 }, (_, k) => ({
        ...template,
        id: `${id.slice(0, -2)}${k}${i % 10}`,
        heartRate: 200,
      })),
    );
    await db.vitals.bulkPut(others.filter((other) => !ids.includes(other.id)));

    const batch = await nextBatch(db, NOW);
    expect(batch?.changes.map((change) => change.id)).toEqual(ids);
    expect(batch?.changes.every((change) => change.op === 'upsert')).toBe(true);
    expect(
      batch?.changes.every((change) => change.op === 'upsert' && change.fields.heartRate !== 200),
    ).toBe(true);
  });

  it('leaves out records that are gone and keeps the order of those left, unsorted ids too', async () => {
    const { db, ids } = await importedDevice('bulk-gone', 300);
    const shuffled = [...ids].reverse();
    const entry = await db._outbox.orderBy('seqNo').first();
    if (entry?.op !== 'create-many') throw new Error('expected a bulk entry');
    await db.table<OutboxEntry, number>('_outbox').put({ ...entry, ids: shuffled });
    const gone = [shuffled[0] ?? '', shuffled[10] ?? '', shuffled[299] ?? ''];
    await db.vitals.bulkDelete(gone);

    const batch = await nextBatch(db, NOW);
    expect(batch?.changes.map((change) => change.id)).toEqual(
      shuffled.filter((id) => !gone.includes(id)),
    );
  });
});
