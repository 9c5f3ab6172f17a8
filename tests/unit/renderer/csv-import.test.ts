import { describe, expect, it } from 'vitest';
import type { UnitPreferences } from '@shared/domain/units';
import {
  parseReadingsCsv,
  parseTime,
  splitCsvLine,
} from '../../../renderer/src/features/vitals/csv-import';

const EU: UnitPreferences = { glucose: 'mmol/L', temperature: '°C', weight: 'kg' };
const NOW = Date.parse('2026-06-15T12:00:00');
const context = { now: NOW, dateOfBirth: '1980-01-01' };

describe('importing readings from a file', () => {
  it('reads a device export with quotes, a byte-order mark and the user’s units', () => {
    const file =
      '\uFEFFtime,systolic,diastolic,heart_rate,glucose,glucose_context,notes\n2026-06-14 08:00,131,84,72,5.6,fasting,"after walk, tired"\n2026-06-14T20:00:00Z,,,,7.9,after-meal,\n';
    const parsed = parseReadingsCsv(file, EU, context);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.problems).toEqual([]);
    expect(parsed.readings).toHaveLength(2);
    expect(parsed.readings[0]).toMatchObject({
      takenAt: Date.parse('2026-06-14T08:00:00'),
      systolic: 131,
      diastolic: 84,
      heartRate: 72,
      glucoseContext: 'fasting',
      notes: 'after walk, tired',
    });
    expect(parsed.readings[0]?.glucose).toBeCloseTo(100.9, 1);
    expect(parsed.readings[1]?.takenAt).toBe(Date.parse('2026-06-14T20:00:00Z'));
  });

  it('reads a spreadsheet saved with semicolons and decimal commas', () => {
    const parsed = parseReadingsCsv(
      'time;temperature;weight\n2026-06-14 09:30;37,8;71,5\n',
      EU,
      context,
    );
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.readings[0]).toMatchObject({ temperature: 37.8, weight: 71.5 });
  });

  it('reports each bad row by number and column, and keeps the good rows', () => {
    const file = [
      'time,systolic,diastolic,heart_rate,glucose_context',
      '2026-06-14 08:00,120,80,70,',
      '2026-02-30 08:00,120,80,70,',
      '2026-06-14 09:00,80,120,abc,',
      '2099-01-01 10:00,,,60,',
      '2026-06-14 10:00,,,,supper',
    ].join('\n');
    const parsed = parseReadingsCsv(file, EU, context);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.rows).toBe(5);
    expect(parsed.readings).toHaveLength(1);
    expect(
      parsed.problems.map((problem) => `${problem.row}:${problem.field}:${problem.code}`),
    ).toEqual([
      '3:takenAt:invalidDate',
      '4:heartRate:notANumber',
      '4:systolic:systolicNotAboveDiastolic',
      '5:takenAt:inFuture',
      '6:glucoseContext:invalidChoice',
      '6:measures:atLeastOneMeasure',
    ]);
  });

  it('refuses files that are not a readings table', () => {
    expect(parseReadingsCsv('', EU, context)).toEqual({ ok: false, problem: 'empty' });
    expect(parseReadingsCsv('PK\u0003\u0004\u0000\u0000binary', EU, context)).toEqual({
      ok: false,
      problem: 'notText',
    });
    expect(parseReadingsCsv('date,pulse\n2026-01-01,60', EU, context)).toEqual({
      ok: false,
      problem: 'unknownColumns',
      detail: 'date, pulse',
    });
    expect(parseReadingsCsv('systolic,diastolic\n120,80', EU, context)).toEqual({
      ok: false,
      problem: 'noTimeColumn',
    });
  });

  it('splits quoted cells and reads only real times', () => {
    expect(splitCsvLine('a,"b ""c""",d', ',')).toEqual(['a', 'b "c"', 'd']);
    expect(parseTime('2026-13-01 10:00')).toBeNaN();
    expect(parseTime('yesterday')).toBeNaN();
    expect(parseTime('2026-06-14T10:00:00+02:00')).toBe(Date.parse('2026-06-14T08:00:00Z'));
  });
});
