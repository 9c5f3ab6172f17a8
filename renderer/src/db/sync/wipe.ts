import type { HealthDeskDb } from '../database';

/**
 * A device the clinic removed (SYNC-PROTOCOL §5 `DEVICE_REVOKED`) keeps none of the clinic's
 * records: every synced table, its summaries, the changes waiting and the sync state go. The
 * person's own preferences (units, language) stay.
 */
export async function wipeSyncedData(db: HealthDeskDb): Promise<void> {
  await db.transaction(
    'rw',
    [
      db.patients,
      db.vitals,
      db.vitalsMonthly,
      db.vitalsLatest,
      db.clinicDays,
      db._outbox,
      db._syncState,
      db._rejections,
      db.settings,
    ],
    async () => {
      await Promise.all([
        db.patients.clear(),
        db.vitals.clear(),
        db.vitalsMonthly.clear(),
        db.vitalsLatest.clear(),
        db.clinicDays.clear(),
        db._outbox.clear(),
        db._syncState.clear(),
        db._rejections.clear(),
        db.settings.bulkDelete(['mode', 'selfPatientId']),
      ]);
    },
  );
}
