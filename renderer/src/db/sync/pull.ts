import type { Cursor, PullResponse } from '@shared/sync/protocol';
import { MAX_PULL_LIMIT, PROTOCOL_VERSION } from '@shared/sync/protocol';
import { DB_VERSION } from '../database';
import { loadClock } from '../clock';
import { readingTables } from '../summaries';
import { applyRemoteRecords } from './apply';
import type { SyncDeps } from './round';
import { CURSOR_KEY, writeState } from './state';
import type { TransportResult } from './transport';

/** The largest page the protocol allows (§4): fewer round trips for a device catching up. */
export const PULL_PAGE = MAX_PULL_LIMIT;

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
  const request = (cursor: Cursor | null) => {
    const answer = transport.pull({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: DB_VERSION,
      cursor,
      limit: deps.pullLimit ?? PULL_PAGE,
      // Records may come with compact stamps, as this device keeps them.
      compactStamps: true,
    });
    // Awaited below, unless storing the page before it failed.
    answer.catch(() => undefined);
    return answer;
  };
  let next = request(start);
  let pulled = 0;
  for (;;) {
    const result = await next;
    if (result.kind !== 'ok') return result;
    const page = result.body;
    // The next page is asked for while this one is stored: a pull only reads, and the pages are
    // still stored one after the other, each with its own cursor.
    if (page.hasMore) next = request(page.cursor);
    await db.transaction('rw', [db._syncState, db.patients, ...readingTables(db)], async () => {
      const clock = await loadClock(db);
      await applyRemoteRecords(db, clock, page.changes, now(), generation);
      await writeState(db, CURSOR_KEY, page.cursor);
      await clock.save();
    });
    pulled += page.changes.length;
    if (!page.hasMore) return pulled;
  }
}
