import type { UnitPreferences } from '@shared/domain/units';
import { toDisplay } from '@shared/domain/units';
import { GLUCOSE_TARGET, REFERENCE_RANGES } from '@shared/domain/classify';
import type { ChartMeasure } from './chart-measures';

export type BandLevel = 'ok' | 'caution' | 'warning' | 'danger';

export interface Band {
  /** i18n key under vitals.bands */
  label: string;
  level: BandLevel;
  from: number | null;
  to: number | null;
}

/**
 * Guideline bands drawn behind a trend, in canonical units and converted with the same code as
 * the values: ACC/AHA 2017 categories for systolic pressure, the 70–180 mg/dL glucose target,
 * and the adult reference ranges used for out-of-range flags.
 */
export function bandsFor(measure: ChartMeasure, units: UnitPreferences): Band[] {
  switch (measure) {
    case 'bloodPressure':
      return [
        { label: 'normal', level: 'ok', from: null, to: 120 },
        { label: 'elevated', level: 'caution', from: 120, to: 130 },
        { label: 'stage1', level: 'warning', from: 130, to: 140 },
        { label: 'stage2', level: 'danger', from: 140, to: 180 },
        { label: 'crisis', level: 'danger', from: 180, to: null },
      ];
    case 'glucose': {
      const g = (value: number) => toDisplay('glucose', value, units);
      return [
        { label: 'veryLow', level: 'danger', from: null, to: g(54) },
        { label: 'low', level: 'warning', from: g(54), to: g(GLUCOSE_TARGET[0]) },
        { label: 'target', level: 'ok', from: g(GLUCOSE_TARGET[0]), to: g(GLUCOSE_TARGET[1]) },
        { label: 'high', level: 'caution', from: g(GLUCOSE_TARGET[1]), to: g(250) },
        { label: 'veryHigh', level: 'warning', from: g(250), to: null },
      ];
    }
    case 'temperature': {
      const c = (value: number) => toDisplay('temperature', value, units);
      return [
        { label: 'low', level: 'warning', from: null, to: c(35) },
        { label: 'normal', level: 'ok', from: c(35), to: c(38) },
        { label: 'fever', level: 'danger', from: c(38), to: null },
      ];
    }
    case 'spo2':
      return [
        { label: 'veryLow', level: 'danger', from: null, to: 90 },
        { label: 'low', level: 'warning', from: 90, to: 95 },
        { label: 'normal', level: 'ok', from: 95, to: null },
      ];
    case 'heartRate':
    case 'respiratoryRate': {
      const [low, high] = REFERENCE_RANGES[measure] ?? [0, 0];
      return [
        { label: 'low', level: 'caution', from: null, to: low },
        { label: 'normal', level: 'ok', from: low, to: high },
        { label: 'high', level: 'caution', from: high, to: null },
      ];
    }
    case 'weight':
      return [];
  }
}
