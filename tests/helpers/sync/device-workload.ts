import { DAY_MS, localDay } from '@shared/domain/dates';
import type { PatientInput } from '@shared/domain/patient';
import { SEXES } from '@shared/domain/patient';
import type { ReadingInput } from '@shared/domain/vitals';
import { NotFoundError, ValidationError } from '../../../renderer/src/db/errors';
import {
  createPatient,
  setArchived,
  updatePatient,
} from '../../../renderer/src/db/repositories/patients';
import {
  addReading,
  correctReading,
  importReadings,
  markEnteredInError,
  undoReadingChange,
} from '../../../renderer/src/db/repositories/readings';
import { isActive } from '../../../renderer/src/db/summaries';
import type { PatientRecord, ReadingRecord } from '../../../renderer/src/db/types';
import type { DexieDevice } from './dexie-device';

/**
 * What people do on a device, at random, through the app's own repositories (so every write is
 * captured as the app captures it): patients created and edited (the same fields and different
 * ones, on several devices), readings added, corrected, marked entered-in-error and restored,
 * and imports. Deleting is not something the app offers.
 */

const GIVEN = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Goran', 'Hana', 'Iris', 'José'];
const FAMILY = ['García', 'Okafor', 'Novak', 'Lindqvist', 'Tanaka', 'Müller', 'Silva'];

export interface Workload {
  /** Ids of every reading created on any device. */
  readonly readings: Set<string>;
  /** Local writes the app itself refused (validation, a record not there yet). */
  refusedLocally: number;
  /** One random action of a person at `device`. */
  act(device: DexieDevice): Promise<void>;
}

function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

export function createWorkload(random: () => number, options: { bigImport: number }): Workload {
  let imports = 0;

  function between(low: number, high: number): number {
    return low + Math.floor(random() * (high - low + 1));
  }

  function readingInput(now: number): ReadingInput {
    const input: ReadingInput = { takenAt: now - Math.floor(random() * 8 * DAY_MS) };
    const kind = random();
    if (kind < 0.5) {
      input.systolic = between(95, 185);
      input.diastolic = between(55, 90);
      input.heartRate = between(45, 130);
    } else if (kind < 0.7) {
      input.glucose = between(55, 260);
      input.glucoseContext = random() < 0.5 ? 'fasting' : 'after-meal';
    } else if (kind < 0.85) {
      input.spo2 = between(86, 100);
      input.temperature = 36 + between(0, 30) / 10;
    } else {
      input.weight = between(450, 1100) / 10;
    }
    if (random() < 0.2) input.notes = `note ${between(0, 99)}`;
    return input;
  }

  function patientInput(base: PatientRecord | null): PatientInput {
    const input: PatientInput = base
      ? {
          givenName: base.givenName,
          familyName: base.familyName,
          dateOfBirth: base.dateOfBirth,
          sex: base.sex,
          mrn: base.mrn,
          phone: base.phone,
          email: base.email,
          notes: base.notes,
        }
      : {
          givenName: pick(random, GIVEN) ?? 'Ana',
          familyName: pick(random, FAMILY) ?? 'Silva',
          dateOfBirth: `19${between(40, 99)}-0${between(1, 9)}-1${between(0, 9)}`,
          sex: pick(random, SEXES) ?? 'unknown',
        };
    if (!base) return input;
    // Some fields at a time: two devices editing one patient touch the same and different fields.
    if (random() < 0.6) input.notes = `notes ${between(0, 999)}`;
    if (random() < 0.3) input.phone = random() < 0.3 ? null : `555-${between(1000, 9999)}`;
    if (random() < 0.25) input.givenName = pick(random, GIVEN) ?? input.givenName;
    if (random() < 0.15) input.familyName = pick(random, FAMILY) ?? input.familyName;
    if (random() < 0.1) input.email = `p${between(1, 99)}@example.org`;
    return input;
  }

  async function somePatient(device: DexieDevice): Promise<PatientRecord | undefined> {
    if (device.patientId !== null) return device.db.patients.get(device.patientId);
    const patients = await device.db.patients.toArray();
    return pick(
      random,
      patients.filter((patient) => patient._deleted !== true),
    );
  }

  async function someReading(
    device: DexieDevice,
    wanted: (reading: ReadingRecord) => boolean,
  ): Promise<ReadingRecord | undefined> {
    const count = await device.db.vitals.count();
    for (let attempt = 0; attempt < 4 && count > 0; attempt++) {
      const reading = await device.db.vitals.offset(Math.floor(random() * count)).first();
      if (reading && wanted(reading)) return reading;
    }
    return undefined;
  }

  const workload: Workload = {
    readings: new Set(),
    refusedLocally: 0,
    async act(device) {
      const now = device.now();
      const context = { now, today: localDay(now) };
      const enteredBy = device.name;
      const r = random();
      try {
        const patient = await somePatient(device);
        const staff = device.role === 'staff';
        if (staff && (r < 0.1 || !patient)) {
          await createPatient(device.db, patientInput(null), context);
        } else if (!patient) {
          return; // a patient's device before its first pull
        } else if (r < 0.27) {
          // On a patient's device the server refuses this (FORBIDDEN_SCOPE) and it is undone.
          await updatePatient(device.db, patient.id, patientInput(patient), context);
        } else if (r < 0.3 && staff) {
          await setArchived(device.db, patient.id, !patient.archived, now);
        } else if (r < 0.58) {
          const reading = await addReading(device.db, patient, readingInput(now), {
            now,
            enteredBy,
          });
          workload.readings.add(reading.id);
        } else if (r < 0.68) {
          const old = await someReading(device, isActive);
          const owner = old && (await device.db.patients.get(old.patientId));
          if (!old || !owner) return;
          const correction = await correctReading(device.db, owner, old.id, readingInput(now), {
            now,
            enteredBy,
          });
          workload.readings.add(correction.id);
        } else if (r < 0.8) {
          const reading = await someReading(device, isActive);
          if (reading)
            await markEnteredInError(device.db, reading.id, `typo ${between(1, 9)}`, now);
        } else if (r < 0.87) {
          const reading = await someReading(device, () => true);
          if (reading) await undoReadingChange(device.db, reading.id, now, 'undone');
        } else if (r < 0.93) {
          imports++;
          const size = imports === 3 ? options.bigImport : between(3, 40);
          const tag = `${device.name} import ${imports}`;
          await importReadings(
            device.db,
            patient,
            Array.from({ length: size }, () => readingInput(now)),
            { now, enteredBy: tag },
          );
          const ids = await device.db.vitals
            .filter((reading) => reading.enteredBy === tag)
            .primaryKeys();
          for (const id of ids) workload.readings.add(id);
        }
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof NotFoundError)) throw error;
        workload.refusedLocally++;
      }
    },
  };
  return workload;
}
