import type { TimeColumns } from './time-series-option';

/**
 * Figures of time-stamped items (samples, history buckets) as columns over their times. Where
 * items are missing (more than `gapAfterMs` between two) a row of nulls is inserted one step
 * after the last item, so the lines break instead of bridging the hole.
 */
export function timeColumns<T>(
  items: readonly T[],
  timeOf: (item: T) => number,
  values: readonly ((item: T) => number | null | undefined)[],
  stepMs: number,
  gapAfterMs = stepMs,
): TimeColumns {
  const times: number[] = [];
  const columns: (number | null)[][] = values.map(() => []);
  let previous: number | null = null;
  for (const item of items) {
    const t = timeOf(item);
    if (previous !== null && t - previous > gapAfterMs) {
      times.push(previous + stepMs);
      for (const column of columns) column.push(null);
    }
    times.push(t);
    values.forEach((value, index) => columns[index]?.push(value(item) ?? null));
    previous = t;
  }
  return { times, columns };
}
