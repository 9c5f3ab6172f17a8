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
  const recounted = new Map<string, DailySummary>();
  for (const reading of activeOldestFirst(readings)) {
    const day = localDay(reading.takenAt);
    const key = `${reading.patientId}|${day}`;
    let summary = recounted.get(key);
    if (!summary) recounted.set(key, (summary = emptySummary(reading.patientId, day)));
    addToSummary(summary, reading);
  }
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
  const recounted = new Map<string, LatestByMeasure>();
  for (const reading of activeOldestFirst(readings)) {
    let latest = recounted.get(reading.patientId);
    if (!latest)
      recounted.set(
        reading.patientId,
        (latest = { patientId: reading.patientId, measures: {}, glucoseContext: null }),
      );
    addToLatest(latest, reading);
  }
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

function activeOldestFirst(readings: readonly ReadingRecord[]): ReadingRecord[] {
  return readings.filter(isActive).sort((a, b) => a.takenAt - b.takenAt);
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
