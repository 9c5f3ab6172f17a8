import { localDay, startOfLocalDay } from '@shared/domain/dates';
import { MEASURES } from '@shared/domain/measures';
import type { HealthDeskDb } from '../../../renderer/src/db/database';
import type { PatientDashboard } from '../../../renderer/src/db/repositories/dashboard';
import { WINDOWS, dailySeries, windowStats } from '../../../renderer/src/db/repositories/dashboard';
import { readingsBetween } from '../../../renderer/src/db/repositories/readings';
import {
  addToLatest,
  addToSummary,
  emptySummary,
  isActive,
} from '../../../renderer/src/db/summaries';
import type { DailySummary, LatestByMeasure } from '../../../renderer/src/db/types';

/**
 * The dashboard benchmark's baseline: the same figures as `patientDashboard()`, computed from the
 * patient's raw readings of the last 90 days, which is what the daily summaries spare us.
 */
export async function dashboardFromReadings(
  db: HealthDeskDb,
  patientId: string,
  now: number,
): Promise<PatientDashboard> {
  const readings = await readingsBetween(
    db,
    patientId,
    startOfLocalDay(now, 89),
    Number.MAX_SAFE_INTEGER,
  );
  const days = new Map<string, DailySummary>();
  const latest: LatestByMeasure = { patientId, measures: {}, glucoseContext: null };
  for (const reading of readings) {
    if (!isActive(reading)) continue;
    const day = localDay(reading.takenAt);
    let summary = days.get(day);
    if (!summary) days.set(day, (summary = emptySummary(patientId, day)));
    addToSummary(summary, reading);
    addToLatest(latest, reading);
  }
  const summaries = [...days.values()];
  const windows = Object.fromEntries(
    WINDOWS.map((window) => [window, windowStats(summaries, window, now)]),
  ) as PatientDashboard['windows'];
  return {
    latest,
    windows,
    series: dailySeries(summaries),
    readingsToday: days.get(localDay(now))?.count ?? 0,
  };
}

/** What must agree between the dashboard and its baseline: counts, averages, latest values. */
export function dashboardFingerprint(dashboard: PatientDashboard): string {
  const parts: string[] = [];
  for (const window of WINDOWS) {
    for (const [measure, stats] of Object.entries(dashboard.windows[window].measures))
      parts.push(`${window}:${measure}:${stats.count}:${stats.average.toFixed(4)}:${stats.max}`);
    parts.push(`${window}:glucose:${dashboard.windows[window].glucose?.count ?? 0}`);
  }
  for (const measure of MEASURES)
    parts.push(`latest:${measure}:${dashboard.latest.measures[measure]?.readingId ?? ''}`);
  for (const [measure, points] of Object.entries(dashboard.series))
    parts.push(`series:${measure}:${points.length}`);
  return parts.join('|');
}
