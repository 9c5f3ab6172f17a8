import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../renderer/src/db/errors';
import { clinicToday, patientDashboard } from '../../../renderer/src/db/repositories/dashboard';
import {
  addReading,
  correctReading,
  importReadings,
  markEnteredInError,
  readingHistory,
  undoReadingChange,
} from '../../../renderer/src/db/repositories/readings';
import { NOW, addTestPatient, openTestDb } from '../../helpers/test-db';

const nurse = { now: NOW, enteredBy: 'Nurse Kim' };
const hour = 3_600_000;

describe('readings', () => {
  it('stores a reading in canonical units with who took it and where it came from', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const reading = await addReading(
      db,
      patient,
      {
        takenAt: NOW,
        systolic: 128,
        diastolic: 84,
        bpArm: 'left',
        bpPosition: 'sitting',
        glucose: 101.26,
      },
      nurse,
    );
    expect(reading).toMatchObject({
      systolic: 128,
      diastolic: 84,
      bpArm: 'left',
      glucose: 101.3,
      source: 'manual',
      enteredBy: 'Nurse Kim',
      status: 'active',
    });
  });

  it('refuses implausible values and says which field', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const attempt = addReading(
      db,
      patient,
      { takenAt: NOW, systolic: 80, diastolic: 120, heartRate: 400 },
      nurse,
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((caught: unknown) => caught)) as ValidationError;
    expect(error.issues).toEqual([
      { field: 'heartRate', code: 'outOfRange', params: { min: 20, max: 250 } },
      { field: 'systolic', code: 'systolicNotAboveDiastolic' },
    ]);
    expect(await db.vitals.count()).toBe(0);
    expect(await db._outbox.count()).toBe(1);
  });

  it('refuses a reading before the patient was born', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db, { dateOfBirth: '2020-01-01' });
    await expect(
      addReading(db, patient, { takenAt: Date.parse('2019-06-01T10:00:00'), heartRate: 80 }, nurse),
    ).rejects.toMatchObject({
      issues: [{ field: 'takenAt', code: 'beforeBirth' }],
    });
  });

  it('keeps a corrected reading in the history and counts only the correction', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const wrong = await addReading(
      db,
      patient,
      { takenAt: NOW - hour, systolic: 210, diastolic: 80 },
      nurse,
    );
    const fixed = await correctReading(
      db,
      patient,
      wrong.id,
      { takenAt: NOW - hour, systolic: 120, diastolic: 80 },
      { ...nurse, now: NOW + 1 },
    );
    expect(fixed.supersedes).toBe(wrong.id);
    const history = await readingHistory(db, fixed.id);
    expect(history.map((reading) => [reading.systolic, reading.status])).toEqual([
      [210, 'superseded'],
      [120, 'active'],
    ]);
    const dashboard = await patientDashboard(db, patient.id, NOW);
    expect(dashboard.latest.measures.systolic).toMatchObject({ value: 120, readingId: fixed.id });
    expect(dashboard.windows[7].measures.systolic).toEqual({
      average: 120,
      min: 120,
      max: 120,
      count: 1,
    });
  });

  it('marks a deleted reading entered-in-error with its reason, and undo brings it back', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const older = await addReading(db, patient, { takenAt: NOW - 2 * hour, weight: 70 }, nurse);
    const newer = await addReading(db, patient, { takenAt: NOW - hour, weight: 90 }, nurse);
    await expect(markEnteredInError(db, newer.id, '  ', NOW)).rejects.toMatchObject({
      issues: [{ field: 'errorReason', code: 'required' }],
    });
    await markEnteredInError(db, newer.id, 'Wrong patient', NOW);
    expect(await db.vitals.get(newer.id)).toMatchObject({
      status: 'entered-in-error',
      errorReason: 'Wrong patient',
    });
    let dashboard = await patientDashboard(db, patient.id, NOW);
    expect(dashboard.latest.measures.weight).toMatchObject({ value: 70, readingId: older.id });
    expect(dashboard.windows[7].measures.weight?.count).toBe(1);

    await undoReadingChange(db, newer.id, NOW, 'Undone');
    dashboard = await patientDashboard(db, patient.id, NOW);
    expect(dashboard.latest.measures.weight).toMatchObject({ value: 90, readingId: newer.id });
    expect(dashboard.windows[7].measures.weight).toEqual({
      average: 80,
      min: 70,
      max: 90,
      count: 2,
    });
  });

  it('forgets the glucose context when the only glucose reading stops counting', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const glucose = await addReading(
      db,
      patient,
      { takenAt: NOW - hour, glucose: 140, glucoseContext: 'after-meal' },
      nurse,
    );
    await addReading(db, patient, { takenAt: NOW, heartRate: 70 }, nurse);
    await markEnteredInError(db, glucose.id, 'Wrong patient', NOW);
    const { latest } = await patientDashboard(db, patient.id, NOW);
    expect(latest.measures.glucose).toBeUndefined();
    expect(latest.glucoseContext).toBeNull();
  });

  it('undoing a correction withdraws it and brings the original back', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const original = await addReading(db, patient, { takenAt: NOW - hour, heartRate: 72 }, nurse);
    const correction = await correctReading(
      db,
      patient,
      original.id,
      { takenAt: NOW - hour, heartRate: 27 },
      nurse,
    );
    await undoReadingChange(db, correction.id, NOW, 'Correction undone');
    expect(await db.vitals.get(original.id)).toMatchObject({
      status: 'active',
      supersededBy: null,
    });
    expect(await db.vitals.get(correction.id)).toMatchObject({
      status: 'entered-in-error',
      errorReason: 'Correction undone',
    });
    const dashboard = await patientDashboard(db, patient.id, NOW);
    expect(dashboard.latest.measures.heartRate?.value).toBe(72);
  });

  it('summarises 7/30/90 days, morning against evening blood pressure and glucose time in range', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const day = 86_400_000;
    const morning = (daysAgo: number) => new Date(NOW - daysAgo * day).setHours(8, 0, 0, 0);
    const evening = (daysAgo: number) => new Date(NOW - daysAgo * day).setHours(21, 0, 0, 0);
    await importReadings(
      db,
      patient,
      [
        { takenAt: morning(1), systolic: 140, diastolic: 90, glucose: 60 },
        { takenAt: evening(1), systolic: 120, diastolic: 70, glucose: 150 },
        { takenAt: morning(20), systolic: 150, diastolic: 95, glucose: 200 },
        { takenAt: morning(80), systolic: 100, diastolic: 60, glucose: 110 },
        { takenAt: morning(120), systolic: 200, diastolic: 110 },
      ],
      nurse,
    );
    const { windows, series } = await patientDashboard(db, patient.id, NOW);
    expect(windows[7].measures.systolic).toEqual({ average: 130, min: 120, max: 140, count: 2 });
    expect(windows[30].measures.systolic).toMatchObject({ average: 410 / 3, max: 150, count: 3 });
    expect(windows[90].measures.systolic).toMatchObject({ min: 100, count: 4 });
    expect(windows[7].bpMorning).toEqual({ systolic: 140, diastolic: 90, count: 1 });
    expect(windows[7].bpEvening).toEqual({ systolic: 120, diastolic: 70, count: 1 });
    expect(windows[30].glucose).toEqual({ inTarget: 1 / 3, below: 1 / 3, above: 1 / 3, count: 3 });
    // Daily points, oldest first; the reading from 120 days ago is outside the 90-day series.
    expect(series.systolic?.map((point) => [point.average, point.min, point.max])).toEqual([
      [100, 100, 100],
      [150, 150, 150],
      [130, 120, 140],
    ]);
  });

  it('shows a patient without readings as an empty dashboard, not an error', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const dashboard = await patientDashboard(db, patient.id, NOW);
    expect(dashboard.latest.measures).toEqual({});
    expect(dashboard.windows[90].measures).toEqual({});
    expect(dashboard.windows[90].glucose).toBeNull();
    expect(dashboard.readingsToday).toBe(0);
  });

  it('lists the clinic’s readings today and who was out of range', async () => {
    const db = await openTestDb();
    const calm = await addTestPatient(db, { givenName: 'Calm', mrn: 'A1' });
    const feverish = await addTestPatient(db, { givenName: 'Fever', mrn: 'A2' });
    await addReading(db, calm, { takenAt: NOW - hour, heartRate: 72, temperature: 36.8 }, nurse);
    await addReading(
      db,
      feverish,
      { takenAt: NOW - hour, heartRate: 112, temperature: 39.1 },
      nurse,
    );
    await addReading(db, feverish, { takenAt: NOW - 2 * hour, temperature: 38.5 }, nurse);
    await addReading(db, calm, { takenAt: NOW - 2 * 86_400_000, temperature: 39.5 }, nurse);
    const today = await clinicToday(db, NOW);
    expect(today.readingsToday).toBe(3);
    expect(today.patientsSeenToday).toBe(2);
    expect(today.outOfRange.map((entry) => [entry.patient.givenName, entry.readings])).toEqual([
      ['Fever', 2],
    ]);
  });
});

