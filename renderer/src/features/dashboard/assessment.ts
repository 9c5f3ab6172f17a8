import type { BpCategory, GlucoseRange } from '@shared/domain/classify';
import { REFERENCE_RANGES, bpCategory, glucoseRange } from '@shared/domain/classify';
import type { GlucoseContext, Measure } from '@shared/domain/measures';

export type Level = 'ok' | 'caution' | 'warning' | 'danger';

/** What a value means, as an i18n key and a level; the level's colour is never shown alone. */
export interface Assessment {
  key: string;
  level: Level;
}

const BP_LEVEL: Record<BpCategory, Level> = {
  normal: 'ok',
  elevated: 'caution',
  stage1: 'warning',
  stage2: 'danger',
  crisis: 'danger',
};
const GLUCOSE_LEVEL: Record<GlucoseRange, Level> = {
  veryLow: 'danger',
  low: 'warning',
  normal: 'ok',
  elevated: 'caution',
  high: 'danger',
};

export function assessBloodPressure(systolic: number, diastolic: number): Assessment {
  const category = bpCategory(systolic, diastolic);
  return { key: `categories.bp.${category}`, level: BP_LEVEL[category] };
}

export function assessGlucose(mgdl: number, context: GlucoseContext | null): Assessment {
  const range = glucoseRange(mgdl, context);
  return { key: `categories.glucose.${range}`, level: GLUCOSE_LEVEL[range] };
}

export function assessMeasure(measure: Measure, value: number): Assessment | null {
  const range = REFERENCE_RANGES[measure];
  if (!range) return null;
  return value < range[0] || value > range[1]
    ? { key: 'categories.outOfRange', level: 'warning' }
    : { key: 'categories.inRange', level: 'ok' };
}
