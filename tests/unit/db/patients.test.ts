import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../renderer/src/db/errors';
import {
  createPatient,
  searchPatients,
  setArchived,
  updatePatient,
} from '../../../renderer/src/db/repositories/patients';
import { NOW, TODAY, addTestPatient, openTestDb } from '../../helpers/test-db';

const context = { now: NOW, today: TODAY };

describe('patients', () => {
  it('finds patients by the start of a name without accents, by MRN and by date of birth', async () => {
    const db = await openTestDb();
    await addTestPatient(db, {
      givenName: 'José',
      familyName: 'Núñez Ortega',
      mrn: 'H-7781',
      dateOfBirth: '1955-11-30',
    });
    await addTestPatient(db, {
      givenName: 'Josefa',
      familyName: 'Lopez',
      mrn: 'H-1000',
      dateOfBirth: '1990-01-01',
    });
    await addTestPatient(db, {
      givenName: 'Ana',
      familyName: 'Ortiz',
      mrn: 'H-2000',
      dateOfBirth: '1955-11-30',
    });
    const names = async (query: string) =>
      (await searchPatients(db, query)).map((patient) => patient.givenName);
    expect(await names('jose')).toEqual(['Josefa', 'José']);
    expect(await names('nun')).toEqual(['José']);
    expect(await names('ortega jos')).toEqual(['José']);
    expect(await names('h-7781')).toEqual(['José']);
    expect(await names('1955-11-30')).toEqual(['José', 'Ana']);
    expect(await names('zzz')).toEqual([]);
    expect(await names('')).toEqual(['Josefa', 'José', 'Ana']);
  });

  it('hides archived patients from search unless asked, and keeps their records', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    await setArchived(db, patient.id, true, NOW);
    expect(await searchPatients(db, 'ana')).toEqual([]);
    expect(
      (await searchPatients(db, 'ana', { includeArchived: true })).map((found) => found.id),
    ).toEqual([patient.id]);
  });

  it('refuses empty names, impossible or future dates of birth and bad e-mail addresses', async () => {
    const db = await openTestDb();
    const attempt = createPatient(
      db,
      {
        givenName: ' ',
        familyName: 'X',
        dateOfBirth: '2026-02-30',
        sex: 'female',
        email: 'not-an-email',
      },
      context,
    );
    const error = (await attempt.catch((caught: unknown) => caught)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((found) => `${found.field}:${found.code}`)).toEqual([
      'givenName:required',
      'dateOfBirth:invalidDate',
      'email:invalidEmail',
    ]);
    await expect(
      createPatient(
        db,
        { givenName: 'A', familyName: 'B', dateOfBirth: '2030-01-01', sex: 'male' },
        context,
      ),
    ).rejects.toMatchObject({
      issues: [{ field: 'dateOfBirth', code: 'inFuture' }],
    });
    expect(await db.patients.count()).toBe(0);
  });

  it('keeps medical record numbers unique among active patients', async () => {
    const db = await openTestDb();
    const first = await addTestPatient(db, { mrn: 'MRN-9' });
    await expect(addTestPatient(db, { givenName: 'Other', mrn: 'MRN-9' })).rejects.toMatchObject({
      issues: [{ field: 'mrn', code: 'duplicateMrn' }],
    });
    await updatePatient(
      db,
      first.id,
      {
        givenName: 'Ana',
        familyName: 'García',
        dateOfBirth: '1980-04-02',
        sex: 'female',
        mrn: 'MRN-9',
        phone: '555',
      },
      context,
    );
    expect((await db.patients.get(first.id))?.phone).toBe('555');
  });
});
