import { GLUCOSE_TARGET, outOfRangeMeasures } from '@shared/domain/classify';
import { DAY_MS, localDay, startOfLocalDay } from '@shared/domain/dates';
import { MEASURES } from '@shared/domain/measures';
import type { Measure } from '@shared/domain/measures';
import type { HealthDeskDb } from './database';
import type { DailySummary, LatestByMeasure, ReadingRecord } from './types';

/** A reading counts in summaries while it is active: not corrected, not entered in error. */
export function isActive(reading: ReadingRecord | null | undefined): reading is ReadingRecord {
  return !!reading && reading.status === 'active' && reading._deleted !== true;
}

export function emptySummary(patientId: string, day: string): DailySummary {
  return {
    patientId,
    day,
    count: 0,
    outOfRange: 0,
    measures: {},
    bpMorning: { n: 0, systolic: 0, diastolic: 0 },
    bpEvening: { n: 0, systolic: 0, diastolic: 0 },
    glucoseBelow: 0,
    glucoseInTarget: 0,
    glucoseAbove: 0,
  };
}

/** Morning readings are taken 04:00–11:59 and evening ones 17:00–23:59, local time. */
export function partOfDay(takenAt: number): 'morning' | 'evening' | null {
  const hour = new Date(takenAt).getHours();
  if (hour >= 4 && hour < 12) return 'morning';
  if (hour >= 17) return 'evening';
  return null;
}

export function addToSummary(summary: DailySummary, reading: ReadingRecord): void {
  summary.count++;
  if (outOfRangeMeasures(reading).length > 0) summary.outOfRange++;
  for (const measure of MEASURES) {
    const value = reading[measure];
    // A record pulled from a newer or older app may lack a field altogether.
    if (typeof value !== 'number') continue;
    const stats = summary.measures[measure];
    if (stats) {
      stats.n++;
      stats.sum += value;
      if (value < stats.min) stats.min = value;
      if (value > stats.max) stats.max = value;
    } else {
      summary.measures[measure] = { n: 1, sum: value, min: value, max: value };
    }
  }
  if (typeof reading.systolic === 'number' && typeof reading.diastolic === 'number') {
    const part = partOfDay(reading.takenAt);
    const bucket =
      part === 'morning' ? summary.bpMorning : part === 'evening' ? summary.bpEvening : null;
    if (bucket) {
      bucket.n++;
      bucket.systolic += reading.systolic;
      bucket.diastolic += reading.diastolic;
    }
  }
  if (typeof reading.glucose === 'number') {
    if (reading.glucose < GLUCOSE_TARGET[0]) summary.glucoseBelow++;
    else if (reading.glucose > GLUCOSE_TARGET[1]) summary.glucoseAbove++;
    else summary.glucoseInTarget++;
  }
}

export function addToLatest(latest: LatestByMeasure, reading: ReadingRecord): void {
  for (const measure of MEASURES) {
    const value = reading[measure];
    if (typeof value !== 'number') continue;
    const current = latest.measures[measure];
    if (
      !current ||
      reading.takenAt > current.takenAt ||
      (reading.takenAt === current.takenAt && reading.id > current.readingId)
    ) {
      latest.measures[measure] = { value, takenAt: reading.takenAt, readingId: reading.id };
      if (measure === 'glucose') latest.glucoseContext = reading.glucoseContext;
    }
  }
}

export interface ReadingChange {
  before: ReadingRecord | null;
  after: ReadingRecord | null;
}

/**
 * Keeps the daily summaries and latest values in step with readings, inside the transaction that
 * wrote them (it must hold vitals, vitalsDaily and vitalsLatest). Additions are counted in;
 * a day that lost a reading is recounted from its readings, since a minimum or maximum cannot
 * be taken back out.
 */
