import { numberFormat } from './intl-cache';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** A byte count as a value and a unit in powers of 1024, as operating systems show them. */
function scale(bytes: number): { value: number; unit: (typeof UNITS)[number]; digits: number } {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value, unit: UNITS[unit] ?? 'byte', digits: value >= 100 || unit === 0 ? 0 : 1 };
}

/** Sizes in the user's locale, in powers of 1024 as operating systems show memory and disks. */
export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const { value, unit, digits } = scale(bytes);
  return numberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(value);
}

/** Throughput (network, disk) in the user's locale: "1.5 MB/s". */
export function formatByteRate(bytesPerSecond: number, locale: string): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  const { value, unit, digits } = scale(bytesPerSecond);
  return numberFormat(locale, {
    style: 'unit',
    unit: `${unit}-per-second`,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(value);
}
