import { describe, expect, it } from 'vitest';
import { patientDashboard } from '../../../../renderer/src/db/repositories/dashboard';
import { addReading } from '../../../../renderer/src/db/repositories/readings';
import { loadSettings, saveSettings } from '../../../../renderer/src/db/repositories/settings';
import { adoptClinicPatient } from '../../../../renderer/src/db/sync/adopt';
import { syncOnce } from '../../../../renderer/src/db/sync/sync-once';
import { createMemorySyncServer } from '../../../helpers/memory-sync-server';
import { NOW, addTestPatient, openTestDb } from '../../../helpers/test-db';

const CLINIC_PATIENT = '0190f5c2-1111-7000-8000-000000000001';

describe('a person at home pairing as their clinic’s patient', () => {
  it('moves their own readings to the clinic’s record of them and sends only those', async () => {
    const db = await openTestDb('home-device');
    const me = await addTestPatient(db);
    const family = await addTestPatient(db, { givenName: 'Pablo', mrn: null });
    await saveSettings(db, { mode: 'personal', selfPatientId: me.id });
    await addReading(
      db,
      me,
      { takenAt: NOW - 60_000, heartRate: 71 },
      { now: NOW, enteredBy: 'Me' },
    );
    await addReading(
      db,
      family,
      { takenAt: NOW - 60_000, heartRate: 90 },
      { now: NOW, enteredBy: 'Me' },
    );

    await adoptClinicPatient(db, me.id, CLINIC_PATIENT, NOW);

    expect((await loadSettings(db)).selfPatientId).toBe(CLINIC_PATIENT);
    expect(await db.patients.get(me.id)).toBeUndefined();
    const mine = await patientDashboard(db, CLINIC_PATIENT, NOW);
    expect(mine.latest.measures.heartRate?.value).toBe(71);
    expect((await patientDashboard(db, me.id, NOW)).latest.measures.heartRate).toBeUndefined();

    const server = createMemorySyncServer({ now: () => NOW + 60_000 });
    // Even a later change to the family profile stays on this PC.
    await addReading(db, family, { takenAt: NOW, heartRate: 91 }, { now: NOW, enteredBy: 'Me' });
    const outcome = await syncOnce({
      db,
      transport: server.transport,
      now: () => NOW,
      scopePatientId: CLINIC_PATIENT,
    });
    expect(outcome).toMatchObject({ kind: 'done', pushed: 1, rejected: 0 });
    expect([...server.records.values()].map((record) => record.patientId)).toEqual([
      CLINIC_PATIENT,
    ]);
    expect(
      await db.vitals
        .where('[patientId+takenAt]')
        .between([family.id, 0], [family.id, Infinity])
        .count(),
    ).toBe(2);
  });
});
