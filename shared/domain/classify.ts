import type { GlucoseContext, Measure } from './measures';

/** Blood pressure categories of the 2017 ACC/AHA guideline, from best to worst. */
export const BP_CATEGORIES = ['normal', 'elevated', 'stage1', 'stage2', 'crisis'] as const;
export type BpCategory = (typeof BP_CATEGORIES)[number];

/**
 * ACC/AHA 2017: the higher category wins when systolic and diastolic disagree.
 * Crisis: systolic > 180 and/or diastolic > 120.
 */
export function bpCategory(systolic: number, diastolic: number): BpCategory {
  if (systolic > 180 || diastolic > 120) return 'crisis';
  if (systolic >= 140 || diastolic >= 90) return 'stage2';
  if (systolic >= 130 || diastolic >= 80) return 'stage1';
  if (systolic >= 120) return 'elevated';
  return 'normal';
}

export const GLUCOSE_RANGES = ['veryLow', 'low', 'normal', 'elevated', 'high'] as const;
export type GlucoseRange = (typeof GLUCOSE_RANGES)[number];

/**
 * Glucose bands in mg/dL (ADA Standards of Care): below 54 is level-2 hypoglycaemia, below 70
 * level 1. Fasting and before meals: normal below 100, 100–125 elevated, 126 and above high.
 * After meals and at random: normal below 140, 140–199 elevated, 200 and above high.
 */
export function glucoseThresholds(context: GlucoseContext | null): {
  veryLow: number;
  low: number;
  elevated: number;
  high: number;
} {
  const fasting = context === 'fasting' || context === 'before-meal';
  return fasting
    ? { veryLow: 54, low: 70, elevated: 100, high: 126 }
    : { veryLow: 54, low: 70, elevated: 140, high: 200 };
}

export function glucoseRange(mgdl: number, context: GlucoseContext | null): GlucoseRange {
  const t = glucoseThresholds(context);
  if (mgdl < t.veryLow) return 'veryLow';
  if (mgdl < t.low) return 'low';
  if (mgdl < t.elevated) return 'normal';
  if (mgdl < t.high) return 'elevated';
  return 'high';
}

/** The consensus target range for time-in-range, 70–180 mg/dL. */
export const GLUCOSE_TARGET: [number, number] = [70, 180];

export function isGlucoseInTarget(mgdl: number): boolean {
  return mgdl >= GLUCOSE_TARGET[0] && mgdl <= GLUCOSE_TARGET[1];
}

/**
 * Adult resting reference ranges, in canonical units; a value outside is "out of range" on
 * dashboards. Blood pressure is judged by its category instead (stage 2 or worse, or low).
 */
export const REFERENCE_RANGES: Partial<Record<Measure, [number, number]>> = {
  heartRate: [60, 100],
  spo2: [95, 100],
  temperature: [35, 37.9],
  respiratoryRate: [12, 20],
};

export interface ReadingValues {
  heartRate: number | null;
  systolic: number | null;
  diastolic: number | null;
  glucose: number | null;
  glucoseContext: GlucoseContext | null;
  spo2: number | null;
  temperature: number | null;
  respiratoryRate: number | null;
}

/** The measures of a reading that are out of range, for flags and the clinic dashboard. */
export function outOfRangeMeasures(reading: ReadingValues): Measure[] {
  const out: Measure[] = [];
  if (reading.systolic !== null && reading.diastolic !== null) {
    const category = bpCategory(reading.systolic, reading.diastolic);
    if (
      category === 'stage2' ||
      category === 'crisis' ||
      reading.systolic < 90 ||
      reading.diastolic < 60
    ) {
      out.push('systolic', 'diastolic');
    }
  }
  if (reading.glucose !== null) {
    const range = glucoseRange(reading.glucose, reading.glucoseContext);
    if (range !== 'normal' && range !== 'elevated') out.push('glucose');
  }
  for (const measure of ['heartRate', 'spo2', 'temperature', 'respiratoryRate'] as const) {
    const value = reading[measure];
    const range = REFERENCE_RANGES[measure];
    if (value !== null && range && (value < range[0] || value > range[1])) out.push(measure);
  }
  return out;
}
