/**
 * Version 2 of the local database: the same tables and indexes as version 1, but a day in
 * `vitalsMonthly` is stored packed, as its figures in a fixed order separated by commas, instead
 * of an object. A month record is rewritten whole whenever one of its days changes (an import
 * writes several per transaction), and as objects every day repeated its patient id, its date and
 * the name of every figure: a month of a patient measured a dozen times a day took about 22 kB,
 * packed it takes under 5 kB. (An array of numbers would take 12 kB: one figure with decimals
 * and IndexedDB stores all of them as 8-byte floats.) Numbers are written as JavaScript prints
 * them, which reads back exactly.
 *
 * Kept as data and plain functions, never importing live domain code: an old version must keep
 * describing the same schema forever. The live code reads and writes days through `packDay` and
 * `unpackDay` below.
 */
import type { Transaction } from 'dexie';
import { V1_STORES } from './v1';

export const V2_STORES = { ...V1_STORES } as const;

/** The figures of one day, in their order in a packed day. */
export const DAY_COUNTS = [
  'count',
  'outOfRange',
  'glucoseBelow',
  'glucoseInTarget',
  'glucoseAbove',
] as const;

/** Blood pressure by part of the day: readings, sum of systolic, sum of diastolic. */
export const DAY_PARTS = ['bpMorning', 'bpEvening'] as const;

/**
 * The measures of a packed day, in their order: four numbers each (readings, sum, minimum,
 * maximum), after the counts and the parts of the day. A measure without readings is four zeros,
 * and zeros at the end are left out. Spelled out here rather than taken from MEASURES: stored days
 * depend on this order, which must never follow a change to that list.
 */
export const DAY_MEASURES = [
  'heartRate',
  'systolic',
  'diastolic',
  'glucose',
  'spo2',
  'temperature',
  'weight',
  'respiratoryRate',
] as const;

export type PackedMeasure = (typeof DAY_MEASURES)[number];

/** A day's summary as the live code and version 1 keep it. */
export interface UnpackedDay {
  patientId: string;
  day: string;
  count: number;
  outOfRange: number;
  measures: Partial<Record<PackedMeasure, { n: number; sum: number; min: number; max: number }>>;
  bpMorning: { n: number; systolic: number; diastolic: number };
  bpEvening: { n: number; systolic: number; diastolic: number };
  glucoseBelow: number;
  glucoseInTarget: number;
  glucoseAbove: number;
}

const MEASURES_START = DAY_COUNTS.length + DAY_PARTS.length * 3;

export function packDay(day: UnpackedDay): string {
  const packed: number[] = [];
  for (const name of DAY_COUNTS) packed.push(day[name]);
  for (const part of DAY_PARTS) packed.push(day[part].n, day[part].systolic, day[part].diastolic);
  let end = packed.length;
  for (const measure of DAY_MEASURES) {
    const stats = day.measures[measure];
    if (stats && stats.n > 0) {
      packed.push(stats.n, stats.sum, stats.min, stats.max);
      end = packed.length;
    } else {
      packed.push(0, 0, 0, 0);
    }
  }
  packed.length = end;
  return packed.join(',');
}

/** A packed day back as an object; `day` is its date (YYYY-MM-DD), which packing leaves out. */
export function unpackDay(packed: string, patientId: string, day: string): UnpackedDay {
  const figures = packed.split(',');
  const at = (index: number) => Number(figures[index] ?? 0);
  const unpacked: UnpackedDay = {
    patientId,
    day,
    count: at(0),
    outOfRange: at(1),
    measures: {},
    bpMorning: { n: at(5), systolic: at(6), diastolic: at(7) },
    bpEvening: { n: at(8), systolic: at(9), diastolic: at(10) },
    glucoseBelow: at(2),
    glucoseInTarget: at(3),
    glucoseAbove: at(4),
  };
  DAY_MEASURES.forEach((measure, index) => {
    const start = MEASURES_START + index * 4;
    const n = at(start);
    if (n > 0)
      unpacked.measures[measure] = {
        n,
        sum: at(start + 1),
        min: at(start + 2),
        max: at(start + 3),
      };
  });
  return unpacked;
}

/** Version 1's month records, their days packed. */
export async function upgradeToV2(transaction: Transaction): Promise<void> {
  await transaction
    .table('vitalsMonthly')
    .toCollection()
    .modify((month: { days: Record<string, UnpackedDay | string> }) => {
      const days: Record<string, string> = {};
      for (const [dayOfMonth, day] of Object.entries(month.days))
        days[dayOfMonth] = typeof day === 'string' ? day : packDay(day);
      month.days = days;
    });
}
