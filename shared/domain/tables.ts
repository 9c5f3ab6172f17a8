import type { z } from 'zod';
import type { PatientFields } from './patient';
import { patientFieldsSchema, validatePatient } from './patient';
import type { ReadingFields } from './vitals';
import { READING_MUTABLE_FIELDS, readingFieldsSchema, validateReading } from './vitals';

/**
 * Every synced table and its rules, read by the device (change capture) and by the server
 * (validation, scopes). Adding a table here is how it joins sync.
 */
export interface SyncedTable {
  /** Schema version that introduced the table; older clients never receive it (§10). */
  sinceSchemaVersion: number;
  /** Append-only tables accept updates only to `mutableFields` after creation (§7.4). */
  appendOnly: boolean;
  mutableFields: readonly string[];
  /** Whether a patient-scoped device may write it (§9); it may always read its own records. */
  patientWritable: boolean;
  /** Record shape; unknown fields pass through untouched (§10). */
  schema: z.ZodObject;
  /** Domain rules on a whole merged record that `schema` accepted; returns why it is invalid. */
  check(record: Record<string, unknown>, now: number): string | null;
}

function firstIssue(issues: { field: string; code: string }[]): string | null {
  const first = issues[0];
  return first ? `${first.field}: ${first.code}` : null;
}

export const SYNCED_TABLES: Record<string, SyncedTable> = {
  patients: {
    sinceSchemaVersion: 1,
    appendOnly: false,
    mutableFields: [],
    patientWritable: false,
    schema: patientFieldsSchema,
    // Called only after the schema accepted the record, so its fields have their types.
    check: (record) =>
      firstIssue(validatePatient(record as unknown as PatientFields, '9999-12-31')),
  },
  vitals: {
    sinceSchemaVersion: 1,
    appendOnly: true,
    mutableFields: READING_MUTABLE_FIELDS,
    patientWritable: true,
    schema: readingFieldsSchema,
    check: (record, now) =>
      firstIssue(validateReading(record as unknown as ReadingFields, { now })),
  },
};

export function isSyncedTable(name: string): boolean {
  return Object.hasOwn(SYNCED_TABLES, name);
}

/**
 * Validates a merged record (§7.5): the declared fields must have their types and the domain
 * rules must hold. Deleted records are not checked beyond their shape.
 */
export function checkRecord(
  table: string,
  record: Record<string, unknown>,
  now: number,
): string | null {
  const rules = SYNCED_TABLES[table];
  if (!rules) return `unknown table ${table}`;
  if (record._deleted === true) return null;
  const parsed = rules.schema.loose().safeParse(record);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return `${first?.path.join('.') ?? 'record'}: ${first?.message ?? 'invalid'}`;
  }
  return rules.check(record, now);
}
