import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { HealthDeskDb } from '../../renderer/src/db/database';
import { openDatabase } from '../../renderer/src/db/database';
import { createPatient } from '../../renderer/src/db/repositories/patients';
import type { PatientRecord } from '../../renderer/src/db/types';

/** A fresh, empty IndexedDB (fake-indexeddb) per call, so tests never share data. */
export function freshIndexedDb() {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export async function openTestDb(
  name = 'healthdesk-test',
  idb = freshIndexedDb(),
): Promise<HealthDeskDb> {
  return openDatabase(name, idb);
}

export const NOW = Date.parse('2026-06-15T10:30:00');
export const TODAY = '2026-06-15';

export async function addTestPatient(
  db: HealthDeskDb,
  overrides: Partial<Parameters<typeof createPatient>[1]> = {},
): Promise<PatientRecord> {
  return createPatient(
    db,
    {
      givenName: 'Ana',
      familyName: 'García',
      dateOfBirth: '1980-04-02',
      sex: 'female',
      mrn: 'MRN-001',
      ...overrides,
    },
    { now: NOW, today: TODAY },
  );
}
