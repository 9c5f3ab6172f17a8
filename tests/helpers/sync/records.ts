import type { PatientFields } from '@shared/domain/patient';
import type { ReadingFields } from '@shared/domain/vitals';
import { formatHlc } from '@shared/sync/hlc';
import type { Change, PullRequest, PushRequest, UpsertChange } from '@shared/sync/protocol';
import { uuidv7 } from './ids';

export function patientFields(overrides: Partial<PatientFields> = {}): PatientFields {
  return {
    givenName: 'Ada',
    familyName: 'Lovelace',
    dateOfBirth: '1970-01-02',
    sex: 'female',
    mrn: null,
    phone: null,
    email: null,
    notes: '',
    archived: false,
    relationship: null,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function readingFields(overrides: Partial<ReadingFields> = {}): ReadingFields {
  return {
    takenAt: 1_700_000_000_000,
    heartRate: 72,
    systolic: 120,
    diastolic: 80,
    bpArm: 'left',
    bpPosition: 'sitting',
    glucose: null,
    glucoseContext: null,
    spo2: null,
    temperature: null,
    weight: null,
    respiratoryRate: null,
    notes: '',
    source: 'manual',
    enteredBy: 'test',
    supersedes: null,
    status: 'active',
    supersededBy: null,
    errorReason: null,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A stamp at `ms` for a device (the device id part must be a short lowercase id). */
export function stamp(ms: number, counter = 0, device = 'dev-a'): string {
  return formatHlc({ ms, c: counter }, device);
}

export function upsert(
  table: string,
  id: string,
  patientId: string | null,
  fields: Record<string, unknown>,
  /** One stamp for every field, or a function giving each field its own. */
  hlc: string | ((field: string) => string),
): UpsertChange {
  const stampOf = typeof hlc === 'string' ? () => hlc : hlc;
  return {
    changeId: uuidv7(),
    op: 'upsert',
    table,
    id,
    patientId,
    fields,
    fieldHlc: Object.fromEntries(Object.keys(fields).map((key) => [key, stampOf(key)])),
  };
}

export function remove(table: string, id: string, patientId: string | null, hlc: string): Change {
  return { changeId: uuidv7(), op: 'delete', table, id, patientId, hlc };
}

export function pushOf(changes: Change[], schemaVersion = 1): PushRequest {
  return { protocolVersion: 1, schemaVersion, batchId: uuidv7(), changes };
}

export function pullOf(
  cursor: PullRequest['cursor'],
  limit?: number,
  schemaVersion = 1,
): PullRequest {
  return { protocolVersion: 1, schemaVersion, cursor, ...(limit === undefined ? {} : { limit }) };
}
