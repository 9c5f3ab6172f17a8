import type { FieldIssue } from '@shared/domain/issues';
import type { BpArm, BpPosition, GlucoseContext, Measure } from '@shared/domain/measures';
import { MEASURES } from '@shared/domain/measures';
import type { UnitPreferences } from '@shared/domain/units';
import { toCanonical } from '@shared/domain/units';
import type { ReadingInput } from '@shared/domain/vitals';
import type { ReadingRecord } from '../../db/types';
import { displayValue, isConvertible } from './charts/chart-measures';

/** What the entry form holds: exactly what the user typed, so a failed save loses nothing. */
export interface EntryForm {
  values: Record<Measure, string>;
  bpArm: BpArm | '';
  bpPosition: BpPosition | '';
  glucoseContext: GlucoseContext | '';
  takenAt: string;
  /**
   * Whether the user changed the time. If not, a new reading is stamped when it is saved and a
   * correction keeps the exact time of the reading it corrects (the field only shows minutes).
   */
  timeEdited: boolean;
  originalTakenAt: number | null;
  notes: string;
}

export function toLocalInput(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function emptyForm(now: number, keep?: Pick<EntryForm, 'bpArm' | 'bpPosition'>): EntryForm {
  return {
    values: Object.fromEntries(MEASURES.map((measure) => [measure, ''])) as Record<Measure, string>,
    bpArm: keep?.bpArm ?? '',
    bpPosition: keep?.bpPosition ?? '',
    glucoseContext: '',
    takenAt: toLocalInput(now),
    timeEdited: false,
    originalTakenAt: null,
    notes: '',
  };
}

/** A form filled from a reading, in the user's units (for a correction). */
export function formFromReading(
  reading: ReadingRecord,
  units: UnitPreferences,
  locale: string,
): EntryForm {
  const format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
  const values = Object.fromEntries(
    MEASURES.map((measure) => {
      const value = reading[measure];
      return [measure, value === null ? '' : format.format(displayValue(measure, value, units))];
    }),
  ) as Record<Measure, string>;
  return {
    values,
    bpArm: reading.bpArm ?? '',
    bpPosition: reading.bpPosition ?? '',
    glucoseContext: reading.glucoseContext ?? '',
    takenAt: toLocalInput(reading.takenAt),
    timeEdited: false,
    originalTakenAt: reading.takenAt,
    notes: reading.notes,
  };
}

/** Reads a number typed with either decimal separator; blank is "not measured". */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return null;
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) return Number.NaN;
  return Number(trimmed.replace(',', '.'));
}

/**
 * Turns the form into a reading in canonical units. Problems found here (not a number, a time
 * that cannot be read) are reported like the domain's own, per field.
 */
export function readForm(
  form: EntryForm,
  units: UnitPreferences,
  now: number,
): { input: ReadingInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const takenAt = form.timeEdited
    ? new Date(form.takenAt).getTime()
    : (form.originalTakenAt ?? now);
  if (Number.isNaN(takenAt)) issues.push({ field: 'takenAt', code: 'invalidDate' });
  const input: ReadingInput = { takenAt, notes: form.notes };
  for (const measure of MEASURES) {
    const parsed = parseNumber(form.values[measure]);
    if (parsed === null) continue;
    if (Number.isNaN(parsed)) {
      issues.push({ field: measure, code: 'notANumber' });
      continue;
    }
    input[measure] = isConvertible(measure) ? toCanonical(measure, parsed, units) : parsed;
  }
  if (form.bpArm) input.bpArm = form.bpArm;
  if (form.bpPosition) input.bpPosition = form.bpPosition;
  if (form.glucoseContext) input.glucoseContext = form.glucoseContext;
  return { input, issues };
}

/** Range limits in a message are shown in the units the user typed in. */
export function issueParamsForDisplay(
  issue: FieldIssue,
  units: UnitPreferences,
): Record<string, string | number> {
  const params = { ...(issue.params ?? {}) };
  const measure = issue.field as Measure;
  if (issue.code === 'outOfRange' && (MEASURES as readonly string[]).includes(issue.field)) {
    for (const key of ['min', 'max'] as const) {
      const value = params[key];
      if (typeof value === 'number') params[key] = displayValue(measure, value, units);
    }
  }
  return params;
}
