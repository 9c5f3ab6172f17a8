import { hlcWallMs } from '@shared/sync/hlc';
import type { Change, PushResponse, ResyncReason } from '@shared/sync/protocol';
import { MAX_BATCH_CHANGES, MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';
import { DB_VERSION } from '../database';
import { readingTables } from '../summaries';
import { fullResync, resyncUnderWay, startFullResync } from './full-resync';
import { countPendingChanges, followingBatch, nextBatch, queueRecords } from './outbox';
import { pullAll } from './pull';
import { applyRejections, undoRejectedChange } from './rejections';
import type { SyncDeps, SyncOutcome } from './round';
import { classify } from './round';
import type { PendingBatch } from './state';
import {
  LAST_SYNC_KEY,
  NEXT_KEY,
  readCursor,
  releaseFirstBatch,
  unfreezeBatch,
  writeState,
} from './state';
import type { TransportResult } from './transport';

export type { SyncDeps, SyncOutcome } from './round';
export { FULL_RESYNC_MIN_INTERVAL_MS } from './full-resync';
export { PULL_PAGE } from './pull';

/**
 * One round of SYNC-PROTOCOL §8: push every waiting change (the same frozen batch on every
 * retry), then pull until the server has nothing more. The cursor only moves on pulls, and a
 * pull may run with changes still waiting: their newer stamps win over what arrives.
 */
export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  const { db, transport, now } = deps;
  const scope = deps.scopePatientId ?? null;
  const counts = { pushed: 0, rejected: 0 };
  let limit = MAX_BATCH_CHANGES;
  let clockAheadMs: number | null = null;
  const round = () => ({ pushed: counts.pushed, rejected: counts.rejected, again: syncOnce });
  const send = async (batch: PendingBatch): Promise<Sent> => {
    const cursor = await readCursor(db);
    const answer = transport.push({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: DB_VERSION,
      batchId: batch.batchId,
      changes: batch.changes,
      // Lets the server refuse a push made against a state it no longer has (a restore).
      ...(cursor === null ? {} : { cursor }),
    });
    return { batch, answer };
  };
  // Two batches in flight: while the server applies one, the device freezes and sends the next
  // (docs/sync-protocol.md, "Two push batches in flight").
  let following: Sent | null = null;
  for (;;) {
    let current: Sent;
    if (following) {
      current = following;
      following = null;
    } else {
      const batch = await nextBatch(db, now(), limit, scope);
      if (!batch) break;
      if (batch.changes.length === 0) {
        await db.transaction('rw', [db._outbox, db._syncState], async () => {
          await db._outbox.bulkDelete(batch.seqNos);
          await releaseFirstBatch(db);
        });
        continue;
      }
      current = await send(batch);
    }
    const next = await followingBatch(db, now(), current.batch, limit, scope);
    if (next) following = await send(next);
    const settled = await settle(deps, current, 'pending', limit, counts);
    if (settled.kind === 'continue') {
      limit = settled.limit;
      continue;
    }
    // The following batch is answered before the round ends; its outcome is kept (applied,
    // split, quarantined) or it stays frozen for the next round, and the first batch's answer
    // decides how the round goes on. A batch refused for a fast clock has left its place (its
    // changes wait unfrozen in the outbox), which the following one then holds.
    if (following)
      await settle(
        deps,
        following,
        settled.kind === 'clock-skew' ? 'pending' : 'next',
        limit,
        counts,
      );
    if (settled.kind === 'resync') return startFullResync(deps, round(), settled.reason);
    if (settled.kind === 'stop') return classify(settled.result);
    clockAheadMs = settled.aheadMs;
    break;
  }

  // A full resync that was cut short carries on where it stopped (never a plain pull instead).
  const resync = await resyncUnderWay(deps);
  if (resync) return fullResync(deps, round(), resync);
  const pulled = await pullAll(deps, await readCursor(db));
  if (typeof pulled !== 'number') {
    if (pulled.kind === 'refused' && pulled.error.code === 'RESYNC_REQUIRED') {
      return startFullResync(deps, round(), pulled.error.reason ?? 'horizon');
    }
    return classify(pulled);
  }
  await writeState(db, LAST_SYNC_KEY, now());
  if (clockAheadMs !== null)
    return {
      kind: 'retry',
      reason: 'clock-skew',
      retryAfterMs: clockAheadMs,
      message: "This computer's clock is ahead of the clinic server's: set it right",
    };
  return { kind: 'done', pushed: counts.pushed, pulled, rejected: counts.rejected };
}

interface Sent {
  batch: PendingBatch;
  answer: Promise<TransportResult<PushResponse>>;
}

