import { z } from 'zod';
import type { FieldIssue } from './issues';
import { issue } from './issues';
import { startOfDateUtc } from './vitals';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];
export const RELATIONSHIPS = ['self', 'family'] as const;

/** A patient's fields as stored and synced. */
export const patientFieldsSchema = z.object({
  givenName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sex: z.enum(SEXES),
  mrn: z.string().max(40).nullable(),
  phone: z.string().max(40).nullable(),
  email: z.string().max(200).nullable(),
  notes: z.string().max(5000),
  archived: z.boolean(),
  /** In personal mode: the user ("self") or a family member. Null in a clinic. */
  relationship: z.enum(RELATIONSHIPS).nullable(),
  createdAt: z.number().int(),
});
export type PatientFields = z.infer<typeof patientFieldsSchema>;

export interface PatientInput {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  mrn?: string | null;
  phone?: string | null;
  email?: string | null;
  notes?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a patient as entered; `today` is the user's local date (YYYY-MM-DD). */
export function validatePatient(input: PatientInput, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['givenName', 'familyName'] as const) {
    const value = input[field].trim();
    if (value.length === 0) issues.push(issue(field, 'required'));
    else if (value.length > 100) issues.push(issue(field, 'tooLong', { max: 100 }));
  }
  const birth = startOfDateUtc(input.dateOfBirth);
  if (input.dateOfBirth.trim() === '') issues.push(issue('dateOfBirth', 'required'));
  else if (birth === null) issues.push(issue('dateOfBirth', 'invalidDate'));
  else if (input.dateOfBirth > today) issues.push(issue('dateOfBirth', 'inFuture'));
  else if (input.dateOfBirth < '1900-01-01') issues.push(issue('dateOfBirth', 'tooOld'));
  if (!(SEXES as readonly string[]).includes(input.sex)) issues.push(issue('sex', 'invalidChoice'));
  if ((input.mrn ?? '').trim().length > 40) issues.push(issue('mrn', 'tooLong', { max: 40 }));
  if ((input.phone ?? '').trim().length > 40) issues.push(issue('phone', 'tooLong', { max: 40 }));
  const email = (input.email ?? '').trim();
  if (email && !EMAIL.test(email)) issues.push(issue('email', 'invalidEmail'));
  if ((input.notes ?? '').length > 5000) issues.push(issue('notes', 'tooLong', { max: 5000 }));
  return issues;
}

/** Lower-case words without accents, so "José" is found by "jose". */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** The words a patient can be found by: names, MRN, date of birth. */
export function searchTokens(
  patient: Pick<PatientFields, 'givenName' | 'familyName' | 'mrn' | 'dateOfBirth'>,
): string[] {
  const words = [patient.givenName, patient.familyName]
    .flatMap((name) => normaliseForSearch(name).split(/[\s'-]+/))
    .filter((word) => word.length > 0);
  const tokens = new Set(words);
  if (patient.mrn) tokens.add(normaliseForSearch(patient.mrn));
  tokens.add(patient.dateOfBirth);
  return [...tokens];
}
