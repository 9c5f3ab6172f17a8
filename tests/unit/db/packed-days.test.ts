import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEASURES } from '@shared/domain/measures';
import { emptySummary } from '../../../renderer/src/db/summaries';
import type { DailySummary, MeasureStats } from '../../../renderer/src/db/types';
import { DAY_MEASURES, packDay, unpackDay } from '../../../renderer/src/db/versions/v2';

const count = fc.nat({ max: 5_000 });
// Any finite number reads back exactly, sums with rounding noise such as 947.3000000000001 too.
const value = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
const stats: fc.Arbitrary<MeasureStats> = fc.record({
  n: fc.integer({ min: 1, max: 5_000 }),
  sum: value,
  min: value,
  max: value,
});
const part = fc.record({ n: count, systolic: value, diastolic: value });

const day: fc.Arbitrary<DailySummary> = fc.record({
  patientId: fc.uuid(),
  day: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  count,
  outOfRange: count,
  measures: fc.record(Object.fromEntries(MEASURES.map((measure) => [measure, stats])), {
    requiredKeys: [],
  }),
  bpMorning: part,
  bpEvening: part,
  glucoseBelow: count,
  glucoseInTarget: count,
  glucoseAbove: count,
});

describe('packed days (database version 2)', () => {
  it('gives back every figure of a day it packed', () => {
    fc.assert(
      fc.property(day, (summary) => {
        expect(unpackDay(packDay(summary), summary.patientId, summary.day)).toEqual(summary);
      }),
    );
  });

  it('has a place for every measure', () => {
    expect([...DAY_MEASURES].sort()).toEqual([...MEASURES].sort());
  });

  it('leaves out the measures after the last one the day has', () => {
    const summary = emptySummary('p1', '2026-06-15');
    expect(packDay(summary)).toBe('0,0,0,0,0,0,0,0,0,0,0');
    summary.count = 1;
    summary.measures.heartRate = { n: 1, sum: 72, min: 72, max: 72 };
    expect(packDay(summary)).toBe('1,0,0,0,0,0,0,0,0,0,0,1,72,72,72');
    summary.measures.respiratoryRate = { n: 1, sum: 16.5, min: 16.5, max: 16.5 };
    expect(packDay(summary).split(',')).toHaveLength(11 + 4 * DAY_MEASURES.length);
    expect(unpackDay(packDay(summary), 'p1', '2026-06-15')).toEqual(summary);
  });
});
