import { GLUCOSE_TARGET, outOfRangeMeasures } from '@shared/domain/classify';
import { DAY_MS, localDay, startOfLocalDay } from '@shared/domain/dates';
import { MEASURES } from '@shared/domain/measures';
import type { Measure } from '@shared/domain/measures';
import type { HealthDeskDb } from './database';
import { packDay, unpackDay } from './versions/v2';
import type {
  ClinicDay,
  DailySummary,
  LatestByMeasure,
  MonthSummary,
  ReadingRecord,
} from './types';

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

/** The tables a transaction writing readings must hold for their summaries to follow. */
export function readingTables(db: HealthDeskDb) {
  return [db.vitals, db.vitalsMonthly, db.vitalsLatest, db.clinicDays];
}

function monthOf(day: string): string {
  return day.slice(0, 7);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Keeps the daily summaries, the latest values and the clinic's day in step with readings,
 * inside the transaction that wrote them (it must hold `readingTables`). Additions are counted
 * in; a day that lost a reading is recounted from its readings, since a minimum or maximum
 * cannot be taken back out. `now` decides which days can still be someone's "today".
 */
export async function updateSummaries(
  db: HealthDeskDb,
  changes: readonly ReadingChange[],
  now: number,
): Promise<void> {
  await readSummaries(db, changes, now)();
}

/**
 * The first half of `updateSummaries`, for a caller with writes of its own to send: sends the
 * summaries' reads now and returns the second half, which folds the changes in and writes the
 * summaries. Requests in a transaction are answered in the order they were sent, so reads sent
 * ahead of a bulk import's writes come back at once instead of waiting for all of them, and the
 * folding runs while the storage code is still busy with the readings.
 */
export function readSummaries(
  db: HealthDeskDb,
  changes: readonly ReadingChange[],
  now: number,
): () => Promise<void> {
  const additions = new Map<string, ReadingRecord[]>();
  const addedByPatient = new Map<string, ReadingRecord[]>();
  const recount = new Map<string, { patientId: string; day: string; takenAt: number }>();
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
      let lost = lostLatest.get(before.patientId);
      if (!lost) lostLatest.set(before.patientId, (lost = new Set()));
      lost.add(before.id);
    } else if (!wasActive && nowActive) {
      push(additions, `${after.patientId}|${localDay(after.takenAt)}`, after);
      push(addedByPatient, after.patientId, after);
    }
  }
  const touchedDays = [...new Set([...additions.keys(), ...recount.keys()])];
  if (touchedDays.length === 0) return () => Promise.resolve();

  const monthKeys = [...new Set(touchedDays.map((key) => key.slice(0, key.length - 3)))].map(
    (key): [string, string] => [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)],
  );
  const patientIds = [...new Set([...addedByPatient.keys(), ...lostLatest.keys()])];
  const today = localDay(now);
  const clinicKeys = [
    ...new Set(
      touchedDays.map((key) => key.slice(key.indexOf('|') + 1)).filter((day) => day >= today),
    ),
  ];
  const reading = Promise.all([
    db.vitalsMonthly.bulkGet(monthKeys),
    db.vitalsLatest.bulkGet(patientIds),
    clinicKeys.length > 0 ? db.clinicDays.bulkGet(clinicKeys) : Promise.resolve([]),
  ]);
  // Awaited by the second half; a caller that fails before calling it must not leave it unhandled.
  reading.catch(() => undefined);

  return async () => {
    const [storedMonths, latestRows, storedClinicDays] = await reading;
    const months = new Map<string, MonthSummary>();
    monthKeys.forEach(([patientId, month], index) => {
      months.set(`${patientId}|${month}`, storedMonths[index] ?? { patientId, month, days: {} });
    });

    // Only the days that changed are unpacked and packed again; the rest of a month is kept as
    // it was read.
    const changedDays = new Map<string, DailySummary>();
    for (const key of touchedDays) {
      const separator = key.indexOf('|');
      const patientId = key.slice(0, separator);
      const day = key.slice(separator + 1);
      const month = months.get(`${patientId}|${monthOf(day)}`);
      if (!month) continue;
      const dayOfMonth = day.slice(8);
      const pending = recount.get(key);
      let summary: DailySummary;
      if (pending) {
        summary = await recountDay(db, patientId, day, pending.takenAt);
      } else {
        const stored = month.days[dayOfMonth];
        summary = stored ? unpackDay(stored, patientId, day) : emptySummary(patientId, day);
        for (const reading of additions.get(key) ?? []) addToSummary(summary, reading);
      }
      changedDays.set(key, summary);
      if (summary.count > 0) month.days[dayOfMonth] = packDay(summary);
      else
        month.days = Object.fromEntries(
          Object.entries(month.days).filter(([other]) => other !== dayOfMonth),
        );
    }

    const clinicDays = new Map<string, ClinicDay>();
    clinicKeys.forEach((day, index) =>
      clinicDays.set(day, storedClinicDays[index] ?? { day, patients: {} }),
    );
    for (const key of touchedDays) {
      const separator = key.indexOf('|');
      const patientId = key.slice(0, separator);
      const day = key.slice(separator + 1);
      const clinicDay = clinicDays.get(day);
      if (!clinicDay) continue;
      const summary = changedDays.get(key);
      const others = Object.entries(clinicDay.patients).filter(([other]) => other !== patientId);
      clinicDay.patients = Object.fromEntries(
        summary && summary.count > 0
          ? [...others, [patientId, { count: summary.count, outOfRange: summary.outOfRange }]]
          : others,
      );
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

    const keptMonths = [...months.values()].filter((month) => Object.keys(month.days).length > 0);
    const emptiedMonths = [...months.values()]
      .filter((month) => Object.keys(month.days).length === 0)
      .map((month): [string, string] => [month.patientId, month.month]);
    await Promise.all([
      keptMonths.length > 0 ? db.vitalsMonthly.bulkPut(keptMonths) : null,
      emptiedMonths.length > 0 ? db.vitalsMonthly.bulkDelete(emptiedMonths) : null,
      latest.length > 0 ? db.vitalsLatest.bulkPut(latest) : null,
      clinicDays.size > 0 ? db.clinicDays.bulkPut([...clinicDays.values()]) : null,
    ]);
  };
}

