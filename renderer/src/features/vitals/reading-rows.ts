import { outOfRangeMeasures } from '@shared/domain/classify';
import type { Measure, ReadingStatus } from '@shared/domain/measures';
import { MEASURES } from '@shared/domain/measures';
import type { ReadingRecord } from '../../db/types';
import type { ChartMeasure } from './charts/chart-measures';
import { seriesMeasures } from './charts/chart-measures';

/**
 * A reading as the table keeps it: a few numbers instead of the whole record, so a patient's
 * hundred thousand readings stay in memory comfortably. Values are canonical.
 */
export interface ReadingRow {
  id: string;
  takenAt: number;
  status: ReadingStatus;
  values: Partial<Record<Measure, number>>;
  outOfRange: boolean;
  corrected: boolean;
  enteredBy: string;
}

export function toRow(reading: ReadingRecord): ReadingRow {
  const values: Partial<Record<Measure, number>> = {};
  for (const measure of MEASURES) {
    const value = reading[measure];
    if (value !== null) values[measure] = value;
  }
  return {
    id: reading.id,
    takenAt: reading.takenAt,
    status: reading.status,
    values,
    outOfRange: outOfRangeMeasures(reading).length > 0,
    corrected: reading.supersedes !== null,
    enteredBy: reading.enteredBy,
  };
}

export type SortOrder = 'newest' | 'oldest' | 'highest';

export interface RowFilter {
  measure: ChartMeasure | 'all';
  outOfRangeOnly: boolean;
  includeWithdrawn: boolean;
  sort: SortOrder;
}

/** Filters and sorts the rows (they arrive newest first). */
export function applyFilter(rows: readonly ReadingRow[], filter: RowFilter): ReadingRow[] {
  const parts = filter.measure === 'all' ? [] : seriesMeasures(filter.measure);
  const kept = rows.filter(
    (row) =>
      (filter.includeWithdrawn || row.status === 'active') &&
      (!filter.outOfRangeOnly || row.outOfRange) &&
      parts.every((part) => row.values[part] !== undefined),
  );
  if (filter.sort === 'oldest') return kept.reverse();
  if (filter.sort === 'highest' && parts[0]) {
    const key = parts[0];
    return kept.sort(
      (a, b) => (b.values[key] ?? 0) - (a.values[key] ?? 0) || b.takenAt - a.takenAt,
    );
  }
  return kept;
}