type Settled =
  | { kind: 'continue'; limit: number }
  | { kind: 'resync'; reason: ResyncReason }
  | { kind: 'stop'; result: Exclude<TransportResult<PushResponse>, { kind: 'ok' }> }
  | { kind: 'clock-skew'; aheadMs: number };

/**
 * Acts on the answer to one pushed batch. `key` says where it is frozen: `pending` for the first
 * batch in flight (leaving, it hands that place to the following one), `next` for the following
 * one when the first stays frozen.
 */
async function settle(
  deps: SyncDeps,
  sent: Sent,
  key: 'pending' | 'next',
  limit: number,
  counts: { pushed: number; rejected: number },
): Promise<Settled> {
  const { db, now } = deps;
  const { batch } = sent;
  const result = await sent.answer;
  const release = () => (key === 'pending' ? releaseFirstBatch(db) : unfreezeBatch(db, NEXT_KEY));
  if (result.kind === 'refused' && result.error.code === 'RESYNC_REQUIRED') {
    // Nothing of the batch was applied. A full resync first; the batch goes after it.
    return { kind: 'resync', reason: result.error.reason ?? 'horizon' };
  }
  if (result.kind === 'refused' && result.error.code === 'BATCH_TOO_LARGE') {
    if (batch.changes.length === 1) return { kind: 'stop', result };
    const smaller = Math.max(1, Math.floor(batch.changes.length / 2));
    await splitPendingBatch(db, batch, smaller, now(), release);
    return { kind: 'continue', limit: Math.min(limit, smaller) };
  }
  if (result.kind === 'refused' && result.error.code === 'MALFORMED') {
    // Sending it again unchanged would fail again and hold back everything behind it.
    console.warn('The clinic server could not read a batch; it is kept for review', result.error);
    await quarantineBatch(db, batch, now(), release);
    counts.rejected += batch.changes.length;
    return { kind: 'continue', limit };
  }
  if (result.kind !== 'ok') return { kind: 'stop', result };
  const byId = new Map(batch.changes.map((change) => [change.changeId, change]));
  const skewed = result.body.results.flatMap((outcome) => {
    const change = byId.get(outcome.changeId);
    return outcome.outcome === 'rejected' && outcome.code === 'CLOCK_SKEW' && change
      ? [change]
      : [];
  });
  await db.transaction(
    'rw',
    [db._outbox, db._syncState, db._rejections, db.patients, ...readingTables(db)],
    async () => {
      const undone = [];
      for (const outcome of result.body.results) {
        if (outcome.outcome !== 'rejected' || outcome.code === 'CLOCK_SKEW') continue;
        const change = byId.get(outcome.changeId);
        if (!change) continue;
        counts.rejected++;
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
      // Stamps too far ahead of the server's clock (§5 CLOCK_SKEW) are not refused for good:
      // the batch's changes stay where they are in the outbox and go again once the server's
      // time has caught up (those it applied are then superseded, those it refused refused
      // again). The batch is unfrozen: it may be sent with others next time.
      if (skewed.length === 0) await db._outbox.bulkDelete(batch.seqNos);
      await release();
    },
  );
  counts.pushed += batch.changes.length - skewed.length;
  // A replayed answer is the server's word of the first attempt, maybe long ago: the changes
  // go again at once under a new batch id, for the server to judge them by its time now.
  if (skewed.length > 0 && result.body.replayed !== true)
    return { kind: 'clock-skew', aheadMs: aheadOfServer(skewed, result.body.serverTime) };
  return { kind: 'continue', limit };
}

/** How long until the server's clock lets the newest of these stamps through. */
function aheadOfServer(changes: readonly Change[], serverTime: number): number {
  let newest = 0;
  for (const change of changes) {
    const stamps = change.op === 'upsert' ? Object.values(change.fieldHlc) : [change.hlc];
    for (const stamp of stamps) newest = Math.max(newest, hlcWallMs(stamp) || 0);
  }
  return Math.max(1_000, newest - MAX_CLOCK_SKEW_MS - serverTime + 1_000);
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
  release: () => Promise<void>,
): Promise<void> {
  await db.transaction('rw', [db._outbox, db._syncState], async () => {
    const entries = await db._outbox.bulkGet(batch.seqNos);
    for (const entry of entries) {
      if (entry?.op !== 'create-many' || entry.ids.length <= limit) continue;
      await db._outbox.delete(entry.seqNo ?? -1);
      await queueRecords(db, entry.table, entry.ids, now, limit);
    }
    await release();
  });
}

/** A batch the server could not read: its changes go to the review list, not back to the server. */
async function quarantineBatch(
  db: HealthDeskDb,
  batch: PendingBatch,
  now: number,
  release: () => Promise<void>,
): Promise<void> {
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
    await release();
  });
}

export { countPendingChanges };
