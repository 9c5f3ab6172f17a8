import { DAY_MS, localDay } from '@shared/domain/dates';
import type { GlucoseContext, ReadingSource } from '@shared/domain/measures';
import type { PatientInput, Sex } from '@shared/domain/patient';
import type { ReadingInput } from '@shared/domain/vitals';
import type { HealthDeskDb } from './database';
import { createPatient } from './repositories/patients';
import { buildReading, writeReadingBatch } from './repositories/readings';
import { saveSettings } from './repositories/settings';
import type { ReadingRecord } from './types';

/** A small deterministic random source, so the demo clinic is the same every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Profile = 'healthy' | 'hypertensive' | 'diabetic' | 'respiratory';

const GIVEN: Record<'female' | 'male', string[]> = {
  female: [
    'María',
    'Olivia',
    'Carmen',
    'Aisha',
    'Grace',
    'Lucía',
    'Mei',
    'Fatima',
    'Hannah',
    'Rosa',
    'Priya',
    'Elena',
    'Sofia',
    'Nora',
  ],
  male: [
    'José',
    'James',
    'Ahmed',
    'Luis',
    'Daniel',
    'Kenji',
    'Miguel',
    'Samuel',
    'Omar',
    'Pedro',
    'Arjun',
    'Thomas',
    'Diego',
    'Ethan',
  ],
};
const FAMILY = [
  'García',
  'Smith',
  'Okafor',
  'Hernández',
  'Nguyen',
  'Johnson',
  'Khan',
  'Martínez',
  'Rossi',
  'Kowalski',
  'Tanaka',
  'López',
  'Brown',
  'Silva',
  'Müller',
  'Díaz',
  'Patel',
  'Moreno',
  'Wilson',
  'Castro',
];

export interface DemoOptions {
  now: number;
  seed?: number;
  patients?: number;
  onProgress?: (share: number) => void;
}

/**
 * The demo clinic: made-up patients with a year of readings (clinic visits, and home readings
 * for some), a few of them out of range, and some taken today. It lives in its own database,
 * marked as the demo, and is removed by deleting that database.
 */
export async function generateDemoClinic(
  db: HealthDeskDb,
  options: DemoOptions,
): Promise<{ patients: number; readings: number }> {
  const random = seededRandom(options.seed ?? 20261122);
  const count = options.patients ?? 40;
  const now = options.now;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const around = (mean: number, spread: number): number =>
    mean + (random() + random() + random() - 1.5) * spread;
  let readings = 0;

  await saveSettings(db, { mode: 'clinic', enteredBy: 'Demo nurse' });
  for (let index = 0; index < count; index++) {
    const sex: Sex = random() < 0.5 ? 'female' : 'male';
    const profile: Profile =
      (['healthy', 'healthy', 'hypertensive', 'diabetic', 'respiratory'] as const)[index % 5] ??
      'healthy';
    const birthYear = 1940 + Math.floor(random() * 65);
    const input: PatientInput = {
      givenName: pick(GIVEN[sex]),
      familyName: `${pick(FAMILY)} ${pick(FAMILY)}`,
      dateOfBirth: `${birthYear}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      sex,
      mrn: `DEMO-${String(index + 1).padStart(4, '0')}`,
      phone: `555-01${String(index).padStart(2, '0')}`,
      notes: 'Demo patient (made up).',
    };
    const patient = await createPatient(db, input, { now, today: localDay(now) });
    const weight = around(sex === 'female' ? 68 : 82, 20);
    const vitals = (at: number, clinic: boolean): ReadingInput => {
      const crisis = profile === 'hypertensive' && random() < 0.03;
      const fever = random() < 0.04;
      const reading: ReadingInput = {
        takenAt: at,
        systolic: Math.round(
          crisis ? around(188, 8) : profile === 'hypertensive' ? around(146, 18) : around(118, 14),
        ),
        diastolic: Math.round(
          crisis ? around(118, 6) : profile === 'hypertensive' ? around(92, 10) : around(76, 10),
        ),
        heartRate: Math.round(around(fever ? 98 : 72, 16)),
        bpArm: random() < 0.8 ? 'left' : 'right',
        bpPosition: 'sitting',
      };
      if (clinic) {
        reading.spo2 = Math.round(
          Math.min(100, profile === 'respiratory' ? around(92, 5) : around(97.5, 2.5)),
        );
        reading.temperature = Math.round((fever ? around(38.6, 0.8) : around(36.7, 0.5)) * 10) / 10;
        reading.respiratoryRate = Math.round(
          profile === 'respiratory' ? around(21, 5) : around(15, 4),
        );
        reading.weight = Math.round(around(weight, 1.5) * 10) / 10;
      }
      if (profile === 'diabetic') {
        const context: GlucoseContext = clinic
          ? 'random'
          : pick(['fasting', 'before-meal', 'after-meal'] as const);
        reading.glucose = Math.round(
          random() < 0.04
            ? around(58, 8)
            : context === 'after-meal'
              ? around(185, 50)
              : around(135, 35),
        );
        reading.glucoseContext = context;
      }
      return reading;
    };

    const batch: ReadingRecord[] = [];
    const add = (input: ReadingInput, source: ReadingSource, by: string) => {
      if ((input.systolic ?? 0) <= (input.diastolic ?? 0))
        input.diastolic = (input.systolic ?? 100) - 30;
      batch.push(buildReading(patient.id, input, { now, enteredBy: by, source }));
    };
    // Clinic visits every two to five weeks over the past year, the last one possibly today.
    for (
      let at = now - 365 * DAY_MS + random() * 20 * DAY_MS;
      at < now - DAY_MS;
      at += (14 + random() * 21) * DAY_MS
    ) {
      add(vitals(dayTime(at, 9 + random() * 8), true), 'manual', 'Nurse Rivera');
    }
    if (index % 3 === 0)
      add(vitals(now - (1 + random() * 90) * 60_000, true), 'manual', 'Nurse Rivera');
    // Home readings from a connected device for one patient in four: twice a day for a year.
    if (index % 4 === 1) {
      for (let day = 365; day >= 1; day--) {
        add(vitals(dayTime(now - day * DAY_MS, 7 + random()), false), 'device', 'Home monitor');
        add(vitals(dayTime(now - day * DAY_MS, 20 + random()), false), 'device', 'Home monitor');
      }
    }
    for (let start = 0; start < batch.length; start += 500)
      await writeReadingBatch(db, batch.slice(start, start + 500), now);
    readings += batch.length;
    options.onProgress?.((index + 1) / count);
  }
  return { patients: count, readings };
}

function dayTime(time: number, hour: number): number {
  const date = new Date(time);
  date.setHours(Math.floor(hour), Math.floor((hour % 1) * 60), 0, 0);
  return date.getTime();
}
