import type { SyncCallResult } from '@shared/contract/sync';
import type { HlcState } from '@shared/sync/hlc';
import { formatHlc, observe, parseHlc, tick } from '@shared/sync/hlc';
import { mergeFields } from '@shared/sync/merge';
import type {
  Change,
  Cursor,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  RemoteRecord,
} from '@shared/sync/protocol';
import { MAX_BATCH_CHANGES } from '@shared/sync/protocol';
import { uuidv7 } from './ids';
import { upsert } from './records';

/** What a device needs from the main process: `sync.push` and `sync.pull` of the host API. */
export interface DeviceTransport {
  push(request: PushRequest): Promise<SyncCallResult<PushResponse>>;
  pull(request: PullRequest): Promise<SyncCallResult<PullResponse>>;
}

export interface LocalRecord {
  table: string;
  patientId: string | null;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
}

/** Every local write, for the oracle of §12(4): the highest accepted stamp must win everywhere. */
export interface WriteLog {
  changeId: string;
  id: string;
  fields: Record<string, unknown>;
  hlc: Record<string, string>;
}

export interface SyncOutcome {
  pushed: boolean;
  pulled: boolean;
  /** Why the round stopped early: the next round retries. */
  stoppedBy: string | null;
}

/**
 * A device's store and sync loop in memory (SYNC-PROTOCOL.md §2, §7, §8): the reference the
 * Dexie-backed device of the renderer must behave like. One writer at a time, as with the Web
 * Lock; change capture writes the record and its outbox entry together.
 */
export class SimDevice {
  readonly records = new Map<string, LocalRecord>();
  readonly outbox: Change[] = [];
  readonly rejections: Change[] = [];
  readonly writes: WriteLog[] = [];
  pendingBatch: PushRequest | null = null;
  cursor: Cursor | null = null;
  private hlc: HlcState = { ms: 0, c: 0 };

  constructor(
    readonly name: string,
    readonly transport: DeviceTransport,
    /** This device's wall clock (skewed on purpose in the simulation). */
    private readonly clock: () => number,
    readonly schemaVersion = 1,
  ) {}

  private stamp(): string {
    this.hlc = tick(this.hlc, this.clock());
    return formatHlc(this.hlc, this.name);
  }

  /** A local upsert: one stamp per field, record and outbox entry together (§2). */
  write(
    table: string,
    id: string,
    patientId: string | null,
    fields: Record<string, unknown>,
  ): Change {
    const change = upsert(table, id, patientId, fields, () => this.stamp());
    this.applyLocal(change, fields, change.fieldHlc);
    return change;
  }

  remove(table: string, id: string, patientId: string | null): Change {
    const hlc = this.stamp();
    const change: Change = { changeId: uuidv7(), op: 'delete', table, id, patientId, hlc };
    this.applyLocal(change, { _deleted: true }, { _deleted: hlc });
    return change;
  }

  private applyLocal(
    change: Change,
    fields: Record<string, unknown>,
    hlc: Record<string, string>,
  ): void {
    const current = this.records.get(change.id);
    const merged = mergeFields(current ?? null, fields, hlc);
    this.records.set(change.id, {
      table: change.table,
      patientId: change.patientId,
      data: merged.data,
      hlc: merged.hlc,
    });
    this.outbox.push(change);
    this.writes.push({ changeId: change.changeId, id: change.id, fields, hlc });
  }

  /** §7(7): per field, the remote value wins iff the local stamp is absent or smaller. */
  applyRemote(record: RemoteRecord): void {
    for (const stamp of Object.values(record.hlc)) {
      const parsed = parseHlc(stamp);
      if (parsed) this.hlc = observe(this.hlc, parsed, this.clock());
    }
    const local = this.records.get(record.id);
    const merged = mergeFields(local ?? null, record.data, record.hlc);
    this.records.set(record.id, {
      table: record.table,
      patientId: record.patientId,
      data: merged.data,
      hlc: merged.hlc,
    });
  }

  /** §7(5): restore every field the rejected change set from `current`, or drop a record the server never had. */
  private rejected(change: Change, current: RemoteRecord | null | undefined): void {
    this.rejections.push(change);
    if (!current) {
      this.records.delete(change.id);
      return;
    }
    const local = this.records.get(change.id);
    if (!local) return;
    const stamps = change.op === 'delete' ? { _deleted: change.hlc } : change.fieldHlc;
    const data = { ...local.data };
    const hlc = { ...local.hlc };
    for (const [field, stamp] of Object.entries(stamps)) {
      if (hlc[field] !== stamp) continue;
      const restored = current.hlc[field];
      if (restored === undefined) {
        Reflect.deleteProperty(data, field);
        Reflect.deleteProperty(hlc, field);
      } else {
        data[field] = current.data[field];
        hlc[field] = restored;
      }
    }
    this.records.set(change.id, { ...local, data, hlc });
  }

