import type { HealthDeskDb } from '../database';
import { saveSettings } from '../repositories/settings';
import { readingTables, updateSummaries } from '../summaries';
import { queueRecords } from './outbox';

/**
 * A person at home pairs with their clinic as that clinic's patient. The readings they took on
 * their own profile before pairing become readings of the clinic's record of them, so the
 * clinic sees them; their local profile gives way to the clinic's (which arrives on the first
 * pull). Nothing of it reached a server yet, so the readings keep their ids and stamps. Family
 * profiles stay on this PC only: a patient's device shares nothing but that patient's records.
 */
export async function adoptClinicPatient(
  db: HealthDeskDb,
  selfPatientId: string | null,
  clinicPatientId: string,
  now: number,
): Promise<void> {
  await db.transaction(
    'rw',
    [db.patients, ...readingTables(db), db._outbox, db.settings],
    async () => {
      const readings =
        selfPatientId === null || selfPatientId === clinicPatientId
          ? []
          : await db.vitals
              .where('[patientId+takenAt]')
              .between([selfPatientId, -Infinity], [selfPatientId, Infinity])
              .toArray();
      const moved = readings.map((reading) => ({ ...reading, patientId: clinicPatientId }));
      await db.vitals.bulkPut(moved);
      // Out of one patient's summaries and into the other's.
      await updateSummaries(
        db,
        [
          ...readings.map((before) => ({ before, after: null })),
          ...moved.map((after) => ({ before: null, after })),
        ],
        now,
      );
      if (selfPatientId !== null && selfPatientId !== clinicPatientId)
        await db.patients.delete(selfPatientId);
      // What was waiting was written before pairing: only this patient's readings are sent.
      await db._outbox.clear();
      const ids = await db.vitals
        .where('[patientId+takenAt]')
        .between([clinicPatientId, -Infinity], [clinicPatientId, Infinity])
        .primaryKeys();
      await queueRecords(db, 'vitals', ids, now);
      await saveSettings(db, { selfPatientId: clinicPatientId });
    },
  );
}
