import { BP_ARMS, BP_POSITIONS, GLUCOSE_CONTEXTS } from '@shared/domain/measures';
import type { GlucoseContext } from '@shared/domain/measures';
import type { ReadingInput } from '@shared/domain/vitals';
import { gaussian, pick, seededRandom } from './random-values';

const DAY_MS = 86_400_000;
const KINDS = ['hypertension', 'diabetes', 'general'] as const;
type PatientKind = (typeof KINDS)[number];

const GLUCOSE_MEAN: Record<GlucoseContext, number> = {
  fasting: 105,
  'before-meal': 115,
  'after-meal': 145,
  random: 125,
};

/** About this share of readings is far out of range, as a real clinic's data has a few. */
const SPIKE_SHARE = 0.03;

/**
 * What one patient recorded over `spanDays` up to `end`, oldest first: a plausible mix for a
 * hypertensive, diabetic or general patient, the same for the same seed.
 */
export function readingInputs(
  seed: number,
  count: number,
  end: number,
  spanDays = 365,
): ReadingInput[] {
  const random = seededRandom(seed);
  const kind = pick(random, KINDS);
  const weight = gaussian(random, 78, 14);
  const start = end - spanDays * DAY_MS;
  const step = (end - start) / count;
  const inputs: ReadingInput[] = [];
  for (let index = 0; index < count; index++) {
    const takenAt = Math.floor(start + index * step + random() * step * 0.9);
    inputs.push(readingFor(random, kind, takenAt, weight));
  }
  return inputs;
}

function readingFor(
  random: () => number,
  kind: PatientKind,
  takenAt: number,
  weight: number,
): ReadingInput {
  const spike = random() < SPIKE_SHARE;
  const roll = random();
  if (kind === 'diabetes' ? roll < 0.8 : kind === 'general' && roll < 0.15)
    return glucose(random, takenAt, spike);
  if (kind === 'general' && roll < 0.35)
    return {
      takenAt,
      spo2: clamp(Math.round(gaussian(random, 97.5, 1)) - (spike ? 9 : 0), 80, 100),
      temperature: clamp(gaussian(random, 36.8, 0.3) + (spike ? 2.4 : 0), 34, 42),
      heartRate: clamp(Math.round(gaussian(random, 74, 8)), 45, 140),
    };
  if (roll > 0.9) return { takenAt, weight: clamp(gaussian(random, weight, 0.6), 40, 200) };
  if (kind === 'general' && roll > 0.8)
    return {
      takenAt,
      respiratoryRate: clamp(Math.round(gaussian(random, 15, 2)), 8, 30),
      spo2: clamp(Math.round(gaussian(random, 97.5, 1)), 90, 100),
    };
  return bloodPressure(random, takenAt, spike);
}

function bloodPressure(random: () => number, takenAt: number, spike: boolean): ReadingInput {
  const systolic = clamp(Math.round(gaussian(random, 124, 8)) + (spike ? 40 : 0), 90, 230);
  return {
    takenAt,
    systolic,
    diastolic: clamp(Math.round(gaussian(random, systolic * 0.63, 5)), 55, systolic - 20),
    heartRate: clamp(Math.round(gaussian(random, 72, 8)), 45, 140),
    bpArm: pick(random, BP_ARMS),
    bpPosition: pick(random, BP_POSITIONS),
  };
}

function glucose(random: () => number, takenAt: number, spike: boolean): ReadingInput {
  const context = pick(random, GLUCOSE_CONTEXTS);
  return {
    takenAt,
    glucose: clamp(gaussian(random, GLUCOSE_MEAN[context], 15) + (spike ? 160 : 0), 40, 600),
    glucoseContext: context,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
