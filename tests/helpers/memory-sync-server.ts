import { checkRecord, SYNCED_TABLES } from '@shared/domain/tables';
import { hlcWallMs } from '@shared/sync/hlc';
import { mergeFields } from '@shared/sync/merge';
import { perFieldStamps } from '@shared/sync/stamps';
import type {
  Change,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  RemoteRecord,
} from '@shared/sync/protocol';
import type { SyncTransport, TransportResult } from '../../renderer/src/db/sync/transport';

interface Stored {
  table: string;
  patientId: string | null;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
  seq: number;
}

/**
 * A small in-memory CSP/1 server for unit tests of the device's sync code. It follows the
 * protocol's push and pull rules with the shared merge and validation, one clinic, no scopes.
 * The real server (server/) is what the integration tests use.
 */
export function createMemorySyncServer(options: { now?: () => number; maxBatch?: number } = {}) {
  const now = options.now ?? (() => Date.now());
  const records = new Map<string, Stored>();
  const batches = new Map<string, PushResponse>();
  let seq = 0;
  let epoch = 'epoch-1';
  const faults: ('unreachable' | 'lose-response' | 'busy' | 'resync' | 'malformed')[] = [];

  function current(id: string): RemoteRecord | null {
    const stored = records.get(id);
    return stored
      ? {
          id,
          table: stored.table,
          patientId: stored.patientId,
          deleted: stored.data._deleted === true,
          data: stored.data,
          hlc: stored.hlc,
          seq: stored.seq,
        }
      : null;
  }

  function applyChange(change: Change): PushResponse['results'][number] {
    const stored = records.get(change.id) ?? null;
    const fields = change.op === 'upsert' ? change.fields : { _deleted: true };
    const stamps =
      change.op === 'upsert'
        ? perFieldStamps(change.fieldHlc, change.fields)
        : { _deleted: change.hlc };
    if (Object.values(stamps).some((stamp) => hlcWallMs(stamp) > now() + 5 * 60_000))
      return {
        changeId: change.changeId,
        outcome: 'rejected',
        code: 'CLOCK_SKEW',
        current: current(change.id),
      };
    if (stored && (stored.table !== change.table || stored.patientId !== change.patientId))
      return {
        changeId: change.changeId,
        outcome: 'rejected',
        code: 'IMMUTABLE_FIELD',
        current: current(change.id),
      };
    const rules = SYNCED_TABLES[change.table];
    // As the server (docs/sync-protocol.md, change 8): sending the creating write again is no
    // modification.
    if (
      stored &&
      rules?.appendOnly &&
      Object.keys(fields).some(
        (field) => !rules.mutableFields.includes(field) && stored.hlc[field] !== stamps[field],
      )
    ) {
      return {
        changeId: change.changeId,
        outcome: 'rejected',
        code: 'IMMUTABLE_FIELD',
        current: current(change.id),
      };
    }
    const merged = mergeFields(stored, fields, stamps);
    if (merged.changedFields.length === 0)
      return { changeId: change.changeId, outcome: 'superseded' };
    const problem = checkRecord(change.table, merged.data, now());
    if (problem)
      return {
        changeId: change.changeId,
        outcome: 'rejected',
        code: 'VALIDATION',
        current: current(change.id),
      };
    records.set(change.id, {
      table: change.table,
      patientId: change.patientId,
      data: merged.data,
      hlc: merged.hlc,
      seq: ++seq,
    });
    return { changeId: change.changeId, outcome: 'applied' };
  }

  const transport: SyncTransport = {
    push(request: PushRequest): Promise<TransportResult<PushResponse>> {
      const fault = faults[0] !== undefined && faults[0] !== 'resync' ? faults.shift() : undefined;
      if (fault === 'unreachable')
        return Promise.resolve({ kind: 'unreachable', message: 'connection refused' });
      if (fault === 'busy')
        return Promise.resolve({
          kind: 'refused',
          status: 503,
          error: { code: 'BUSY', message: 'busy', retryAfterMs: 1000 },
        });
      if (fault === 'malformed')
        return Promise.resolve({
          kind: 'refused',
          status: 400,
          error: { code: 'MALFORMED', message: 'changes[0].fields: expected object' },
        });
      if (request.changes.length > (options.maxBatch ?? Infinity))
        return Promise.resolve({
          kind: 'refused',
          status: 413,
          error: { code: 'BATCH_TOO_LARGE', message: 'too many changes' },
        });
      // Like the real server: a push made against another server state is refused, unapplied.
      if (request.cursor && (request.cursor.epoch !== epoch || request.cursor.seq > seq))
        return Promise.resolve({
          kind: 'refused',
          status: 409,
          error: {
            code: 'RESYNC_REQUIRED',
            message: 'resync',
            reason: request.cursor.epoch !== epoch ? 'epoch' : 'ahead',
          },
        });
      const replay = batches.get(request.batchId);
      const response = replay
        ? { ...replay, replayed: true as const }
        : {
            batchId: request.batchId,
            serverTime: now(),
            results: request.changes.map(applyChange),
          };
      if (!replay) batches.set(request.batchId, response);
      if (fault === 'lose-response')
        return Promise.resolve({ kind: 'unreachable', message: 'response lost' });
      return Promise.resolve({ kind: 'ok', body: response });
    },
    pull(request: PullRequest): Promise<TransportResult<PullResponse>> {
      const fault = faults[0] === 'resync' ? faults.shift() : undefined;
      const reason =
        fault === 'resync'
          ? 'horizon'
          : request.cursor && request.cursor.epoch !== epoch
            ? 'epoch'
            : request.cursor && request.cursor.seq > seq
              ? 'ahead'
              : null;
      if (reason)
        return Promise.resolve({
          kind: 'refused',
          status: 409,
          error: { code: 'RESYNC_REQUIRED', message: 'resync', reason },
        });
      const since = request.cursor?.seq ?? 0;
      const limit = request.limit ?? 100;
      const rows = [...records.entries()]
        .filter(([, stored]) => stored.seq > since)
        .sort(([, a], [, b]) => a.seq - b.seq);
      const page = rows.slice(0, limit).map(([id]) => current(id) as RemoteRecord);
      const last = page.at(-1);
      return Promise.resolve({
        kind: 'ok',
        body: {
          changes: page,
          cursor: { epoch, seq: last ? last.seq : since },
          hasMore: rows.length > limit,
          serverTime: now(),
        },
      });
    },
  };

  return {
    transport,
    records,
    fail(...next: typeof faults) {
      faults.push(...next);
    },
    /** Restoring a backup: a new epoch, and records written since are gone. */
    restore(snapshot: Map<string, Stored>) {
      records.clear();
      for (const [id, stored] of snapshot) records.set(id, stored);
      epoch = `epoch-${Math.random()}`;
    },
    snapshot: () => new Map([...records].map(([id, stored]) => [id, { ...stored }])),
    seq: () => seq,
  };
}
