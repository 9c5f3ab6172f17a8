import { z } from 'zod';
import type { FieldIssue } from './issues';
import { issue } from './issues';
import type { Measure } from './measures';
import {
  BP_ARMS,
  BP_POSITIONS,
  GLUCOSE_CONTEXTS,
  MEASURES,
  MEASURE_SPECS,
  READING_SOURCES,
  READING_STATUSES,
} from './measures';

/** A reading's fields as stored and synced (canonical units; null where not measured). */
export const readingFieldsSchema = z.object({
  takenAt: z.number().int(),
  heartRate: z.number().nullable(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  bpArm: z.enum(BP_ARMS).nullable(),
  bpPosition: z.enum(BP_POSITIONS).nullable(),
  glucose: z.number().nullable(),
  glucoseContext: z.enum(GLUCOSE_CONTEXTS).nullable(),
  spo2: z.number().nullable(),
  temperature: z.number().nullable(),
  weight: z.number().nullable(),
  respiratoryRate: z.number().nullable(),
  notes: z.string().max(2000),
  source: z.enum(READING_SOURCES),
  enteredBy: z.string().max(200),
  /** The reading this one corrects, if it is a correction. */
  supersedes: z.string().nullable(),
  status: z.enum(READING_STATUSES),
  /** The correction that replaced this reading. */
  supersededBy: z.string().nullable(),
  errorReason: z.string().max(500).nullable(),
  createdAt: z.number().int(),
});
export type ReadingFields = z.infer<typeof readingFieldsSchema>;

/** Readings are append-only: after creation only these fields may change (SYNC-PROTOCOL §7.4). */
export const READING_MUTABLE_FIELDS = ['status', 'supersededBy', 'errorReason'] as const;

/** What a person enters: measures in canonical units, the rest optional. */
export interface ReadingInput {
  takenAt: number;
  heartRate?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
  bpArm?: ReadingFields['bpArm'];
  bpPosition?: ReadingFields['bpPosition'];
  glucose?: number | null;
  glucoseContext?: ReadingFields['glucoseContext'];
  spo2?: number | null;
  temperature?: number | null;
  weight?: number | null;
  respiratoryRate?: number | null;
  notes?: string;
}

/** A reading may be taken up to five minutes "in the future" to allow for clocks that disagree. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface ReadingContext {
  now: number;
  /** The patient's date of birth (YYYY-MM-DD), if known. */
  dateOfBirth?: string | null;
}

/**
 * Checks a reading as entered: plausible ranges per measure, both blood pressure values and
 * systolic above diastolic, at least one measure, and a time that is neither in the future nor
 * before the patient was born.
 */
export function validateReading(input: ReadingInput, context: ReadingContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let measured = 0;
  for (const measure of MEASURES) {
    const value = input[measure];
    if (value === undefined || value === null) continue;
    measured++;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push(issue(measure, 'notANumber'));
      continue;
    }
    const [min, max] = MEASURE_SPECS[measure].plausible;
    if (value < min || value > max) issues.push(issue(measure, 'outOfRange', { min, max }));
  }
  if (measured === 0) issues.push(issue('measures', 'atLeastOneMeasure'));

  const hasSystolic = input.systolic !== undefined && input.systolic !== null;
  const hasDiastolic = input.diastolic !== undefined && input.diastolic !== null;
  if (hasSystolic !== hasDiastolic) {
    issues.push(issue(hasSystolic ? 'diastolic' : 'systolic', 'bothBloodPressureValues'));
  } else if (hasSystolic && hasDiastolic && (input.systolic ?? 0) <= (input.diastolic ?? 0)) {
    issues.push(issue('systolic', 'systolicNotAboveDiastolic'));
  }

  if (!Number.isFinite(input.takenAt)) {
    issues.push(issue('takenAt', 'invalidDate'));
  } else {
    if (input.takenAt > context.now + FUTURE_TOLERANCE_MS)
      issues.push(issue('takenAt', 'inFuture'));
    const birth = context.dateOfBirth ? startOfDateUtc(context.dateOfBirth) : null;
    if (birth !== null && input.takenAt < birth - 14 * 3_600_000)
      issues.push(issue('takenAt', 'beforeBirth'));
  }
  if ((input.notes ?? '').length > 2000) issues.push(issue('notes', 'tooLong', { max: 2000 }));
  return issues;
}

/** Midnight UTC of a YYYY-MM-DD date, or null if it is not one. */
export function startOfDateUtc(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) return null;
  return time;
}

/** The measures a reading has values for. */
export function measuresOf(reading: Pick<ReadingFields, Measure>): Measure[] {
  return MEASURES.filter((measure) => reading[measure] !== null);
}
