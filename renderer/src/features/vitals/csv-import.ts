import type { FieldIssue } from '@shared/domain/issues';
import type { GlucoseContext, Measure } from '@shared/domain/measures';
import { GLUCOSE_CONTEXTS } from '@shared/domain/measures';
import type { UnitPreferences } from '@shared/domain/units';
import { toCanonical } from '@shared/domain/units';
import type { ReadingInput } from '@shared/domain/vitals';
import { validateReading } from '@shared/domain/vitals';
import { isConvertible } from './charts/chart-measures';
import { parseNumber } from './entry-form';

/** Columns a readings file may have; values are in the user's display units. */
export const CSV_COLUMNS: Record<string, Measure | 'time' | 'glucoseContext' | 'notes'> = {
  time: 'time',
  systolic: 'systolic',
  diastolic: 'diastolic',
  heart_rate: 'heartRate',
  spo2: 'spo2',
  temperature: 'temperature',
  respiratory_rate: 'respiratoryRate',
  glucose: 'glucose',
  glucose_context: 'glucoseContext',
  weight: 'weight',
  notes: 'notes',
};

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export interface RowProblem extends FieldIssue {
  row: number;
}

export type ImportParse =
  | {
      ok: false;
      problem: 'empty' | 'notText' | 'tooLarge' | 'tooManyRows' | 'noTimeColumn' | 'unknownColumns';
      detail?: string;
    }
  | { ok: true; readings: ReadingInput[]; problems: RowProblem[]; rows: number };

/** Splits one CSV line (RFC 4180 quoting) on the given delimiter. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line.charAt(index);
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/** A time as written in a file: ISO 8601, or "YYYY-MM-DD HH:MM[:SS]" in local time. */
export function parseTime(text: string): number {
  const trimmed = text.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (local) {
    const [year, month, day, hour, minute, second] = local
      .slice(1)
      .map((part: string | undefined) => Number(part ?? 0)); // an unmatched optional group is undefined
    const date = new Date(
      year ?? 0,
      (month ?? 1) - 1,
      day ?? 1,
      hour ?? 0,
      minute ?? 0,
      second ?? 0,
    );
    // new Date() rolls 30 February over into March; such a date is refused instead.
    return date.getMonth() === (month ?? 1) - 1 && date.getDate() === day
      ? date.getTime()
      : Number.NaN;
  }
  return /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)
    ? Date.parse(trimmed)
    : Number.NaN;
}

/**
 * Reads a readings file exported by a device or a spreadsheet. Every row is checked with the
 * same rules as the entry form; problems are reported by row and column, and nothing is
 * written here. A file that is not a readings table is refused as a whole.
 */
export function parseReadingsCsv(
  text: string,
  units: UnitPreferences,
  context: { now: number; dateOfBirth: string | null },
): ImportParse {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, problem: 'tooLarge' };
  if (text.includes('\u0000')) return { ok: false, problem: 'notText' };
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines[0];
  if (!header) return { ok: false, problem: 'empty' };
  if (lines.length - 1 > MAX_IMPORT_ROWS) return { ok: false, problem: 'tooManyRows' };
  // Spreadsheets set to a decimal comma write semicolons between cells.
  const delimiter =
    header.includes(';') && !header.includes(',') ? ';' : header.includes('\t') ? '\t' : ',';
  const names = splitCsvLine(header, delimiter).map((name) =>
    name.toLowerCase().replace(/[\s-]+/g, '_'),
  );
  const unknown = names.filter((name) => !Object.hasOwn(CSV_COLUMNS, name));
  if (unknown.length > 0)
    return { ok: false, problem: 'unknownColumns', detail: unknown.join(', ') };
  if (!names.includes('time')) return { ok: false, problem: 'noTimeColumn' };

  const readings: ReadingInput[] = [];
  const problems: RowProblem[] = [];
  for (const [offset, line] of lines.slice(1).entries()) {
    const row = offset + 2;
    const cells = splitCsvLine(line, delimiter);
    const input: ReadingInput = { takenAt: Number.NaN };
    const rowProblems: RowProblem[] = [];
    for (const [column, name] of names.entries()) {
      const key = CSV_COLUMNS[name];
      const value = cells[column] ?? '';
      if (key === undefined || value === '') continue;
      if (key === 'time') input.takenAt = parseTime(value);
      else if (key === 'notes') input.notes = value;
      else if (key === 'glucoseContext') {
        if ((GLUCOSE_CONTEXTS as readonly string[]).includes(value))
          input.glucoseContext = value as GlucoseContext;
        else rowProblems.push({ row, field: 'glucoseContext', code: 'invalidChoice' });
      } else {
        const number = parseNumber(value);
        if (number === null) continue;
        if (Number.isNaN(number)) rowProblems.push({ row, field: key, code: 'notANumber' });
        else input[key] = isConvertible(key) ? toCanonical(key, number, units) : number;
      }
    }
    const found = validateReading(input, {
      now: context.now,
      dateOfBirth: context.dateOfBirth,
    }).filter((issue) => !rowProblems.some((problem) => problem.field === issue.field));
    rowProblems.push(...found.map((issue) => ({ ...issue, row })));
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else readings.push(input);
  }
  return { ok: true, readings, problems, rows: lines.length - 1 };
}
