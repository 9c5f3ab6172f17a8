import type { Cursor, PullResponse, ResyncReason, SyncErrorCode } from '@shared/sync/protocol';
import { MAX_BATCH_CHANGES, PROTOCOL_VERSION } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';
import { DB_VERSION } from '../database';
import { loadClock } from '../clock';
import { uuidv7 } from '../ids';
import { readingTables, updateSummaries } from '../summaries';
import type { OutboxEntry } from '../types';
import type { PendingBatch } from './state';
import { applyRemoteRecords } from './apply';
import { countPendingChanges, idsWithPendingChanges, nextBatch } from './outbox';
import { applyRejections, undoRejectedChange } from './rejections';
import {
  CURSOR_KEY,
  LAST_RESYNC_KEY,
  LAST_SYNC_KEY,
  PENDING_KEY,
  clearState,
  readCursor,
  readState,
  writeState,
} from './state';
import type { SyncTransport, TransportResult } from './transport';

export const PULL_PAGE = 500;
/** A server that keeps answering 409 must not put the device in a loop (§8). */
export const FULL_RESYNC_MIN_INTERVAL_MS = 10 * 60_000;

export type SyncOutcome =
  | { kind: 'done'; pushed: number; pulled: number; rejected: number }
  /** Nothing is wrong with the data; try again later (network down, server busy or failing). */
  | {
      kind: 'retry';
      reason: 'unreachable' | 'busy' | 'server-error';
      retryAfterMs?: number;
      message: string;
    }
  /** Syncing cannot go on until a person acts. */
  | {
      kind: 'stopped';
      reason: 'unauthenticated' | 'revoked' | 'update-required' | 'malformed' | 'resync-loop';
      code: SyncErrorCode;
      message: string;
    };

export interface SyncDeps {
  db: HealthDeskDb;
  transport: SyncTransport;
  now: () => number;
  /** On a patient's device, that patient: changes to other profiles are never sent. */
  scopePatientId?: string | null;
}

function classify(
  result: Exclude<TransportResult<unknown>, { kind: 'ok' }>,
): Exclude<SyncOutcome, { kind: 'done' }> {
  if (result.kind === 'unreachable')
    return { kind: 'retry', reason: 'unreachable', message: result.message };
  const { code, message, retryAfterMs } = result.error;
  switch (code) {
    case 'UNAUTHENTICATED':
      return { kind: 'stopped', reason: 'unauthenticated', code, message };
    case 'DEVICE_REVOKED':
      return { kind: 'stopped', reason: 'revoked', code, message };
    case 'PROTOCOL_UNSUPPORTED':
    case 'SCHEMA_TOO_OLD':
      return { kind: 'stopped', reason: 'update-required', code, message };
    case 'MALFORMED':
    case 'BATCH_TOO_LARGE':
      return { kind: 'stopped', reason: 'malformed', code, message };
    case 'BUSY':
      return {
        kind: 'retry',
        reason: 'busy',
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        message,
      };
    default:
      return { kind: 'retry', reason: 'server-error', message };
  }
}

/**
 * One round of SYNC-PROTOCOL §8: push every waiting change (the same frozen batch on every
 * retry), then pull until the server has nothing more. The cursor only moves on pulls, and a
 * pull may run with changes still waiting: their newer stamps win over what arrives.
 */
export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  const { db, transport, now } = deps;
  let pushed = 0;
  let rejected = 0;
  let limit = MAX_BATCH_CHANGES;
  for (;;) {
    const batch = await nextBatch(db, now(), limit, deps.scopePatientId ?? null);
    if (!batch) break;
    if (batch.changes.length === 0) {
      await db.transaction('rw', [db._outbox, db._syncState], async () => {
        await db._outbox.bulkDelete(batch.seqNos);
        await clearState(db, PENDING_KEY);
      });
      continue;
    }
    const result = await transport.push({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: DB_VERSION,
      batchId: batch.batchId,
      changes: batch.changes,
    });
    if (result.kind === 'refused' && result.error.code === 'BATCH_TOO_LARGE') {
      if (batch.changes.length === 1) return classify(result);
      limit = Math.max(1, Math.floor(batch.changes.length / 2));
      await splitPendingBatch(db, batch, limit, now());
      continue;
    }
    if (result.kind === 'refused' && result.error.code === 'MALFORMED') {
      // Sending it again unchanged would fail again and hold back everything behind it.
      console.warn('The clinic server could not read a batch; it is kept for review', result.error);
      await quarantineBatch(db, batch, now());
      rejected += batch.changes.length;
      continue;
    }
    if (result.kind !== 'ok') return classify(result);
    const byId = new Map(batch.changes.map((change) => [change.changeId, change]));
    await db.transaction(
      'rw',
      [db._outbox, db._syncState, db._rejections, db.patients, ...readingTables(db)],
      async () => {
        const undone = [];
        for (const outcome of result.body.results) {
          if (outcome.outcome !== 'rejected') continue;
          const change = byId.get(outcome.changeId);
          if (!change) continue;
          rejected++;
          undone.push(
            await undoRejectedChange(
              db,
              change,
              outcome.code ?? 'VALIDATION',
              outcome.current ?? null,
              now(),
            ),
          );
        }
        await applyRejections(db, undone, now());
        await db._outbox.bulkDelete(batch.seqNos);
        await clearState(db, PENDING_KEY);
      },
    );
    pushed += batch.changes.length;
  }

  const pulled = await pullAll(deps, await readCursor(db));
  if (typeof pulled !== 'number') {
    if (pulled.kind === 'refused' && pulled.error.code === 'RESYNC_REQUIRED') {
      return fullResync(deps, pushed, rejected, pulled.error.reason ?? 'horizon');
    }
    return classify(pulled);
  }
  await writeState(db, LAST_SYNC_KEY, now());
  return { kind: 'done', pushed, pulled, rejected };
}

