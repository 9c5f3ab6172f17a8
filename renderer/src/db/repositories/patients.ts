import type { PatientFields, PatientInput } from '@shared/domain/patient';
import { normaliseForSearch, searchTokens, validatePatient } from '@shared/domain/patient';
import { issue } from '@shared/domain/issues';
import type { HealthDeskDb } from '../database';
import { NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import type { PatientRecord } from '../types';
import { withWriter } from '../writer';

export interface WriteContext {
  now: number;
  /** The user's local date, YYYY-MM-DD. */
  today: string;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

function toFields(
  input: PatientInput,
): Omit<PatientFields, 'archived' | 'relationship' | 'createdAt'> {
  return {
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    dateOfBirth: input.dateOfBirth.trim(),
    sex: input.sex,
    mrn: clean(input.mrn),
    phone: clean(input.phone),
    email: clean(input.email),
    notes: input.notes ?? '',
  };
}

async function checkMrnFree(
  db: HealthDeskDb,
  mrn: string | null,
  exceptId: string | null,
): Promise<void> {
  if (!mrn) return;
  const holders = await db.patients.where('mrn').equals(mrn).toArray();
  if (holders.some((holder) => holder.id !== exceptId && !holder.archived)) {
    throw new ValidationError([issue('mrn', 'duplicateMrn')]);
  }
}

export async function createPatient(
  db: HealthDeskDb,
  input: PatientInput,
  context: WriteContext & { relationship?: PatientFields['relationship'] },
): Promise<PatientRecord> {
  const issues = validatePatient(input, context.today);
  if (issues.length > 0) throw new ValidationError(issues);
  const id = uuidv7(context.now);
  const fields = toFields(input);
  return withWriter(db, [db.patients], context.now, async (writer) => {
    await checkMrnFree(db, fields.mrn, null);
    const record: PatientRecord = {
      id,
      patientId: id,
      ...fields,
      archived: false,
      relationship: context.relationship ?? null,
      createdAt: context.now,
      _hlc: {},
      _search: searchTokens(fields),
    };
    return writer.upsert('patients', null, record);
  });
}

export async function updatePatient(
  db: HealthDeskDb,
  id: string,
  input: PatientInput,
  context: WriteContext,
): Promise<PatientRecord> {
  const issues = validatePatient(input, context.today);
  if (issues.length > 0) throw new ValidationError(issues);
  const fields = toFields(input);
  return withWriter(db, [db.patients], context.now, async (writer) => {
    const before = await db.patients.get(id);
    if (!before) throw new NotFoundError('The patient');
    await checkMrnFree(db, fields.mrn, id);
    return writer.upsert('patients', before, {
      ...before,
      ...fields,
      _search: searchTokens(fields),
    });
  });
}

/** Archiving hides a patient from lists and searches; nothing of theirs is deleted. */
export async function setArchived(
  db: HealthDeskDb,
  id: string,
  archived: boolean,
  now: number,
): Promise<PatientRecord> {
  return withWriter(db, [db.patients], now, async (writer) => {
    const before = await db.patients.get(id);
    if (!before) throw new NotFoundError('The patient');
    return writer.upsert('patients', before, { ...before, archived });
  });
}

export async function getPatient(db: HealthDeskDb, id: string): Promise<PatientRecord | undefined> {
  const patient = await db.patients.get(id);
  return patient && patient._deleted !== true ? patient : undefined;
}

export interface SearchOptions {
  includeArchived?: boolean;
  limit?: number;
}

/**
 * Finds patients by the start of any word of their name, their MRN or their date of birth
 * (YYYY-MM-DD). Uses the multi-entry search index, so it does not scan the table.
 */
export async function searchPatients(
  db: HealthDeskDb,
  query: string,
  options: SearchOptions = {},
): Promise<PatientRecord[]> {
  const limit = options.limit ?? 50;
  const words = normaliseForSearch(query)
    .split(/[\s,]+/)
    .filter((word) => word.length > 0);
  const visible = (patient: PatientRecord): boolean =>
    patient._deleted !== true && (options.includeArchived === true || !patient.archived);
  if (words.length === 0) {
    return db.patients.orderBy('familyName').filter(visible).limit(limit).toArray();
  }
  const [first = '', ...rest] = words.sort((a, b) => b.length - a.length);
  const candidates = await db.patients.where('_search').startsWith(first).distinct().toArray();
  return candidates
    .filter(
      (patient) =>
        visible(patient) &&
        rest.every((word) => patient._search.some((token) => token.startsWith(word))),
    )
    .sort(
      (a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName),
    )
    .slice(0, limit);
}
