import { parseHlc } from '@shared/sync/hlc';
import type { OutboxEntry, ReadingRecord, SyncedRecord } from '../../../renderer/src/db/types';

/** A correction present without the reading it replaced marked as replaced, or the reverse. */
export function correctionProblems(readings: readonly ReadingRecord[]): string[] {
  const byId = new Map(readings.map((reading) => [reading.id, reading]));
  const problems: string[] = [];
  for (const reading of readings) {
    if (reading.supersedes !== null) {
      const old = byId.get(reading.supersedes);
      if (old?.status !== 'superseded' || old.supersededBy !== reading.id)
        problems.push(`correction ${reading.id} without its original marked superseded`);
    }
    if (reading.status === 'superseded') {
      const correction = byId.get(reading.supersededBy ?? '');
      if (correction?.supersedes !== reading.id)
        problems.push(`reading ${reading.id} superseded by a correction that is not there`);
    }
  }
  return problems;
}

/**
 * The saved clock must be at or past every stamp written: a clock saved behind its own writes
 * would hand out the same stamp twice after a restart.
 */
export function clockProblems(
  saved: unknown,
  records: readonly SyncedRecord[],
  outbox: readonly OutboxEntry[],
): string[] {
  const state = saved as { ms?: unknown; c?: unknown } | undefined;
  if (typeof state?.ms !== 'number' || typeof state.c !== 'number')
    return records.length > 0 ? ['no saved clock'] : [];
  const clock = [state.ms, state.c] as const;
  const stamps = [
    ...records.flatMap((record) => Object.values(record._hlc)),
    ...outbox.flatMap((entry) => (entry.op === 'upsert' ? Object.values(entry.fieldHlc) : [])),
  ];
  let newest: string | undefined;
  for (const stamp of stamps) if (newest === undefined || stamp > newest) newest = stamp;
  const parsed = newest === undefined ? null : parseHlc(newest);
  if (parsed && (parsed.ms > clock[0] || (parsed.ms === clock[0] && parsed.c > clock[1])))
    return [`saved clock ${clock.join(':')} is behind stamp ${newest ?? ''}`];
  return [];
}
