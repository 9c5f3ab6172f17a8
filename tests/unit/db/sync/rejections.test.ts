import { describe, expect, it } from 'vitest';
import type { UpsertChange } from '@shared/sync/protocol';
import {
  createPatient,
  searchPatients,
  updatePatient,
} from '../../../../renderer/src/db/repositories/patients';
import { expandStamps, syncedFields } from '../../../../renderer/src/db/stamps';
import { undoRejectedChange } from '../../../../renderer/src/db/sync/rejections';
import { NOW, TODAY, openTestDb } from '../../../helpers/test-db';

const ana = {
  givenName: 'Ana',
  familyName: 'García',
  dateOfBirth: '1980-04-02',
  sex: 'female' as const,
};

describe('a change the server refused', () => {
  it("puts a patient's name back, and the search words with it", async () => {
    const db = await openTestDb('device-refused-name');
    const created = await createPatient(db, ana, { now: NOW, today: TODAY });
    const fields = syncedFields(created);
    // What the server holds: the patient as created.
    const current = {
      id: created.id,
      table: 'patients',
      patientId: created.id,
      deleted: false,
      data: fields,
      hlc: expandStamps(created._hlc, Object.keys(fields)),
      seq: 1,
    };
    await db._outbox.clear();
    await updatePatient(
      db,
      created.id,
      { ...ana, givenName: 'Lucía' },
      { now: NOW + 1, today: TODAY },
    );
    const [entry] = await db._outbox.toArray();
    expect(entry?.op).toBe('upsert');
    const { seqNo, ...change } = entry as UpsertChange & { seqNo?: number };

    await db.transaction('rw', [db.patients, db.vitals, db._rejections], () =>
      undoRejectedChange(db, change, 'FORBIDDEN_SCOPE', current, NOW + 2),
    );

    expect((await db.patients.get(created.id))?.givenName).toBe('Ana');
    expect(await searchPatients(db, 'Lucía')).toEqual([]);
    expect((await searchPatients(db, 'Ana')).map((patient) => patient.id)).toEqual([created.id]);
  });
});
