import type { ConvertibleMeasure } from './units';

export const MEASURES = [
  'heartRate',
  'systolic',
  'diastolic',
  'glucose',
  'spo2',
  'temperature',
  'weight',
  'respiratoryRate',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface MeasureSpec {
  /** Canonical unit, as stored. */
  unit: string;
  /** Physiologically plausible range in the canonical unit: outside it, a value is a typo. */
  plausible: [number, number];
  /** Decimals kept in storage. */
  decimals: number;
  convertible?: ConvertibleMeasure;
}

export const MEASURE_SPECS: Record<Measure, MeasureSpec> = {
  heartRate: { unit: '/min', plausible: [20, 250], decimals: 0 },
  systolic: { unit: 'mmHg', plausible: [50, 300], decimals: 0 },
  diastolic: { unit: 'mmHg', plausible: [20, 200], decimals: 0 },
  glucose: { unit: 'mg/dL', plausible: [10, 1000], decimals: 1, convertible: 'glucose' },
  spo2: { unit: '%', plausible: [50, 100], decimals: 0 },
  temperature: { unit: '°C', plausible: [30, 45], decimals: 2, convertible: 'temperature' },
  weight: { unit: 'kg', plausible: [0.3, 400], decimals: 2, convertible: 'weight' },
  respiratoryRate: { unit: '/min', plausible: [4, 80], decimals: 0 },
};

export const BP_ARMS = ['left', 'right'] as const;
export const BP_POSITIONS = ['sitting', 'standing', 'lying'] as const;
export const GLUCOSE_CONTEXTS = ['fasting', 'before-meal', 'after-meal', 'random'] as const;
export const READING_SOURCES = ['manual', 'import', 'device'] as const;
export const READING_STATUSES = ['active', 'superseded', 'entered-in-error'] as const;

export type BpArm = (typeof BP_ARMS)[number];
export type BpPosition = (typeof BP_POSITIONS)[number];
export type GlucoseContext = (typeof GLUCOSE_CONTEXTS)[number];
export type ReadingSource = (typeof READING_SOURCES)[number];
export type ReadingStatus = (typeof READING_STATUSES)[number];
