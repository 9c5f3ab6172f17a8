import { numberFormat } from './intl-cache';

/** A percentage (0–100) in the user's locale: "93 %" in Spanish, "93%" in English. */
export function formatPercent(
  value: number | null | undefined,
  locale: string,
  digits = 0,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format(value / 100);
}

/** A plain number in the user's locale. */
export function formatNumber(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A duration in the largest fitting unit: "5 min", "30 s", "2 h". */
export function formatDuration(ms: number, locale: string): string {
  const units = [
    { unit: 'day', ms: 86_400_000 },
    { unit: 'hour', ms: 3_600_000 },
    { unit: 'minute', ms: 60_000 },
    { unit: 'second', ms: 1000 },
  ] as const;
  const fit = units.find((entry) => ms >= entry.ms && ms % entry.ms === 0) ?? units[3];
  return numberFormat(locale, {
    style: 'unit',
    unit: fit.unit,
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(ms / fit.ms);
}
