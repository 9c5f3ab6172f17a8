import type { GlucoseContext, Measure } from '@shared/domain/measures';
import type { PatientFields } from '@shared/domain/patient';
import type { ReadingFields } from '@shared/domain/vitals';
import type { FieldStamps } from '@shared/sync/merge';

/**
 * How records are kept (SYNC-PROTOCOL §2): the synced fields, per-field clock stamps, and a
 * sticky delete flag. Fields starting with "_" are this device's own and never synced.
 */
export interface SyncedRecord {
  id: string;
  patientId: string | null;
  _hlc: FieldStamps;
  _deleted?: boolean;
}

export interface PatientRecord extends SyncedRecord, PatientFields {
  patientId: string;
  /** Search words (names, MRN, date of birth), derived on this device. */
  _search: string[];
}

export interface ReadingRecord extends SyncedRecord, ReadingFields {
  patientId: string;
}

export interface MeasureStats {
  n: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * One patient's active readings on one local day, kept up to date in the same transaction as
 * every reading written, so dashboards never have to scan readings.
 */
export interface DailySummary {
  patientId: string;
  day: string;
  count: number;
  outOfRange: number;
  measures: Partial<Record<Measure, MeasureStats>>;
  bpMorning: { n: number; systolic: number; diastolic: number };
  bpEvening: { n: number; systolic: number; diastolic: number };
  glucoseBelow: number;
  glucoseInTarget: number;
  glucoseAbove: number;
}

/**
 * A patient's daily summaries for one calendar month, stored together: an import of a batch of
 * readings spanning a month updates one record instead of thirty, and a 90-day dashboard reads
 * at most four.
 */
export interface MonthSummary {
  patientId: string;
  /** YYYY-MM */
  month: string;
  /**
   * By day of the month, "01" to "31": each day's `DailySummary` packed into a short string of
   * its figures (`packDay` and `unpackDay` in versions/v2.ts), a fifth of its size as an object.
   */
  days: Record<string, string>;
}

/**
 * Who was seen on one day and how many of their readings were out of range, for the clinic's
 * "today". Kept only for readings taken on the day they are written or later: a reading of an
 * earlier day can never be part of a future "today".
 */
export interface ClinicDay {
  day: string;
  patients: Record<string, { count: number; outOfRange: number }>;
}

export interface LatestValue {
  value: number;
  takenAt: number;
  readingId: string;
}

/** The newest active value of every measure of one patient. */
export interface LatestByMeasure {
  patientId: string;
  measures: Partial<Record<Measure, LatestValue>>;
  glucoseContext: GlucoseContext | null;
}

/** A local change waiting to be pushed (SYNC-PROTOCOL §2). */
export type OutboxEntry =
  | {
      seqNo?: number;
      changeId: string;
      op: 'upsert';
      table: string;
      id: string;
      patientId: string | null;
      fields: Record<string, unknown>;
      fieldHlc: FieldStamps;
    }
  | {
      seqNo?: number;
      changeId: string;
      op: 'delete';
      table: string;
      id: string;
      patientId: string | null;
      hlc: string;
    }
  | {
      /**
       * Records created together in one transaction (an import, the demo clinic). Their fields
       * and stamps are read from the records when pushed, one change per record; see
       * docs/sync-protocol.md ("bulk outbox entries").
       */
      seqNo?: number;
      changeId: string;
      op: 'create-many';
      table: string;
      ids: string[];
    };

export interface SyncStateEntry {
  key: string;
  value: unknown;
}

export interface SettingEntry {
  key: string;
  value: unknown;
}
