import { DAY_MS, localDay, startOfLocalDay } from '@shared/domain/dates';
import type { Measure } from '@shared/domain/measures';
import { MEASURES } from '@shared/domain/measures';
import type { HealthDeskDb } from '../database';
import { dailySummaries } from '../summaries';
import type { DailySummary, LatestByMeasure, PatientRecord } from '../types';

export const WINDOWS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];

export interface WindowStats {
  days: WindowDays;
  measures: Partial<Record<Measure, { average: number; min: number; max: number; count: number }>>;
  bpMorning: { systolic: number; diastolic: number; count: number } | null;
  bpEvening: { systolic: number; diastolic: number; count: number } | null;
  /** Share of glucose readings within 70–180 mg/dL, below and above it (0–1). */
  glucose: { inTarget: number; below: number; above: number; count: number } | null;
}

export interface DailyPoint {
  day: string;
  average: number;
  min: number;
  max: number;
}

export interface PatientDashboard {
  latest: LatestByMeasure;
  windows: Record<WindowDays, WindowStats>;
  /** Daily averages with their range over the last 90 days, per measure. */
  series: Partial<Record<Measure, DailyPoint[]>>;
  readingsToday: number;
}

/** Statistics over the summaries of the last `days` local days, today included. */
export function windowStats(
  summaries: readonly DailySummary[],
  days: WindowDays,
  now: number,
): WindowStats {
  const firstDay = localDay(startOfLocalDay(now, days - 1));
  const inWindow = summaries.filter((summary) => summary.day >= firstDay);
  const measures: WindowStats['measures'] = {};
  for (const measure of MEASURES) {
    let n = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const summary of inWindow) {
      const stats = summary.measures[measure];
      if (!stats) continue;
      n += stats.n;
      sum += stats.sum;
      min = Math.min(min, stats.min);
      max = Math.max(max, stats.max);
    }
    if (n > 0) measures[measure] = { average: sum / n, min, max, count: n };
  }
  const bp = (part: 'bpMorning' | 'bpEvening') => {
    let n = 0;
    let systolic = 0;
    let diastolic = 0;
    for (const summary of inWindow) {
      n += summary[part].n;
      systolic += summary[part].systolic;
      diastolic += summary[part].diastolic;
    }
    return n > 0 ? { systolic: systolic / n, diastolic: diastolic / n, count: n } : null;
  };
  let below = 0;
  let inTarget = 0;
  let above = 0;
  for (const summary of inWindow) {
    below += summary.glucoseBelow;
    inTarget += summary.glucoseInTarget;
    above += summary.glucoseAbove;
  }
  const glucoseCount = below + inTarget + above;
  return {
    days,
    measures,
    bpMorning: bp('bpMorning'),
    bpEvening: bp('bpEvening'),
    glucose:
      glucoseCount > 0
        ? {
            inTarget: inTarget / glucoseCount,
            below: below / glucoseCount,
            above: above / glucoseCount,
            count: glucoseCount,
          }
        : null,
  };
}

export function dailySeries(summaries: readonly DailySummary[]): PatientDashboard['series'] {
  const series: PatientDashboard['series'] = {};
  for (const measure of MEASURES) {
    const points: DailyPoint[] = [];
    for (const summary of summaries) {
      const stats = summary.measures[measure];
      if (stats)
        points.push({
          day: summary.day,
          average: stats.sum / stats.n,
          min: stats.min,
          max: stats.max,
        });
    }
    if (points.length > 0) series[measure] = points;
  }
  return series;
}

/**
 * Everything a patient's dashboard shows, from at most four monthly records and one latest row:
 * its cost does not grow with the number of readings.
 */
export async function patientDashboard(
  db: HealthDeskDb,
  patientId: string,
  now: number,
): Promise<PatientDashboard> {
  const firstDay = localDay(startOfLocalDay(now, 89));
  const today = localDay(now);
  const [latest, summaries] = await Promise.all([
    db.vitalsLatest.get(patientId),
    dailySummaries(db, patientId, firstDay, today),
  ]);
  return {
    latest: latest ?? { patientId, measures: {}, glucoseContext: null },
    windows: {
      7: windowStats(summaries, 7, now),
      30: windowStats(summaries, 30, now),
      90: windowStats(summaries, 90, now),
    },
    series: dailySeries(summaries),
    readingsToday: summaries.find((summary) => summary.day === today)?.count ?? 0,
  };
}

export interface ClinicToday {
  readingsToday: number;
  patientsSeenToday: number;
  outOfRange: { patient: PatientRecord; readings: number }[];
}

/** The clinic's day: readings taken today and the patients with out-of-range readings. */
export async function clinicToday(db: HealthDeskDb, now: number): Promise<ClinicToday> {
  const day = await db.clinicDays.get(localDay(now));
  const seen = Object.entries(day?.patients ?? {});
  const flagged = seen.filter(([, counts]) => counts.outOfRange > 0);
  const patients = await db.patients.bulkGet(flagged.map(([patientId]) => patientId));
  return {
    readingsToday: seen.reduce((sum, [, counts]) => sum + counts.count, 0),
    patientsSeenToday: seen.length,
    outOfRange: flagged
      .map(([, counts], index) => ({ patient: patients[index], readings: counts.outOfRange }))
      .filter(
        (entry): entry is { patient: PatientRecord; readings: number } =>
          !!entry.patient && !entry.patient.archived,
      )
      .sort((a, b) => b.readings - a.readings),
  };
}

export { DAY_MS };