/** Every stored daily summary of a patient between two days (YYYY-MM-DD), oldest first. */
export async function dailySummaries(
  db: HealthDeskDb,
  patientId: string,
  firstDay: string,
  lastDay: string,
): Promise<DailySummary[]> {
  const keys: [string, string][] = [];
  const cursor = new Date(`${monthOf(firstDay)}-01T12:00:00`);
  while (monthOf(localDay(cursor.getTime())) <= monthOf(lastDay)) {
    keys.push([patientId, monthOf(localDay(cursor.getTime()))]);
    cursor.setMonth(cursor.getMonth() + 1);
  }
  const months = await db.vitalsMonthly.bulkGet(keys);
  return months
    .flatMap((month) => (month ? daysOf(month, firstDay, lastDay) : []))
    .sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** All daily summaries in the database (for checks and tests). */
export async function allDailySummaries(db: HealthDeskDb): Promise<DailySummary[]> {
  const months = await db.vitalsMonthly.toArray();
  return months.flatMap((month) => daysOf(month));
}

/** A month record's days between two days (YYYY-MM-DD, inclusive), unpacked. */
function daysOf(month: MonthSummary, firstDay = '', lastDay = '\uffff'): DailySummary[] {
  const summaries: DailySummary[] = [];
  for (const [dayOfMonth, packed] of Object.entries(month.days)) {
    const day = `${month.month}-${dayOfMonth}`;
    if (day >= firstDay && day <= lastDay) summaries.push(unpackDay(packed, month.patientId, day));
  }
  return summaries;
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
  // The context belongs to the glucose value: it goes with it, and comes back with the next one.
  if (missing.has('glucose')) latest.glucoseContext = null;
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
