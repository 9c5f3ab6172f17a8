import type { Measure } from '@shared/domain/measures';
import type { UnitPreferences } from '@shared/domain/units';
import { decimalsFor, displayValue } from '../features/vitals/charts/chart-measures';
import { dateTimeFormat, numberFormat } from './intl-cache';

export function measureUnit(measure: Measure, units: UnitPreferences): string {
  switch (measure) {
    case 'heartRate':
    case 'respiratoryRate':
      return '/min';
    case 'systolic':
    case 'diastolic':
      return 'mmHg';
    case 'spo2':
      return '%';
    case 'glucose':
    case 'temperature':
    case 'weight':
      return units[measure];
  }
}

/** A stored value as the user reads it: converted, rounded and formatted for their locale. */
export function formatNumber(
  measure: Measure,
  canonical: number,
  units: UnitPreferences,
  locale: string,
): string {
  const decimals = decimalsFor(measure, units);
  // Cached (see intl-cache): a table row formats about ten values, thirty rows a frame.
  return numberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(displayValue(measure, canonical, units));
}

export function formatMeasure(
  measure: Measure,
  canonical: number,
  units: UnitPreferences,
  locale: string,
): string {
  return `${formatNumber(measure, canonical, units, locale)} ${measureUnit(measure, units)}`;
}

export function formatDateTime(time: number, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

export function formatShortDateTime(time: number, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(time);
}

export function formatDate(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${isoDate}T00:00:00Z`),
  );
}

/** Whole years between a date of birth and now. */
export function ageOn(dateOfBirth: string, now: number): number {
  const birth = new Date(`${dateOfBirth}T00:00:00`);
  const today = new Date(now);
  let age = today.getFullYear() - birth.getFullYear();
  if (
    today.getMonth() < birth.getMonth() ||
    (today.getMonth() === birth.getMonth() && today.getDate() < birth.getDate())
  )
    age--;
  return age;
}

/** "5 minutes ago", "yesterday" in the user's language. */
export function formatRelative(time: number, now: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), 'day');
  if (abs < 365 * 86_400) return format.format(Math.round(seconds / (30 * 86_400)), 'month');
  return format.format(Math.round(seconds / (365 * 86_400)), 'year');
}
