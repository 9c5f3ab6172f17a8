import type { Measure } from '@shared/domain/measures';
import type { ConvertibleMeasure, UnitPreferences } from '@shared/domain/units';
import { displayDecimals, roundTo, toDisplay } from '@shared/domain/units';

/** What a trend chart shows: one measure, or systolic and diastolic pressure together. */
export const CHART_MEASURES = [
  'bloodPressure',
  'heartRate',
  'glucose',
  'spo2',
  'temperature',
  'weight',
  'respiratoryRate',
] as const;
export type ChartMeasure = (typeof CHART_MEASURES)[number];

export function seriesMeasures(measure: ChartMeasure): Measure[] {
  return measure === 'bloodPressure' ? ['systolic', 'diastolic'] : [measure];
}

export function unitLabel(measure: ChartMeasure, units: UnitPreferences): string {
  switch (measure) {
    case 'bloodPressure':
      return 'mmHg';
    case 'heartRate':
    case 'respiratoryRate':
      return '/min';
    case 'spo2':
      return '%';
    case 'glucose':
    case 'temperature':
    case 'weight':
      return units[measure];
  }
}

export function isConvertible(measure: Measure): measure is ConvertibleMeasure {
  return measure === 'glucose' || measure === 'temperature' || measure === 'weight';
}

/** A canonical value in the user's units, rounded as it is shown. */
export function displayValue(measure: Measure, canonical: number, units: UnitPreferences): number {
  return isConvertible(measure)
    ? roundTo(toDisplay(measure, canonical, units), displayDecimals(measure, units))
    : canonical;
}

export function decimalsFor(measure: Measure, units: UnitPreferences): number {
  return isConvertible(measure) ? displayDecimals(measure, units) : 0;
}

export type SeriesPoint = [time: number, value: number];

/** One series per measure of the chart, in display units, from readings oldest first. */
export function toSeries(
  readings: readonly ({ takenAt: number } & Partial<Record<Measure, number | null>>)[],
  measure: ChartMeasure,
  units: UnitPreferences,
): SeriesPoint[][] {
  return seriesMeasures(measure).map((part) => {
    const points: SeriesPoint[] = [];
    for (const reading of readings) {
      const value = reading[part];
      if (value !== null && value !== undefined)
        points.push([reading.takenAt, displayValue(part, value, units)]);
    }
    return points;
  });
}
