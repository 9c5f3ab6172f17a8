import { MAX_BATCH_CHANGES } from '@shared/sync/protocol';
import { uuidv7 } from './ids';
import type { OutboxEntry } from './types';

/** Records sent as they are when pushed: bulk outbox entries of at most `size` ids each. */
export function bulkEntries(
  table: string,
  ids: readonly string[],
  now: number,
  size = MAX_BATCH_CHANGES,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (let start = 0; start < ids.length; start += size)
    entries.push({
      changeId: uuidv7(now),
      op: 'create-many',
      table,
      ids: ids.slice(start, start + size),
    });
  return entries;
}
