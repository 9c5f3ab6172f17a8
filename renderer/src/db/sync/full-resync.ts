import { SYNCED_TABLES } from '@shared/domain/tables';
import type { ResyncReason } from '@shared/sync/protocol';
import { uuidv7 } from '../ids';
import { readingTables, updateSummaries } from '../summaries';
import { batchTables, idsWithPendingChanges, queueRecords } from './outbox';
import { pullAll } from './pull';
import type { SyncDeps, SyncOutcome } from './round';
import { classify } from './round';
import {
  CURSOR_KEY,
  LAST_RESYNC_KEY,
  LAST_SYNC_KEY,
  RESYNC_KEY,
  clearState,
  readCursor,
  readState,
  unfreezeAllBatches,
  writeState,
} from './state';

/** A server that keeps answering 409 must not put the device in a loop (§8). */
export const FULL_RESYNC_MIN_INTERVAL_MS = 10 * 60_000;

/** The round so far, and the round to run again once records are queued to go back. */
export interface RoundSoFar {
  pushed: number;
  rejected: number;
  again: (deps: SyncDeps) => Promise<SyncOutcome>;
}

/** The resync under way, if one was cut short. */
export function resyncUnderWay(deps: SyncDeps): Promise<ResyncProgress | null> {
  return readState<ResyncProgress>(deps.db, RESYNC_KEY);
}

/**
 * §8 fullResync: pull everything again from the start. Local records the server no longer has
 * (and that carry no change still waiting) are then either sent back — the server was restored
 * from a backup or went back in time, and lost them — or dropped, when the server removed them
 * on purpose (tombstones compacted, the device's scope narrowed). The outbox is kept.
 *
 * A resync is saved as it goes (`RESYNC_KEY`, and the cursor of each page), so one cut short by
 * the network carries on at the next round instead of being forgotten: otherwise the cursor
 * already belongs to the new server state, no 409 comes again, and what a restored server lost
 * would never be sent back, nor stale records dropped.
 */
export async function startFullResync(
  deps: SyncDeps,
  round: RoundSoFar,
  reason: ResyncReason,
): Promise<SyncOutcome> {
  const { db, now } = deps;
  // A resync already under way starts over: the server changed again meanwhile.
  const ongoing = await resyncUnderWay(deps);
  if (ongoing) return fullResync(deps, round, await beginResync(deps, reason, ongoing.heal));
  const last = await readState<number>(db, LAST_RESYNC_KEY);
  if (last !== null && now() - last < FULL_RESYNC_MIN_INTERVAL_MS) {
    return {
      kind: 'stopped',
      reason: 'resync-loop',
      code: 'RESYNC_REQUIRED',
      message: 'The server asked for a full resync again too soon',
    };
  }
  const progress = await beginResync(deps, reason, false);
  return fullResync(deps, round, progress);
}

/** The resync under way: its generation mark, and whether it sends every record back. */
export interface ResyncProgress {
  generation: string;
  heal: boolean;
}

/**
 * Starts a resync from the first page. After a restore, or a server that went back in time, the
 * server may hold older versions of records this device has newer ones of, or none at all, so
 * every record goes back whole (with its own stamps, so anything newer on the server still wins),
 * queued in the same transaction that records the resync: the next push sends them whatever
 * happens after. Whole records replace the changes waiting, which they carry: a change alone
 * (say, marking a reading entered-in-error) would be refused by a server that lost its record,
 * and the refusal would drop the device's copy.
 */
async function beginResync(
  deps: SyncDeps,
  reason: ResyncReason,
  healing: boolean,
): Promise<ResyncProgress> {
  const { db, now } = deps;
  const progress: ResyncProgress = {
    generation: uuidv7(now()),
    heal: healing || reason === 'epoch' || reason === 'ahead',
  };
  await db.transaction('rw', batchTables(db), async () => {
    await writeState(db, LAST_RESYNC_KEY, now());
    await writeState(db, RESYNC_KEY, progress);
    await clearState(db, CURSOR_KEY);
    if (!progress.heal) return;
    // A patient's device sends back only what it may write, its patient's records of the tables
    // open to it: the server would refuse the rest (FORBIDDEN_SCOPE), each refusal going for
    // review. Changes waiting in those tables stay, to be refused and undone as ever.
    const scope = deps.scopePatientId ?? null;
    const writable = (name: string) =>
      scope === null || SYNCED_TABLES[name]?.patientWritable === true;
    await unfreezeAllBatches(db);
    await db._outbox.filter((entry) => writable(entry.table)).delete();
    for (const table of [db.patients, db.vitals] as const) {
      if (!writable(table.name)) continue;
      const ids =
        scope === null
          ? await table.toCollection().primaryKeys()
          : await table.filter((record) => record.patientId === scope).primaryKeys();
      await queueRecords(db, table.name, ids, now());
    }
  });
  return progress;
}

/** Pulls the resync's pages from where it stopped, then finishes it (drop or send back). */
export async function fullResync(
  deps: SyncDeps,
  round: RoundSoFar,
  started: ResyncProgress,
): Promise<SyncOutcome> {
  const { db, now } = deps;
  let progress = started;
  let pulled = await pullAll(deps, await readCursor(db), progress.generation);
  if (
    typeof pulled !== 'number' &&
    pulled.kind === 'refused' &&
    pulled.error.code === 'RESYNC_REQUIRED'
  ) {
    // The server changed again while this resync was under way: start it over, once per round.
    progress = await beginResync(deps, pulled.error.reason ?? 'horizon', progress.heal);
    pulled = await pullAll(deps, null, progress.generation);
  }
  if (typeof pulled !== 'number') return classify(pulled);
  const { generation, heal } = progress;
  const tables = [db._syncState, db._outbox, db.patients, ...readingTables(db)];
  await db.transaction('rw', tables, async () => {
    await clearState(db, RESYNC_KEY);
    // Records the server no longer has were removed on purpose (tombstones compacted, scope
    // narrowed, schema reset), unless it lost them: then they are queued to go back already.
    if (heal) return;
    // Read here, not before: a record written meanwhile has its change waiting and stays.
    const keep = await idsWithPendingChanges(db);
    for (const table of [db.patients, db.vitals] as const) {
      const waiting = keep.get(table.name) ?? new Set<string>();
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
    const again = await round.again(deps);
    return again.kind === 'done'
      ? {
          kind: 'done',
          pushed: round.pushed + again.pushed,
          pulled: pulled + again.pulled,
          rejected: round.rejected + again.rejected,
        }
      : again;
  }
  await writeState(db, LAST_SYNC_KEY, now());
  return { kind: 'done', pushed: round.pushed, pulled, rejected: round.rejected };
}
