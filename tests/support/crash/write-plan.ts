import type { CrashWrite } from '../pages/page-api';
import { readingInputs } from '../pages/reading-inputs';
import { pick } from '../pages/random-values';

/** A write whose promise resolved in the page: the moment the UI tells the user it is saved. */
export type Acknowledged =
  | { kind: 'add'; tag: string; id: string; patientId: string }
  | { kind: 'correct'; tag: string; id: string; oldId: string }
  | { kind: 'import'; tag: string; count: number };

/**
 * Chooses the next write of a burst: single readings, corrections (two readings in one
 * transaction) and imports of one or two batches. `correctable` holds active readings not yet
 * used in this burst; a correction takes one out, so two never race for the same reading.
 */
export function nextWrite(
  random: () => number,
  tag: string,
  patientIds: readonly string[],
  correctable: { id: string; patientId: string }[],
  now: number,
): CrashWrite {
  const patientId = pick(random, patientIds);
  const roll = random();
  const input = () => {
    const [reading] = readingInputs(Math.floor(random() * 2 ** 31), 1, now - 60_000, 30);
    if (!reading) throw new Error('no reading generated');
    return reading;
  };
  if (roll < 0.3 && correctable.length > 0) {
    const [old] = correctable.splice(Math.floor(random() * correctable.length), 1);
    if (old)
      return { kind: 'correct', patientId: old.patientId, tag, oldId: old.id, input: input() };
  }
  if (roll > 0.85)
    return {
      kind: 'import',
      patientId,
      tag,
      seed: Math.floor(random() * 2 ** 31),
      count: 100 + Math.floor(random() * 700),
    };
  return { kind: 'add', patientId, tag, input: input() };
}

/** The write as acknowledged, from what the page answered. */
export function acknowledged(write: CrashWrite, answer: string): Acknowledged {
  switch (write.kind) {
    case 'add':
      return { kind: 'add', tag: write.tag, id: answer, patientId: write.patientId };
    case 'correct':
      return { kind: 'correct', tag: write.tag, id: answer, oldId: write.oldId };
    case 'import':
      return { kind: 'import', tag: write.tag, count: write.count };
  }
}
