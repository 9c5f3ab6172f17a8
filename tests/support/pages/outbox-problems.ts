import { ALL_FIELDS, stampOf } from '../../../renderer/src/db/stamps';
import type { OutboxEntry, SyncedRecord } from '../../../renderer/src/db/types';

/**
 * Finds records and outbox entries that disagree, which is what a half-written transaction
 * leaves behind (SYNC-PROTOCOL §2). With nothing pushed yet, replaying a record's outbox
 * entries in order must give its stored fields and stamps:
 * - every record has the entry that created it (an upsert, or a create-many naming it);
 * - every entry's record exists;
 * - every field an upsert carries has that value and stamp on the record, and no field of the
 *   record carries a stamp that no entry sent.
 */
export function outboxProblems(
  tables: Record<string, readonly SyncedRecord[]>,
  outbox: readonly OutboxEntry[],
): string[] {
  const problems: string[] = [];
  const history = new Map<string, OutboxEntry[]>();
  const seenChanges = new Set<string>();
  for (const entry of [...outbox].sort((a, b) => (a.seqNo ?? 0) - (b.seqNo ?? 0))) {
    if (seenChanges.has(entry.changeId)) problems.push(`outbox change ${entry.changeId} twice`);
    seenChanges.add(entry.changeId);
    for (const id of entry.op === 'create-many' ? entry.ids : [entry.id]) {
      const key = `${entry.table}/${id}`;
      const list = history.get(key);
      if (list) list.push(entry);
      else history.set(key, [entry]);
    }
  }
  for (const [table, records] of Object.entries(tables)) {
    for (const record of records) {
      const key = `${table}/${record.id}`;
      problems.push(...recordProblems(key, record, history.get(key) ?? []));
      history.delete(key);
    }
  }
  for (const key of history.keys()) problems.push(`${key}: outbox entry without its record`);
  return problems;
}

function recordProblems(key: string, record: SyncedRecord, entries: OutboxEntry[]): string[] {
  const first = entries[0];
  if (!first) return [`${key}: no outbox entry`];
  const created =
    first.op === 'create-many' || (first.op === 'upsert' && 'createdAt' in first.fields);
  if (!created) return [`${key}: first outbox entry does not create it`];
  const problems: string[] = [];
  const sent = new Map<string, { value: unknown; stamp: string }>();
  for (const entry of entries) {
    if (entry.op !== 'upsert') continue;
    for (const [field, value] of Object.entries(entry.fields))
      sent.set(field, { value, stamp: entry.fieldHlc[field] ?? '' });
  }
  const values = record as unknown as Record<string, unknown>;
  for (const [field, { value, stamp }] of sent) {
    if (JSON.stringify(values[field]) !== JSON.stringify(value))
      problems.push(`${key}: ${field} differs from its outbox entries`);
    if (stampOf(record._hlc, field) !== stamp)
      problems.push(`${key}: ${field} stamp differs from its outbox entries`);
  }
  for (const field of Object.keys(record._hlc))
    if (field !== ALL_FIELDS && !sent.has(field))
      problems.push(`${key}: ${field} changed without an outbox entry`);
  return problems;
}