export async function updateSummaries(
  db: HealthDeskDb,
  changes: readonly ReadingChange[],
): Promise<void> {
  const additions = new Map<string, ReadingRecord[]>();
  const addedByPatient = new Map<string, ReadingRecord[]>();
  const recount = new Map<string, { patientId: string; day: string; takenAt: number }>();
  const patients = new Set<string>();
  const lostLatest = new Map<string, Set<string>>();

  for (const { before, after } of changes) {
    const wasActive = isActive(before);
    const nowActive = isActive(after);
    if (wasActive && !nowActive) {
      const day = localDay(before.takenAt);
      recount.set(`${before.patientId}|${day}`, {
        patientId: before.patientId,
        day,
        takenAt: before.takenAt,
      });
      patients.add(before.patientId);
      let lost = lostLatest.get(before.patientId);
      if (!lost) lostLatest.set(before.patientId, (lost = new Set()));
      lost.add(before.id);
    } else if (!wasActive && nowActive) {
      const key = `${after.patientId}|${localDay(after.takenAt)}`;
      const list = additions.get(key);
      if (list) list.push(after);
      else additions.set(key, [after]);
      const forPatient = addedByPatient.get(after.patientId);
      if (forPatient) forPatient.push(after);
      else addedByPatient.set(after.patientId, [after]);
      patients.add(after.patientId);
    }
  }
  if (patients.size === 0) return;

  const incremental = [...additions.keys()].filter((key) => !recount.has(key));
  const patientIds = [...patients];
  const [existing, latestRows] = await Promise.all([
    storedSummaries(db, incremental),
    db.vitalsLatest.bulkGet(patientIds),
  ]);
  const updated: DailySummary[] = incremental.map((key) => {
    const [patientId = '', day = ''] = key.split('|');
    const summary = existing.get(key) ?? emptySummary(patientId, day);
    for (const reading of additions.get(key) ?? []) addToSummary(summary, reading);
    return summary;
  });
  const emptied: [string, string][] = [];
  for (const { patientId, day, takenAt } of recount.values()) {
    const summary = await recountDay(db, patientId, day, takenAt);
    if (summary.count > 0) updated.push(summary);
    else emptied.push([patientId, day]);
  }

  const latest = latestRows.map(
    (row, index) =>
      row ?? { patientId: patientIds[index] ?? '', measures: {}, glucoseContext: null },
  );
  for (const row of latest) {
    for (const reading of addedByPatient.get(row.patientId) ?? []) addToLatest(row, reading);
    const lost = lostLatest.get(row.patientId);
    if (lost) await replaceLostLatest(db, row, lost);
  }
  await Promise.all([
    updated.length > 0 ? db.vitalsDaily.bulkPut(updated) : null,
    emptied.length > 0 ? db.vitalsDaily.bulkDelete(emptied) : null,
    db.vitalsLatest.bulkPut(latest),
  ]);
}

/** Above this many days of one patient, an import's summaries are read as one range. */
const RANGE_READ_DAYS = 8;

/**
 * The stored summaries of these `patientId|day` keys. An import touches a run of consecutive
 * days of one patient: one range read replaces a request per day (about 36 per batch of 500).
 * Days far apart are read one by one, so a range never returns many days nobody asked for.
 */
async function storedSummaries(
  db: HealthDeskDb,
  keys: readonly string[],
): Promise<Map<string, DailySummary>> {
  const daysByPatient = new Map<string, string[]>();
  for (const key of keys) {
    const [patientId = '', day = ''] = key.split('|');
    const days = daysByPatient.get(patientId);
    if (days) days.push(day);
    else daysByPatient.set(patientId, [day]);
  }
  const reads = [...daysByPatient].map(([patientId, days]) => {
    days.sort();
    const first = days[0] ?? '';
    const last = days[days.length - 1] ?? '';
    const span = (Date.parse(last) - Date.parse(first)) / DAY_MS + 1;
    if (days.length >= RANGE_READ_DAYS && span <= 2 * days.length)
      return db.vitalsDaily
        .where('[patientId+day]')
        .between([patientId, first], [patientId, last], true, true)
        .toArray();
    return db.vitalsDaily.bulkGet(days.map((day): [string, string] => [patientId, day]));
  });
  const found = new Map<string, DailySummary>();
  for (const rows of await Promise.all(reads))
    for (const row of rows) if (row) found.set(`${row.patientId}|${row.day}`, row);
  return found;
}

async function recountDay(
  db: HealthDeskDb,
  patientId: string,
  day: string,
  takenAt: number,
): Promise<DailySummary> {
  const start = startOfLocalDay(takenAt);
  const end = start + DAY_MS + 2 * 3_600_000; // days with a daylight-saving change last up to 25 h
  const readings = await db.vitals
    .where('[patientId+takenAt]')
    .between([patientId, start], [patientId, end], true, false)
    .toArray();
  const summary = emptySummary(patientId, day);
  for (const reading of readings)
    if (isActive(reading) && localDay(reading.takenAt) === day) addToSummary(summary, reading);
  return summary;
}

/** Finds the newest remaining value of every measure whose latest reading stopped counting. */
async function replaceLostLatest(
  db: HealthDeskDb,
  latest: LatestByMeasure,
  lost: Set<string>,
): Promise<void> {
  const missing = new Set<Measure>(
    MEASURES.filter((measure) => {
      const current = latest.measures[measure];
      return current !== undefined && lost.has(current.readingId);
    }),
  );
  if (missing.size === 0) return;
  latest.measures = Object.fromEntries(
    Object.entries(latest.measures).filter(([measure]) => !missing.has(measure as Measure)),
  );
  await db.vitals
    .where('[patientId+takenAt]')
    .between([latest.patientId, -Infinity], [latest.patientId, Infinity])
    .reverse()
    .until(() => missing.size === 0)
    .each((reading) => {
      if (!isActive(reading)) return;
      for (const measure of [...missing]) {
        const value = reading[measure];
        if (typeof value !== 'number') continue;
        latest.measures[measure] = { value, takenAt: reading.takenAt, readingId: reading.id };
        if (measure === 'glucose') latest.glucoseContext = reading.glucoseContext;
        missing.delete(measure);
      }
    });
}
