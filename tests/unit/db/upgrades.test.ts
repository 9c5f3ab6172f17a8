import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { localDay } from '@shared/domain/dates';
import { DB_VERSION, DatabaseTooNewError, openDatabase } from '../../../renderer/src/db/database';
import { addReading, buildReading } from '../../../renderer/src/db/repositories/readings';
import { patientDashboard } from '../../../renderer/src/db/repositories/dashboard';
import { addToSummary, allDailySummaries, emptySummary } from '../../../renderer/src/db/summaries';
import type { DailySummary, ReadingRecord } from '../../../renderer/src/db/types';
import { V1_STORES } from '../../../renderer/src/db/versions/v1';
import { V2_STORES } from '../../../renderer/src/db/versions/v2';
import { NOW, addTestPatient, freshIndexedDb } from '../../helpers/test-db';
import { summaryProblems } from '../../support/pages/summary-problems';

function rawOpen(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade?: (db: IDBDatabase) => void,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('database versions', () => {
  it('creates the current version from nothing with every table and index', async () => {
    const idb = freshIndexedDb();
    const db = await openDatabase('upgrade-v1', idb);
    expect(db.verno).toBe(2);
    expect(db.tables.map((table) => table.name).sort()).toEqual(Object.keys(V2_STORES).sort());
    expect(db.vitals.schema.indexes.map((index) => index.name)).toEqual(['[patientId+takenAt]']);
    expect(db.patients.schema.indexes.find((index) => index.name === '_search')?.multi).toBe(true);
    db.close();
  });

  it('is at the version this build writes', () => {
    expect(DB_VERSION).toBe(2);
  });

  it('upgrades version 1: every day of the monthly summaries is packed, and reads the same', async () => {
    const idb = freshIndexedDb();
    // Version 1 data as version 1 wrote it: a patient, readings, and their days as objects by
    // month. The patient record comes from a database of its own.
    const elsewhere = await openDatabase('patient-source', idb);
    const patient = await addTestPatient(elsewhere);
    elsewhere.close();
    const hour = 3_600_000;
    const readings: ReadingRecord[] = Array.from({ length: 120 }, (_, index) => ({
      ...buildReading(
        patient.id,
        {
          takenAt: NOW - index * 9 * hour,
          heartRate: 60 + (index % 25),
          ...(index % 3 === 0 ? { systolic: 120 + (index % 40), diastolic: 80 } : {}),
          ...(index % 4 === 0 ? { glucose: 60 + index, glucoseContext: 'fasting' as const } : {}),
          ...(index % 5 === 0 ? { temperature: 36.55 + (index % 3) / 10 } : {}),
        },
        { now: NOW, enteredBy: 'Nurse' },
      ),
      _hlc: { '*': `${String(NOW).padStart(15, '0')}:${String(index).padStart(5, '0')}:device` },
    }));
    const days = new Map<string, DailySummary>();
    for (const reading of readings) {
      const day = localDay(reading.takenAt);
      const summary = days.get(day) ?? emptySummary(patient.id, day);
      addToSummary(summary, reading);
      days.set(day, summary);
    }
    const months = new Map<string, { patientId: string; month: string; days: object }>();
    for (const summary of days.values()) {
      const month = months.get(summary.day.slice(0, 7)) ?? {
        patientId: patient.id,
        month: summary.day.slice(0, 7),
        days: {},
      };
      Object.assign(month.days, { [summary.day.slice(8)]: summary });
      months.set(month.month, month);
    }
    const v1 = new Dexie('upgrade-from-v1', idb);
    v1.version(1).stores(V1_STORES);
    await v1.table('patients').put(patient);
    await v1.table('vitals').bulkPut(readings);
    await v1.table('vitalsMonthly').bulkPut([...months.values()]);
    v1.close();

    const db = await openDatabase('upgrade-from-v1', idb);
    expect(db.verno).toBe(2);
    const stored = await db.vitalsMonthly.toArray();
    expect(stored).toHaveLength(months.size);
    for (const month of stored)
      for (const day of Object.values(month.days)) expect(typeof day).toBe('string');
    const sortByDay = (list: DailySummary[]) => [...list].sort((a, b) => (a.day < b.day ? -1 : 1));
    expect(sortByDay(await allDailySummaries(db))).toEqual(sortByDay([...days.values()]));
    expect(await db.vitals.count()).toBe(readings.length);

    // And the write path goes on from the packed days.
    const dashboardBefore = await patientDashboard(db, patient.id, NOW);
    await addReading(
      db,
      patient,
      { takenAt: NOW - hour, heartRate: 99 },
      { now: NOW, enteredBy: 'Nurse' },
    );
    expect(summaryProblems(await db.vitals.toArray(), await allDailySummaries(db))).toEqual([]);
    const dashboardAfter = await patientDashboard(db, patient.id, NOW);
    expect(dashboardAfter.windows[7].measures.heartRate?.count).toBe(
      (dashboardBefore.windows[7].measures.heartRate?.count ?? 0) + 1,
    );
    db.close();
  });

  it('refuses data written by a newer HealthDesk, and leaves it untouched', async () => {
    const idb = freshIndexedDb();
    // Dexie multiplies its version by 10 on disk; 990 is what a version 99 app would have written.
    const future = await rawOpen(idb.indexedDB, 'from-the-future', 990, (raw) => {
      raw.createObjectStore('patients', { keyPath: 'id' }).put({ id: 'p1', givenName: 'Kept' });
      raw.createObjectStore('somethingNew', { keyPath: 'id' });
    });
    future.close();
    await expect(openDatabase('from-the-future', idb)).rejects.toBeInstanceOf(DatabaseTooNewError);
    const after = await rawOpen(idb.indexedDB, 'from-the-future', 990);
    expect([...after.objectStoreNames].sort()).toEqual(['patients', 'somethingNew']);
    const kept = await new Promise((resolve) => {
      const request = after.transaction('patients').objectStore('patients').get('p1');
      request.onsuccess = () => resolve(request.result);
    });
    expect(kept).toEqual({ id: 'p1', givenName: 'Kept' });
    after.close();
  });
});
