import { z } from 'zod';
import { historyGapSchema, hostAggregateSchema } from '@shared/contract/host-metrics';
import { crc32 } from './crc32';

const historyRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('aggregate'), aggregate: hostAggregateSchema }),
  z.object({ kind: z.literal('gap'), gap: historyGapSchema }),
]);
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

/**
 * One line of a history file: the CRC-32 of the JSON in hex, a space, the JSON. The checksum
 * catches what parsing alone would let through (a flipped digit), the line break catches tears.
 */
export function encodeRecord(record: HistoryRecord): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
}

/** The record on a line, or null for a torn, damaged or foreign line. */
export function decodeRecord(line: string): HistoryRecord | null {
  if (line.charAt(8) !== ' ' || !/^[0-9a-f]{8}$/.test(line.slice(0, 8))) return null;
  const json = line.slice(9);
  if (Number.parseInt(line.slice(0, 8), 16) !== crc32(json)) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = historyRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