describe('the clinic’s day', () => {
  it('follows corrections and errors today, and ignores readings of earlier days', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const fever = await addReading(
      db,
      patient,
      { takenAt: NOW - 3_600_000, temperature: 39.2 },
      nurse,
    );
    expect(await clinicToday(db, NOW)).toMatchObject({ readingsToday: 1, patientsSeenToday: 1 });
    expect((await clinicToday(db, NOW)).outOfRange).toHaveLength(1);
    await correctReading(
      db,
      patient,
      fever.id,
      { takenAt: NOW - 3_600_000, temperature: 37.2 },
      nurse,
    );
    expect(await clinicToday(db, NOW)).toMatchObject({ readingsToday: 1, outOfRange: [] });
    const latest = await db.vitals
      .where('[patientId+takenAt]')
      .between([patient.id, 0], [patient.id, Infinity])
      .last();
    await markEnteredInError(db, latest!.id, 'Wrong patient', NOW);
    expect(await clinicToday(db, NOW)).toMatchObject({ readingsToday: 0, patientsSeenToday: 0 });
    // A late entry for yesterday can never be part of a future "today": no clinic record for it.
    await addReading(db, patient, { takenAt: NOW - 86_400_000, heartRate: 70 }, nurse);
    expect(await db.clinicDays.count()).toBe(1);
  });
});
