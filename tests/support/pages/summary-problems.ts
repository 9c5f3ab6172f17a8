import { localDay } from '@shared/domain/dates';
import { MEASURES } from '@shared/domain/measures';
import {
  addToLatest,
  addToSummary,
  emptySummary,
  isActive,
} from '../../../renderer/src/db/summaries';
import type { DailySummary, LatestByMeasure, ReadingRecord } from '../../../renderer/src/db/types';

/** Daily summaries that disagree with a recount of the active readings. */
export function summaryProblems(
  readings: readonly ReadingRecord[],
  stored: readonly DailySummary[],
): string[] {
  const recounted = recount(
    readings,
    (reading) => `${reading.patientId}|${localDay(reading.takenAt)}`,
    (reading) => emptySummary(reading.patientId, localDay(reading.takenAt)),
    addToSummary,
  );
  const problems: string[] = [];
  for (const summary of stored) {
    const key = `${summary.patientId}|${summary.day}`;
    const expected = recounted.get(key);
    recounted.delete(key);
    if (!expected) problems.push(`summary ${key} has no active readings`);
    else if (!sameSummary(summary, expected))
      problems.push(`summary ${key} differs from a recount of its readings`);
  }
  for (const key of recounted.keys()) problems.push(`summary ${key} is missing`);
  return problems;
}

/** Latest values that are not the newest active value of their measure. */
export function latestProblems(
  readings: readonly ReadingRecord[],
  stored: readonly LatestByMeasure[],
): string[] {
  const recounted = recount(
    readings,
    (reading) => reading.patientId,
    (reading): LatestByMeasure => ({
      patientId: reading.patientId,
      measures: {},
      glucoseContext: null,
    }),
    addToLatest,
  );
  const problems: string[] = [];
  for (const row of stored) {
    const expected = recounted.get(row.patientId)?.measures ?? {};
    for (const measure of MEASURES)
      if (row.measures[measure]?.readingId !== expected[measure]?.readingId)
        problems.push(`latest ${measure} of ${row.patientId} is not the newest active reading`);
    recounted.delete(row.patientId);
  }
  for (const patientId of recounted.keys()) problems.push(`latest values of ${patientId} missing`);
  return problems;
}

/** Folds the active readings, oldest first, into one value per key, as writes would have. */
function recount<T>(
  readings: readonly ReadingRecord[],
  keyOf: (reading: ReadingRecord) => string,
  create: (reading: ReadingRecord) => T,
  add: (into: T, reading: ReadingRecord) => void,
): Map<string, T> {
  const folded = new Map<string, T>();
  for (const reading of readings.filter(isActive).sort((a, b) => a.takenAt - b.takenAt)) {
    const key = keyOf(reading);
    let value = folded.get(key);
    if (value === undefined) folded.set(key, (value = create(reading)));
    add(value, reading);
  }
  return folded;
}

/** Counts exactly; sums to within rounding, since they were added up in another order. */
function sameSummary(a: DailySummary, b: DailySummary): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  const counts = (s: DailySummary) =>
    [
      s.count,
      s.outOfRange,
      s.glucoseBelow,
      s.glucoseInTarget,
      s.glucoseAbove,
      s.bpMorning.n,
      s.bpEvening.n,
    ].join();
  if (counts(a) !== counts(b)) return false;
  for (const part of ['bpMorning', 'bpEvening'] as const)
    if (!close(a[part].systolic, b[part].systolic) || !close(a[part].diastolic, b[part].diastolic))
      return false;
  for (const measure of MEASURES) {
    const x = a.measures[measure];
    const y = b.measures[measure];
    if (!x || !y) {
      if (x !== y) return false;
      continue;
    }
    if (x.n !== y.n || x.min !== y.min || x.max !== y.max || !close(x.sum, y.sum)) return false;
  }
  return true;
}