async function pullAll(
  deps: SyncDeps,
  start: Cursor | null,
  generation?: string,
): Promise<number | Exclude<TransportResult<PullResponse>, { kind: 'ok' }>> {
  const { db, transport, now } = deps;
  let cursor = start;
  let pulled = 0;
  for (;;) {
    const result = await transport.pull({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: DB_VERSION,
      cursor,
      limit: PULL_PAGE,
    });
    if (result.kind !== 'ok') return result;
    const page = result.body;
    await db.transaction('rw', [db._syncState, db.patients, ...readingTables(db)], async () => {
      const clock = await loadClock(db);
      await applyRemoteRecords(db, clock, page.changes, now(), generation);
      await writeState(db, CURSOR_KEY, page.cursor);
      await clock.save();
    });
    pulled += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) return pulled;
  }
}

/**
 * §8 fullResync: pull everything again from the start. Local records the server no longer has
 * (and that carry no change still waiting) are then either sent back — the server was restored
 * from a backup or went back in time, and lost them — or dropped, when the server removed them
 * on purpose (tombstones compacted, the device's scope narrowed). The outbox is kept.
 */
async function fullResync(
  deps: SyncDeps,
  pushed: number,
  rejected: number,
  reason: ResyncReason,
): Promise<SyncOutcome> {
  const { db, now } = deps;
  const last = await readState<number>(db, LAST_RESYNC_KEY);
  if (last !== null && now() - last < FULL_RESYNC_MIN_INTERVAL_MS) {
    return {
      kind: 'stopped',
      reason: 'resync-loop',
      code: 'RESYNC_REQUIRED',
      message: 'The server asked for a full resync again too soon',
    };
  }
  await writeState(db, LAST_RESYNC_KEY, now());
  await clearState(db, CURSOR_KEY);
  const generation = uuidv7(now());
  const pulled = await pullAll(deps, null, generation);
  if (typeof pulled !== 'number') return classify(pulled);
  const keep = await idsWithPendingChanges(db);
  // After a restore or a server that went back in time, the server may hold older versions of
  // records this device has newer ones of, so every record goes back (with its own stamps, so
  // anything newer on the server still wins). Otherwise records the server no longer has are
  // dropped: it removed them on purpose (tombstones compacted, scope narrowed, schema reset).
  const heal = reason === 'epoch' || reason === 'ahead';
  await db.transaction('rw', [db.patients, ...readingTables(db), db._outbox], async () => {
    for (const table of [db.patients, db.vitals] as const) {
      const waiting = keep.get(table.name) ?? new Set<string>();
      if (heal) {
        const all = (await table.toCollection().primaryKeys()).filter((id) => !waiting.has(id));
        await queueRecords(db, table.name, all, now());
        continue;
      }
      const stale = await table
        .filter(
          (record) => (record as { _gen?: string })._gen !== generation && !waiting.has(record.id),
        )
        .primaryKeys();
      if (stale.length === 0) continue;
      if (table.name === 'vitals') {
        const before = await db.vitals.bulkGet(stale);
        await db.vitals.bulkDelete(stale);
        await updateSummaries(
          db,
          before.flatMap((reading) => (reading ? [{ before: reading, after: null }] : [])),
          now(),
        );
      } else {
        await table.bulkDelete(stale);
      }
    }
  });
  if (heal) {
    const again = await syncOnce(deps);
    return again.kind === 'done'
      ? {
          kind: 'done',
          pushed: pushed + again.pushed,
          pulled: pulled + again.pulled,
          rejected: rejected + again.rejected,
        }
      : again;
  }
  await writeState(db, LAST_SYNC_KEY, now());
  return { kind: 'done', pushed, pulled, rejected };
}

/** Bulk outbox entries for records sent as they are now (at most a batch's worth each). */
async function queueRecords(
  db: HealthDeskDb,
  table: string,
  ids: string[],
  now: number,
  size = MAX_BATCH_CHANGES,
): Promise<void> {
  const entries: OutboxEntry[] = [];
  for (let start = 0; start < ids.length; start += size) {
    entries.push({
      changeId: uuidv7(now),
      op: 'create-many',
      table,
      ids: ids.slice(start, start + size),
    });
  }
  await db._outbox.bulkAdd(entries);
}

/**
 * The server refused a batch as too large: unfreeze it, and split any bulk entry in it into
 * entries of at most `limit` records, so the next batch can be smaller. The server applied
 * nothing of it, so a new batch id is safe.
 */
async function splitPendingBatch(
  db: HealthDeskDb,
  batch: PendingBatch,
  limit: number,
  now: number,
): Promise<void> {
  await db.transaction('rw', [db._outbox, db._syncState], async () => {
    const entries = await db._outbox.bulkGet(batch.seqNos);
    for (const entry of entries) {
      if (entry?.op !== 'create-many' || entry.ids.length <= limit) continue;
      await db._outbox.delete(entry.seqNo ?? -1);
      await queueRecords(db, entry.table, entry.ids, now, limit);
    }
    await clearState(db, PENDING_KEY);
  });
}

/** A batch the server could not read: its changes go to the review list, not back to the server. */
async function quarantineBatch(db: HealthDeskDb, batch: PendingBatch, now: number): Promise<void> {
  await db.transaction('rw', [db._outbox, db._syncState, db._rejections], async () => {
    await db._rejections.bulkPut(
      batch.changes.map((change) => ({
        changeId: change.changeId,
        at: now,
        code: 'MALFORMED' as const,
        change,
      })),
    );
    await db._outbox.bulkDelete(batch.seqNos);
    await clearState(db, PENDING_KEY);
  });
}

export { countPendingChanges };
