import { describe, expect, it } from 'vitest';
import { HLC_PATTERN } from '@shared/sync/hlc';
import { createPatient, updatePatient } from '../../../renderer/src/db/repositories/patients';
import {
  addReading,
  buildReading,
  importReadings,
} from '../../../renderer/src/db/repositories/readings';
import { withWriter } from '../../../renderer/src/db/writer';
import { NOW, TODAY, addTestPatient, openTestDb } from '../../helpers/test-db';

describe('change capture', () => {
  it('writes every local change with its outbox entry and clock stamp', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const outbox = await db._outbox.toArray();
    expect(outbox).toHaveLength(1);
    const entry = outbox[0]!;
    expect(entry).toMatchObject({
      op: 'upsert',
      table: 'patients',
      id: patient.id,
      patientId: patient.id,
    });
    if (entry.op !== 'upsert') throw new Error('expected an upsert');
    expect(entry.fields).toMatchObject({ givenName: 'Ana', familyName: 'García', archived: false });
    expect(Object.keys(entry.fields)).not.toContain('_search');
    expect(Object.keys(entry.fieldHlc).sort()).toEqual(Object.keys(entry.fields).sort());
    for (const stamp of Object.values(entry.fieldHlc)) expect(stamp).toMatch(HLC_PATTERN);
  });

  it('sends only the fields an edit changed, with a newer stamp', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    await updatePatient(
      db,
      patient.id,
      {
        givenName: 'Ana María',
        familyName: 'García',
        dateOfBirth: '1980-04-02',
        sex: 'female',
        mrn: 'MRN-001',
      },
      { now: NOW + 1000, today: TODAY },
    );
    const [created, edited] = await db._outbox.toArray();
    if (created?.op !== 'upsert' || edited?.op !== 'upsert')
      throw new Error('expected two upserts');
    expect(edited.fields).toEqual({ givenName: 'Ana María' });
    expect(edited.fieldHlc.givenName! > created.fieldHlc.givenName!).toBe(true);
    const stored = await db.patients.get(patient.id);
    expect(stored?._hlc.givenName).toBe(edited.fieldHlc.givenName);
  });

  it('writes nothing when an edit changes nothing', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    await updatePatient(
      db,
      patient.id,
      {
        givenName: 'Ana',
        familyName: 'García',
        dateOfBirth: '1980-04-02',
        sex: 'female',
        mrn: 'MRN-001',
      },
      { now: NOW, today: TODAY },
    );
    expect(await db._outbox.count()).toBe(1);
  });

  it('leaves neither the change nor its outbox entry when the transaction aborts', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const clockBefore = await db._syncState.get('hlc');
    await expect(
      withWriter(db, [db.vitals], NOW, async (writer) => {
        await writer.upsert('vitals', null, {
          id: '01900000-0000-7000-8000-000000000001',
          patientId: patient.id,
          takenAt: NOW,
          heartRate: 70,
          systolic: null,
          diastolic: null,
          bpArm: null,
          bpPosition: null,
          glucose: null,
          glucoseContext: null,
          spo2: null,
          temperature: null,
          weight: null,
          respiratoryRate: null,
          notes: '',
          source: 'manual',
          enteredBy: 'Nurse',
          supersedes: null,
          status: 'active',
          supersededBy: null,
          errorReason: null,
          createdAt: NOW,
          _hlc: {},
        });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await db.vitals.count()).toBe(0);
    expect(await db._outbox.count()).toBe(1);
    expect(await db._syncState.get('hlc')).toEqual(clockBefore);
  });

  it('keeps the clock moving forward even when the wall clock goes back', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const first = await addReading(
      db,
      patient,
      { takenAt: NOW, heartRate: 70 },
      { now: NOW, enteredBy: 'Nurse' },
    );
    const second = await addReading(
      db,
      patient,
      { takenAt: NOW - 7_200_000, heartRate: 71 },
      { now: NOW - 3_600_000, enteredBy: 'Nurse' },
    );
    expect(second._hlc['*']! > first._hlc['*']!).toBe(true);
  });

  it('records an import as whole batches, each with one outbox entry naming its readings', async () => {
    const db = await openTestDb();
    const patient = await createPatient(
      db,
      { givenName: 'Luis', familyName: 'Pérez', dateOfBirth: '1970-01-01', sex: 'male' },
      { now: NOW, today: TODAY },
    );
    const inputs = Array.from({ length: 1200 }, (_, index) => ({
      takenAt: NOW - index * 300_000,
      glucose: 100 + (index % 50),
    }));
    await importReadings(db, patient, inputs, { now: NOW, enteredBy: 'Import' });
    const entries = (await db._outbox.toArray()).flatMap((entry) =>
      entry.op === 'create-many' ? [entry] : [],
    );
    expect(entries.map((entry) => entry.ids.length)).toEqual([500, 500, 200]);
    const ids = new Set(entries.flatMap((entry) => entry.ids));
    expect(ids.size).toBe(1200);
    expect(await db.vitals.count()).toBe(1200);
  });

  it('keeps the outbox in the order of the writes, and saves the clock after the last of them', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const readings = Array.from({ length: 3 }, (_, index) =>
      buildReading(
        patient.id,
        { takenAt: NOW - index * 60_000, heartRate: 70 + index },
        {
          now: NOW,
          enteredBy: 'Nurse',
        },
      ),
    );
    const lastReading = buildReading(
      patient.id,
      { takenAt: NOW, heartRate: 90 },
      {
        now: NOW,
        enteredBy: 'Nurse',
      },
    );
    await db._outbox.clear();
    await withWriter(db, [db.patients, db.vitals], NOW, async (writer) => {
      // An upsert, then records created in bulk (their outbox entry and the clock are sent at
      // once), then another upsert that ticks the clock again.
      await writer.upsert('patients', patient, { ...patient, givenName: 'Ana María' });
      await writer.createMany('vitals', readings);
      await writer.upsert('vitals', null, lastReading);
    });
    const outbox = await db._outbox.orderBy('seqNo').toArray();
    expect(outbox.map((entry) => `${entry.op} ${entry.table}`)).toEqual([
      'upsert patients',
      'create-many vitals',
      'upsert vitals',
    ]);
    const stamps = (await db.vitals.toArray()).map((reading) => reading._hlc['*']!).sort();
    expect(new Set(stamps).size).toBe(4);
    const last = await db.vitals.get(lastReading.id);
    const clock = (await db._syncState.get('hlc'))?.value as { ms: number; c: number };
    expect(last?._hlc['*']).toBe(stamps.at(-1));
    expect(
      last?._hlc['*']?.startsWith(
        `${String(clock.ms).padStart(15, '0')}:${String(clock.c).padStart(5, '0')}:`,
      ),
    ).toBe(true);
  });

  it('leaves no record, outbox entry or clock change when a bulk write fails after it was sent', async () => {
    const db = await openTestDb();
    const patient = await addTestPatient(db);
    const clockBefore = await db._syncState.get('hlc');
    const outboxBefore = await db._outbox.count();
    const readings = [
      buildReading(patient.id, { takenAt: NOW, heartRate: 70 }, { now: NOW, enteredBy: 'Nurse' }),
    ];
    await expect(
      withWriter(db, [db.vitals], NOW, async (writer) => {
        await writer.createMany('vitals', readings);
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await db.vitals.count()).toBe(0);
    expect(await db._outbox.count()).toBe(outboxBefore);
    expect(await db._syncState.get('hlc')).toEqual(clockBefore);
  });
});
