import { describe, expect, it } from 'vitest';
import { bpCategory, glucoseRange, outOfRangeMeasures } from '@shared/domain/classify';
import { validateReading } from '@shared/domain/vitals';

const none = {
  heartRate: null,
  systolic: null,
  diastolic: null,
  glucose: null,
  glucoseContext: null,
  spo2: null,
  temperature: null,
  respiratoryRate: null,
};

describe('ACC/AHA 2017 blood pressure categories', () => {
  it.each([
    [119, 79, 'normal'],
    [120, 79, 'elevated'],
    [129, 79, 'elevated'],
    [130, 70, 'stage1'],
    [118, 80, 'stage1'],
    [139, 89, 'stage1'],
    [140, 70, 'stage2'],
    [125, 90, 'stage2'],
    [180, 120, 'stage2'],
    [181, 100, 'crisis'],
    [150, 121, 'crisis'],
  ])('%i/%i is %s', (systolic, diastolic, category) => {
    expect(bpCategory(systolic, diastolic)).toBe(category);
  });
});

describe('glucose ranges', () => {
  it.each([
    [53, 'fasting', 'veryLow'],
    [65, 'random', 'low'],
    [99, 'fasting', 'normal'],
    [100, 'fasting', 'elevated'],
    [126, 'before-meal', 'high'],
    [139, 'after-meal', 'normal'],
    [199, 'random', 'elevated'],
    [200, null, 'high'],
  ] as const)('%i mg/dL %s is %s', (value, context, range) => {
    expect(glucoseRange(value, context)).toBe(range);
  });
});

describe('out of range', () => {
  it('flags fever, low oxygen and stage 2 blood pressure but not stage 1', () => {
    expect(outOfRangeMeasures({ ...none, temperature: 38.2, spo2: 91 })).toEqual([
      'spo2',
      'temperature',
    ]);
    expect(outOfRangeMeasures({ ...none, systolic: 135, diastolic: 85 })).toEqual([]);
    expect(outOfRangeMeasures({ ...none, systolic: 145, diastolic: 85 })).toEqual([
      'systolic',
      'diastolic',
    ]);
    expect(outOfRangeMeasures({ ...none, systolic: 85, diastolic: 55 })).toEqual([
      'systolic',
      'diastolic',
    ]);
    expect(outOfRangeMeasures({ ...none, glucose: 60, glucoseContext: 'random' })).toEqual([
      'glucose',
    ]);
  });
});

describe('reading validation', () => {
  const now = Date.parse('2026-06-15T10:00:00Z');
  it('needs at least one measure and both blood pressure values', () => {
    expect(validateReading({ takenAt: now }, { now })).toEqual([
      { field: 'measures', code: 'atLeastOneMeasure' },
    ]);
    expect(validateReading({ takenAt: now, systolic: 120 }, { now })).toEqual([
      { field: 'diastolic', code: 'bothBloodPressureValues' },
    ]);
  });

  it('accepts a reading up to five minutes ahead of the clock, not more', () => {
    expect(validateReading({ takenAt: now + 4 * 60_000, spo2: 97 }, { now })).toEqual([]);
    expect(validateReading({ takenAt: now + 6 * 60_000, spo2: 97 }, { now })).toEqual([
      { field: 'takenAt', code: 'inFuture' },
    ]);
  });

  it('refuses non-numbers', () => {
    expect(validateReading({ takenAt: now, heartRate: Number.NaN }, { now })).toEqual([
      { field: 'heartRate', code: 'notANumber' },
    ]);
    expect(validateReading({ takenAt: Number.NaN, heartRate: 60 }, { now })).toEqual([
      { field: 'takenAt', code: 'invalidDate' },
    ]);
  });
});

describe('synced table rules', () => {
  it('keeps a patient record in its own patient’s scope', async () => {
    const { checkRecord } = await import('@shared/domain/tables');
    const patient = {
      givenName: 'A',
      familyName: 'B',
      dateOfBirth: '1980-01-01',
      sex: 'female',
      mrn: null,
      phone: null,
      email: null,
      notes: '',
      archived: false,
      relationship: null,
      createdAt: 1,
    };
    const id = '0190a000-0000-7000-8000-000000000001';
    expect(checkRecord('patients', patient, Date.now(), { id, patientId: id })).toBeNull();
    expect(
      checkRecord('patients', patient, Date.now(), {
        id,
        patientId: '0190a000-0000-7000-8000-000000000002',
      }),
    ).toBe('patientId: must be the record id');
  });
});
