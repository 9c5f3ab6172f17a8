import type { Cursor, PullResponse } from '@shared/sync/protocol';
import { PROTOCOL_VERSION } from '@shared/sync/protocol';
import { DB_VERSION } from '../database';
import { loadClock } from '../clock';
import { readingTables } from '../summaries';
import { applyRemoteRecords } from './apply';
import type { SyncDeps } from './round';
import { CURSOR_KEY, writeState } from './state';
import type { TransportResult } from './transport';

export const PULL_PAGE = 500;

/**
 * Pulls page after page from `start` until the server has nothing more, each page applied with
 * its cursor in one transaction. Returns how many records came, or the answer that stopped it.
 * `generation` marks the records a full resync confirmed.
 */
export async function pullAll(
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
      limit: deps.pullLimit ?? PULL_PAGE,
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
