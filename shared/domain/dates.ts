/** Local calendar dates as YYYY-MM-DD, the key of daily summaries. */
export function localDay(time: number): string {
  const date = new Date(time);
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** Local midnight at the start of the day `days` before the day of `time` (0 = that day). */
export function startOfLocalDay(time: number, daysBefore = 0): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() - daysBefore);
  return date.getTime();
}

export const DAY_MS = 86_400_000;
