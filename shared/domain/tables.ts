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
  /** Rules on a record's keys, fixed at creation (§7.3). */
  checkKeys?(id: string, patientId: string | null): string | null;
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
    // A patient's own record is in its own scope: a patient device receives the records whose
    // patientId is its patient, this one included.
    checkKeys: (id, patientId) => (patientId === id ? null : 'patientId: must be the record id'),
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

// Built once per table: zod compiles a schema the first time it parses, so a schema made per
// call would be compiled for every change (about 0.5 ms each, against 2 µs).
const looseSchemas = new Map<string, z.ZodObject>();

function looseSchema(table: string, rules: SyncedTable): z.ZodObject {
  let schema = looseSchemas.get(table);
  if (!schema) {
    schema = rules.schema.loose();
    looseSchemas.set(table, schema);
  }
  return schema;
}

/**
 * Validates a merged record (§7.5): its keys, the declared fields' types and the domain rules.
 * Deleted records are not checked beyond their keys.
 */
export function checkRecord(
  table: string,
  record: Record<string, unknown>,
  now: number,
  keys?: { id: string; patientId: string | null },
): string | null {
  const rules = SYNCED_TABLES[table];
  if (!rules) return `unknown table ${table}`;
  const keyProblem = keys && rules.checkKeys ? rules.checkKeys(keys.id, keys.patientId) : null;
  if (keyProblem !== null) return keyProblem;
  if (record._deleted === true) return null;
  const parsed = looseSchema(table, rules).safeParse(record);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return `${first?.path.join('.') ?? 'record'}: ${first?.message ?? 'invalid'}`;
  }
  return rules.check(record, now);
}
