/**
 * Unit conversion. Values are stored in canonical units (glucose mg/dL, temperature °C, weight
 * kg) and shown in the user's; guideline thresholds go through the same functions as values, so
 * a band and a reading can never disagree about where a line is.
 */
export type GlucoseUnit = 'mg/dL' | 'mmol/L';
export type TemperatureUnit = '°C' | '°F';
export type WeightUnit = 'kg' | 'lb';

export interface UnitPreferences {
  glucose: GlucoseUnit;
  temperature: TemperatureUnit;
  weight: WeightUnit;
}

export const CANONICAL_UNITS: UnitPreferences = {
  glucose: 'mg/dL',
  temperature: '°C',
  weight: 'kg',
};

/** mg/dL per mmol/L for glucose (molar mass 180.16 g/mol). */
export const MG_DL_PER_MMOL_L = 18.016;
export const LB_PER_KG = 2.20462262;

export type ConvertibleMeasure = 'glucose' | 'temperature' | 'weight';

export function toDisplay(
  measure: ConvertibleMeasure,
  canonical: number,
  units: UnitPreferences,
): number {
  switch (measure) {
    case 'glucose':
      return units.glucose === 'mmol/L' ? canonical / MG_DL_PER_MMOL_L : canonical;
    case 'temperature':
      return units.temperature === '°F' ? (canonical * 9) / 5 + 32 : canonical;
    case 'weight':
      return units.weight === 'lb' ? canonical * LB_PER_KG : canonical;
  }
}

export function toCanonical(
  measure: ConvertibleMeasure,
  display: number,
  units: UnitPreferences,
): number {
  switch (measure) {
    case 'glucose':
      return units.glucose === 'mmol/L' ? display * MG_DL_PER_MMOL_L : display;
    case 'temperature':
      return units.temperature === '°F' ? ((display - 32) * 5) / 9 : display;
    case 'weight':
      return units.weight === 'lb' ? display / LB_PER_KG : display;
  }
}

export function unitOf(measure: ConvertibleMeasure, units: UnitPreferences): string {
  return units[measure];
}

/** Decimals a value is shown (and entered) with in a unit. */
export function displayDecimals(measure: ConvertibleMeasure, units: UnitPreferences): number {
  switch (measure) {
    case 'glucose':
      return units.glucose === 'mmol/L' ? 1 : 0;
    case 'temperature':
      return 1;
    case 'weight':
      return 1;
  }
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
