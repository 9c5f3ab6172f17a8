import type { Table } from 'dexie';
import type { SyncedRecord } from '../types';

/**
 * The stored records among `ids`, by id. Records made or sent together have ids made together,
 * which sort together, so one read of their key range usually finds them all, where reading them
 * one by one costs a request each. The range read is bounded at twice as many records as asked
 * for: a range holding more (ids spread over a large table) has the rest read one by one. When
 * the range read was not cut short it saw every stored record in the range, so an id it did not
 * find is not stored (the usual case for the records of a first sync).
 */
export async function readRecords<R extends SyncedRecord>(
  table: Table<R, string>,
  ids: readonly string[],
): Promise<Map<string, R>> {
  const found = new Map<string, R>();
  const [first] = ids;
  if (first === undefined) return found;
  let low = first;
  let high = first;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const wanted = new Set(ids);
  const limit = wanted.size * 2;
  const inRange = await table.where(':id').between(low, high, true, true).limit(limit).toArray();
  for (const record of inRange) if (wanted.has(record.id)) found.set(record.id, record);
  if (inRange.length < limit || found.size === wanted.size) return found;
  const missing = [...wanted].filter((id) => !found.has(id));
  for (const record of await table.bulkGet(missing)) if (record) found.set(record.id, record);
  return found;
}