  /** §8 syncOnce: push every batch (same batchId on every retry), then pull to the end. */
  async syncOnce(pullLimit = 500): Promise<SyncOutcome> {
    const outcome: SyncOutcome = { pushed: false, pulled: false, stoppedBy: null };
    for (;;) {
      if (!this.pendingBatch) {
        if (this.outbox.length === 0) break;
        this.pendingBatch = {
          protocolVersion: 1,
          schemaVersion: this.schemaVersion,
          batchId: uuidv7(),
          changes: this.outbox.slice(0, MAX_BATCH_CHANGES),
        };
      }
      const batch = this.pendingBatch;
      // With the cursor, the server refuses a push made against a state it no longer has.
      const answer = await this.transport.push(
        this.cursor ? { ...batch, cursor: this.cursor } : batch,
      );
      if (answer.outcome === 'error' && answer.status === 409) {
        const { reason } = answer.body.error;
        const resynced = await this.fullResync(reason === 'epoch' || reason === 'ahead', pullLimit);
        if (resynced !== null) outcome.stoppedBy = resynced;
        return outcome;
      }
      if (answer.outcome !== 'ok') {
        outcome.stoppedBy = describe(answer);
        return outcome;
      }
      const results = new Map(answer.body.results.map((result) => [result.changeId, result]));
      let clockAhead = false;
      for (const change of batch.changes) {
        const result = results.get(change.changeId);
        if (result?.outcome !== 'rejected') continue;
        if (result.code === 'CLOCK_SKEW') clockAhead = true;
        else this.rejected(change, result.current);
      }
      this.pendingBatch = null;
      // §5 CLOCK_SKEW: the changes wait in the outbox until the server's time catches up (a
      // replayed answer is old news: send them again at once).
      if (clockAhead) {
        if (answer.body.replayed === true) continue;
        outcome.stoppedBy = 'clock-skew';
        break;
      }
      const sent = new Set(batch.changes.map((change) => change.changeId));
      this.outbox.splice(
        0,
        this.outbox.length,
        ...this.outbox.filter((change) => !sent.has(change.changeId)),
      );
      outcome.pushed = true;
    }
    for (;;) {
      const answer = await this.transport.pull({
        protocolVersion: 1,
        schemaVersion: this.schemaVersion,
        cursor: this.cursor,
        limit: pullLimit,
      });
      if (answer.outcome === 'error' && answer.status === 409) {
        const { reason } = answer.body.error;
        const resynced = await this.fullResync(reason === 'epoch' || reason === 'ahead', pullLimit);
        if (resynced !== null) outcome.stoppedBy = resynced;
        return outcome;
      }
      if (answer.outcome !== 'ok') {
        outcome.stoppedBy = describe(answer);
        return outcome;
      }
      for (const record of answer.body.changes) this.applyRemote(record);
      this.cursor = answer.body.cursor;
      outcome.pulled = true;
      if (!answer.body.hasMore) return outcome;
    }
  }

  /**
   * §8 fullResync, keeping the outbox. After a restore (reason `epoch`, or `ahead`: the server
   * went back in time) the server may have lost writes it had acknowledged, including newer
   * fields of records it still has, so every local record is queued again first with its own
   * stamps, in place of the changes waiting, which they carry (docs/sync-protocol.md).
   */
  private async fullResync(repush: boolean, pullLimit: number): Promise<string | null> {
    if (repush) {
      this.pendingBatch = null;
      this.outbox.length = 0;
      for (const [id, record] of this.records) {
        const change: Change = {
          changeId: uuidv7(),
          op: 'upsert',
          table: record.table,
          id,
          patientId: record.patientId,
          fields: { ...record.data },
          fieldHlc: { ...record.hlc },
        };
        this.outbox.push(change);
      }
    }
    const seen = new Set<string>();
    let cursor: Cursor | null = null;
    for (;;) {
      const answer = await this.transport.pull({
        protocolVersion: 1,
        schemaVersion: this.schemaVersion,
        cursor,
        limit: pullLimit,
      });
      if (answer.outcome !== 'ok') return describe(answer);
      for (const record of answer.body.changes) {
        this.applyRemote(record);
        seen.add(record.id);
      }
      cursor = answer.body.cursor;
      if (!answer.body.hasMore) break;
    }
    const pending = new Set(this.outbox.map((change) => change.id));
    for (const id of [...this.records.keys()])
      if (!seen.has(id) && !pending.has(id)) this.records.delete(id);
    this.cursor = cursor;
    return null;
  }
}

function describe(answer: SyncCallResult<unknown>): string {
  if (answer.outcome === 'error') return `${answer.status} ${answer.body.error.code}`;
  if (answer.outcome === 'unreachable') return answer.reason;
  return answer.outcome;
}
