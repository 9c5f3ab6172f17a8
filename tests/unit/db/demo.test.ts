import { allDailySummaries } from '../../../renderer/src/db/summaries';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '@shared/domain/tables';
import { generateDemoClinic } from '../../../renderer/src/db/demo';
import { clinicToday } from '../../../renderer/src/db/repositories/dashboard';
import { loadSettings } from '../../../renderer/src/db/repositories/settings';
import { syncedFields } from '../../../renderer/src/db/stamps';
import { NOW, openTestDb } from '../../helpers/test-db';

describe('demo clinic', () => {
  it('creates realistic patients with a year of valid readings, some out of range and some today', async () => {
    const db = await openTestDb('demo');
    const result = await generateDemoClinic(db, { now: NOW, patients: 12 });
    expect(result.patients).toBe(12);
    expect(await db.patients.count()).toBe(12);
    const readings = await db.vitals.toArray();
    expect(readings.length).toBe(result.readings);
    expect(readings.length).toBeGreaterThan(2000);
    const oldest = Math.min(...readings.map((reading) => reading.takenAt));
    expect(NOW - oldest).toBeGreaterThan(330 * 86_400_000);
    for (const reading of readings)
      expect(checkRecord('vitals', syncedFields(reading), NOW)).toBeNull();
    const today = await clinicToday(db, NOW);
    expect(today.readingsToday).toBeGreaterThan(0);
    const flagged = (await allDailySummaries(db)).filter((day) => day.outOfRange > 0);
    expect(flagged.length).toBeGreaterThan(10);
    expect((await loadSettings(db)).mode).toBe('clinic');
  });

  it('is the same clinic every time', async () => {
    const a = await openTestDb('demo-a');
    const b = await openTestDb('demo-b');
    await generateDemoClinic(a, { now: NOW, patients: 3 });
    await generateDemoClinic(b, { now: NOW, patients: 3 });
    const names = async (db: typeof a) =>
      (await db.patients.orderBy('mrn').toArray()).map(
        (patient) => `${patient.givenName} ${patient.familyName}`,
      );
    expect(await names(a)).toEqual(await names(b));
    expect(await a.vitals.count()).toBe(await b.vitals.count());
  });
});
