import { allDailySummaries } from '../../../renderer/src/db/summaries';
import { describe, expect, it } from 'vitest';
import {
  addReading,
  buildReading,
  importReadings,
  writeReadingBatch,
} from '../../../renderer/src/db/repositories/readings';
import { latestProblems, summaryProblems } from '../../support/pages/summary-problems';
import { NOW, addTestPatient, openTestDb } from '../../helpers/test-db';

const nurse = { now: NOW, enteredBy: 'Nurse Kim' };
const hour = 3_600_000;

async function recountProblems(db: Awaited<ReturnType<typeof openTestDb>>): Promise<string[]> {
  const readings = await db.vitals.toArray();
  return [
    ...summaryProblems(readings, await allDailySummaries(db)),
    ...latestProblems(readings, await db.vitalsLatest.toArray()),
  ];
}

describe('bulk import', () => {
  it('adds to the summaries of days that already had readings (a run of days, read as a range)', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    for (const daysAgo of [3, 10, 25])
      await addReading(db, patient, { takenAt: NOW - daysAgo * 24 * hour, heartRate: 61 }, nurse);
    const inputs = Array.from({ length: 700 }, (_, index) => ({
      takenAt: NOW - index * 2 * hour,
      heartRate: 60 + (index % 30),
      glucose: 90 + (index % 70),
    }));
    await importReadings(db, patient, inputs, nurse);
    expect(await recountProblems(db)).toEqual([]);
    expect(await allDailySummaries(db)).toHaveLength(59);
  });

  it('adds to the summaries of days far apart (read one by one)', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    await addReading(db, patient, { takenAt: NOW - 300 * 24 * hour, weight: 70 }, nurse);
    const inputs = Array.from({ length: 12 }, (_, index) => ({
      takenAt: NOW - index * 25 * 24 * hour,
      weight: 70 + index / 10,
    }));
    await importReadings(db, patient, inputs, nurse);
    expect(await recountProblems(db)).toEqual([]);
  });

  it('refuses records that were already stored, so an import never overwrites one', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const stored = await addReading(db, patient, { takenAt: NOW, heartRate: 70 }, nurse);
    const fresh = buildReading(patient.id, { takenAt: NOW - hour, heartRate: 71 }, nurse);
    await expect(writeReadingBatch(db, [fresh, { ...stored, heartRate: 99 }], NOW)).rejects.toThrow(
      'new records only',
    );
    expect(await db.vitals.get(stored.id)).toMatchObject({ heartRate: 70 });
    expect(await db.vitals.get(fresh.id)).toBeUndefined();
    expect(await recountProblems(db)).toEqual([]);
  });
});
