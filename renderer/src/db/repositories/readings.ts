import type { ReadingSource } from '@shared/domain/measures';
import { MEASURE_SPECS, MEASURES } from '@shared/domain/measures';
import { roundTo } from '@shared/domain/units';
import type { ReadingInput } from '@shared/domain/vitals';
import { validateReading } from '@shared/domain/vitals';
import { issue } from '@shared/domain/issues';
import type { HealthDeskDb } from '../database';
import { NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import type { ReadingChange } from '../summaries';
import { isActive, readSummaries, readingTables, updateSummaries } from '../summaries';
import type { PatientRecord, ReadingRecord } from '../types';
import { withWriter } from '../writer';

export interface ReadingContext {
  now: number;
  enteredBy: string;
  source?: ReadingSource;
}

function validated(patient: PatientRecord, input: ReadingInput, now: number): void {
  const issues = validateReading(input, { now, dateOfBirth: patient.dateOfBirth });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** A new reading record from what was entered, rounded to what each measure keeps. */
export function buildReading(
  patientId: string,
  input: ReadingInput,
  context: ReadingContext,
  id = uuidv7(context.now),
): ReadingRecord {
  const record: ReadingRecord = {
    id,
    patientId,
    takenAt: Math.round(input.takenAt),
    heartRate: null,
    systolic: null,
    diastolic: null,
    bpArm: input.bpArm ?? null,
    bpPosition: input.bpPosition ?? null,
    glucose: null,
    glucoseContext: input.glucoseContext ?? null,
    spo2: null,
    temperature: null,
    weight: null,
    respiratoryRate: null,
    notes: (input.notes ?? '').trim(),
    source: context.source ?? 'manual',
    enteredBy: context.enteredBy,
    supersedes: null,
    status: 'active',
    supersededBy: null,
    errorReason: null,
    createdAt: context.now,
    _hlc: {},
  };
  for (const measure of MEASURES) {
    const value = input[measure];
    if (value !== undefined && value !== null)
      record[measure] = roundTo(value, MEASURE_SPECS[measure].decimals);
  }
  if (record.systolic === null) {
    record.bpArm = null;
    record.bpPosition = null;
  }
  if (record.glucose === null) record.glucoseContext = null;
  return record;
}

export async function addReading(
  db: HealthDeskDb,
  patient: PatientRecord,
  input: ReadingInput,
  context: ReadingContext,
): Promise<ReadingRecord> {
  validated(patient, input, context.now);
  const reading = buildReading(patient.id, input, context);
  return withWriter(db, readingTables(db), context.now, async (writer) => {
    const stored = await writer.upsert('vitals', null, reading);
    await updateSummaries(db, [{ before: null, after: stored }], context.now);
    return stored;
  });
}

/**
 * Readings are append-only: a correction is a new reading that supersedes the old one, which
 * stays in the history. Both are written in one transaction.
 */
export async function correctReading(
  db: HealthDeskDb,
  patient: PatientRecord,
  oldId: string,
  input: ReadingInput,
  context: ReadingContext,
): Promise<ReadingRecord> {
  validated(patient, input, context.now);
  return withWriter(db, readingTables(db), context.now, async (writer) => {
    const old = await db.vitals.get(oldId);
    if (!old || old.patientId !== patient.id) throw new NotFoundError('The reading');
    if (!isActive(old)) throw new ValidationError([issue('reading', 'invalidChoice')]);
    const correction = { ...buildReading(patient.id, input, context), supersedes: old.id };
    const storedCorrection = await writer.upsert('vitals', null, correction);
    const storedOld = await writer.upsert('vitals', old, {
      ...old,
      status: 'superseded',
      supersededBy: correction.id,
    });
    await updateSummaries(
      db,
      [
        { before: null, after: storedCorrection },
        { before: old, after: storedOld },
      ],
      context.now,
    );
    return storedCorrection;
  });
}

/** Deleting a reading marks it entered-in-error with a reason; it is kept in the history. */
export async function markEnteredInError(
  db: HealthDeskDb,
  id: string,
  reason: string,
  now: number,
): Promise<ReadingRecord> {
  const why = reason.trim();
  if (why === '') throw new ValidationError([issue('errorReason', 'required')]);
  if (why.length > 500) throw new ValidationError([issue('errorReason', 'tooLong', { max: 500 })]);
  return withWriter(db, readingTables(db), now, async (writer) => {
    const before = await db.vitals.get(id);
    if (!before) throw new NotFoundError('The reading');
    if (!isActive(before)) return before;
    const after = await writer.upsert('vitals', before, {
      ...before,
      status: 'entered-in-error',
      errorReason: why,
    });
    await updateSummaries(db, [{ before, after }], now);
    return after;
  });
}

/**
 * Undoes the last action on a reading: an entered-in-error mark is lifted, and a correction is
 * withdrawn (marked entered-in-error) with the reading it replaced made active again.
 */
export async function undoReadingChange(
  db: HealthDeskDb,
  id: string,
  now: number,
  undoneReason: string,
): Promise<void> {
  await withWriter(db, readingTables(db), now, async (writer) => {
    const reading = await db.vitals.get(id);
    if (!reading) throw new NotFoundError('The reading');
    const changes: ReadingChange[] = [];
    if (reading.status === 'entered-in-error') {
      const after = await writer.upsert('vitals', reading, {
        ...reading,
        status: 'active',
        errorReason: null,
      });
      changes.push({ before: reading, after });
    } else if (reading.supersedes && isActive(reading)) {
      const previous = await db.vitals.get(reading.supersedes);
      const withdrawn = await writer.upsert('vitals', reading, {
        ...reading,
        status: 'entered-in-error',
        errorReason: undoneReason,
      });
      changes.push({ before: reading, after: withdrawn });
      if (previous && previous.status === 'superseded' && previous.supersededBy === reading.id) {
        const restored = await writer.upsert('vitals', previous, {
          ...previous,
          status: 'active',
          supersededBy: null,
        });
        changes.push({ before: previous, after: restored });
      }
    } else if (isActive(reading)) {
      const withdrawn = await writer.upsert('vitals', reading, {
        ...reading,
        status: 'entered-in-error',
        errorReason: undoneReason,
      });
      changes.push({ before: reading, after: withdrawn });
    }
    await updateSummaries(db, changes, now);
  });
}

/**
 * Readings per import transaction. Each transaction pays a fixed price (opening, the clock and
 * summary reads, a strict commit to disk), so a bigger one imports faster; at 2,500 an
 * interrupted import loses at most a few seconds of work. Outbox entries still name at most
 * 500 records each: one entry is one push batch.
 */
export const IMPORT_BATCH = 2_500;

/**
 * Adds many readings (an import, a device's memory, the demo clinic) in transactions of
 * IMPORT_BATCH: each commits with its outbox entries and summaries, so an interrupted import
 * keeps whole batches only. Invalid rows are refused before anything is written.
 */
export async function importReadings(
  db: HealthDeskDb,
  patient: PatientRecord,
  inputs: readonly ReadingInput[],
  context: ReadingContext,
  onProgress?: (written: number) => void,
): Promise<number> {
  for (const [index, input] of inputs.entries()) {
    const issues = validateReading(input, { now: context.now, dateOfBirth: patient.dateOfBirth });
    if (issues.length > 0)
      throw new ValidationError(
        issues.map((found) => ({ ...found, params: { ...found.params, row: index + 1 } })),
      );
  }
  let written = 0;
  for (let start = 0; start < inputs.length; start += IMPORT_BATCH) {
    const batch = inputs
      .slice(start, start + IMPORT_BATCH)
      .map((input) => buildReading(patient.id, input, { source: 'import', ...context }));
    await writeReadingBatch(db, batch, context.now);
    written += batch.length;
    onProgress?.(written);
  }
  return written;
}

/** One transaction: the readings, one outbox entry for all of them, and their summaries. */
export async function writeReadingBatch(
  db: HealthDeskDb,
  readings: ReadingRecord[],
  now: number,
): Promise<void> {
  await withWriter(db, readingTables(db), now, async (writer) => {
    // The summaries' reads go out first, with the clock's, so they come back before the storage
    // code starts on the readings; they are folded in while it writes them. New readings only add
    // to summaries, which never read them back.
    const writeSummaries = readSummaries(
      db,
      readings.map((after) => ({ before: null, after })),
      now,
    );
    await writer.createMany('vitals', readings);
    await writeSummaries();
  });
}

/** A patient's readings taken in [from, to), oldest first, including corrected ones. */
export function readingsBetween(
  db: HealthDeskDb,
  patientId: string,
  from: number,
  to: number,
): Promise<ReadingRecord[]> {
  return db.vitals
    .where('[patientId+takenAt]')
    .between([patientId, from], [patientId, to], true, false)
    .toArray();
}

/** Every version of a reading, oldest first: what it corrected and what corrected it. */
export async function readingHistory(db: HealthDeskDb, id: string): Promise<ReadingRecord[]> {
  const start = await db.vitals.get(id);
  if (!start) return [];
  const chain: ReadingRecord[] = [start];
  let back = start;
  while (back.supersedes) {
    const previous = await db.vitals.get(back.supersedes);
    if (!previous || chain.includes(previous)) break;
    chain.unshift(previous);
    back = previous;
  }
  let forward = start;
  while (forward.supersededBy) {
    const next = await db.vitals.get(forward.supersededBy);
    if (!next) break;
    chain.push(next);
    forward = next;
  }
  return chain;
}
