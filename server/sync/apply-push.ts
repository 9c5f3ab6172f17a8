import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { PushRequest, PushResponse } from '@shared/sync/protocol';
import { pushResponseSchema } from '@shared/sync/protocol';
import type { DeviceContext } from '../auth/device-context';
import { canSee } from '../auth/device-context';
import { sha256Hex } from '../auth/secrets';
import { checkCursor, expectedCursorEpoch } from './check-cursor';
import type { Database, Db } from '../db/database';
import { toJson } from '../db/json';
import type { Evaluation } from './evaluate-change';
import { evaluateChange } from './evaluate-change';
import type { StoredRecord } from './stored-record';
import { compactStamps } from './stamp-storage';
import { recordFromRow, toRemoteRecord } from './stored-record';

/** A record this push changed, as it was and as it is, for the record metrics (alerts, incidents). */
export interface RecordTransition {
  table: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export interface PushOutcome {
  response: PushResponse;
  /** Empty for a replayed batch: nothing was applied this time. */
  transitions: RecordTransition[];
}

const RECORD_COLUMNS = ['id', 'tbl', 'patient_id', 'data', 'hlc', 'seq'] as const;

/**
 * A push in one transaction (SYNC-PROTOCOL.md §6): claim the batch id, lock the clinic's
 * sequence row, decide every change, give each changed record the next seq, log every accepted
 * change, store the answer for replays, commit. The row lock is held until commit, so seq order is
 * commit order and a pull can never pass over a seq that commits later.
 */
export async function applyPush(
  db: Db,
  device: DeviceContext,
  request: PushRequest,
  now: number,
): Promise<PushOutcome> {
  const requestHash = sha256Hex(JSON.stringify(request));
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('push_batches')
      .values({
        device_id: device.deviceId,
        batch_id: request.batchId,
        request_hash: requestHash,
        response: null,
        created_at: now,
      })
      .onConflict((conflict) => conflict.columns(['device_id', 'batch_id']).doNothing())
      .returning('batch_id')
      .executeTakeFirst();
    if (!claimed) {
      // On PostgreSQL a concurrent twin waited on the unique index until this row committed.
      const stored = await trx
        .selectFrom('push_batches')
        .select(['request_hash', 'response'])
        .where('device_id', '=', device.deviceId)
        .where('batch_id', '=', request.batchId)
        .executeTakeFirstOrThrow();
      if (stored.request_hash === requestHash && stored.response !== null) {
        const response = pushResponseSchema.parse(JSON.parse(stored.response));
        return { response: { ...response, replayed: true }, transitions: [] };
      }
      // The same batch id with another body (a client that rebuilt its batch): applying it again
      // is safe, since equal stamps merge to nothing, and its answer replaces the stored one.
    }

    const { lastSeq, horizon } = await lockClinicSequence(trx, device.clinicId);
    // A device that has not seen the server's new state (a restore) would edit records the
    // server lost: refused like its next pull, before anything is applied (docs/sync-protocol.md).
    if (request.cursor)
      checkCursor(request.cursor, await expectedCursorEpoch(trx, device, request.schemaVersion), {
        lastSeq,
        horizon,
      });
    const ids = [...new Set(request.changes.map((change) => change.id))];
    const rows = await trx
      .selectFrom('records')
      .select(RECORD_COLUMNS)
      .where('clinic_id', '=', device.clinicId)
      .where('id', 'in', ids)
      .execute();
    const before = new Map(rows.map((row) => [row.id, recordFromRow(row)]));
    const state = new Map(before);
    const context = {
      role: device.role,
      patientId: device.patientId,
      schemaVersion: request.schemaVersion,
      now,
    };

    const decided: Evaluation[] = [];
    const dirty = new Set<string>();
    for (const change of request.changes) {
      const current = state.get(change.id) ?? null;
      const evaluation = evaluateChange(current, change, context);
      decided.push(evaluation);
      if (evaluation.outcome !== 'applied') continue;
      state.set(change.id, {
        id: change.id,
        table: change.table,
        patientId: change.patientId,
        data: evaluation.data,
        hlc: evaluation.hlc,
        seq: current?.seq ?? 0,
      });
      dirty.add(change.id);
    }

    let seq = lastSeq;
    const written: StoredRecord[] = [];
    for (const id of dirty) {
      const record = state.get(id);
      if (!record) continue;
      const numbered = { ...record, seq: ++seq };
      state.set(id, numbered);
      written.push(numbered);
    }
    await writeRecords(trx, device, written, now);
    await logChanges(trx, device, request, decided, state, now);
    if (seq !== lastSeq) {
      await trx
        .updateTable('clinic_seq')
        .set({ last_seq: seq })
        .where('clinic_id', '=', device.clinicId)
        .execute();
    }

    const response: PushResponse = {
      batchId: request.batchId,
      serverTime: now,
      results: request.changes.map((change, index) => {
        const evaluation = decided[index];
        if (!evaluation || evaluation.outcome !== 'rejected')
          return { changeId: change.changeId, outcome: evaluation?.outcome ?? 'superseded' };
        const current = state.get(change.id);
        return {
          changeId: change.changeId,
          outcome: 'rejected',
          code: evaluation.code,
          current: current && canSee(device, current) ? toRemoteRecord(current) : null,
        };
      }),
    };
    await trx
      .updateTable('push_batches')
      .set({ response: toJson(response), request_hash: requestHash })
      .where('device_id', '=', device.deviceId)
      .where('batch_id', '=', request.batchId)
      .execute();

    return {
      response,
      transitions: written.map((record) => ({
        table: record.table,
        before: before.get(record.id)?.data ?? null,
        after: record.data,
      })),
    };
  });
}

/** §6 step 3: the clinic's counter row, locked until commit. Never `nextval()` (see §12). */
async function lockClinicSequence(
  trx: Transaction<Database>,
  clinicId: string,
): Promise<{ lastSeq: number; horizon: number }> {
  await trx
    .insertInto('clinic_seq')
    .values({ clinic_id: clinicId, last_seq: 0 })
    .onConflict((conflict) => conflict.column('clinic_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('clinic_seq')
    .select(['last_seq', 'tombstone_horizon'])
    .where('clinic_id', '=', clinicId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastSeq: row.last_seq, horizon: row.tombstone_horizon };
}

/**
 * One statement for the whole batch, its rows as one JSON parameter: far cheaper than thousands
 * of bound values (measured on PGlite, where every value crosses into WebAssembly). The `json`
 * type keeps each record's text as sent, so data and stamps are stored without re-encoding.
 */
async function writeRecords(
  trx: Transaction<Database>,
  device: DeviceContext,
  records: StoredRecord[],
  now: number,
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((record) => ({
    id: record.id,
    tbl: record.table,
    patient_id: record.patientId,
    data: record.data,
    hlc: compactStamps(record.hlc),
    deleted: record.data._deleted === true,
    seq: record.seq,
  }));
  await sql`
    insert into records (clinic_id, id, tbl, patient_id, data, hlc, deleted, seq, updated_by, updated_at)
    select ${device.clinicId}, x.id, x.tbl, x.patient_id, x.data::text, x.hlc::text, x.deleted, x.seq, ${device.deviceId}, ${now}::bigint
    from json_to_recordset(${toJson(rows)}::json)
      as x(id text, tbl text, patient_id text, data json, hlc json, deleted boolean, seq bigint)
    on conflict (clinic_id, id) do update set
      data = excluded.data, hlc = excluded.hlc, deleted = excluded.deleted, seq = excluded.seq,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(trx);
}

/** The audit trail: every accepted change, so a value that lost a merge is never lost for good. */
async function logChanges(
  trx: Transaction<Database>,
  device: DeviceContext,
  request: PushRequest,
  decided: Evaluation[],
  state: Map<string, StoredRecord>,
  now: number,
): Promise<void> {
  const rows = request.changes.flatMap((change, index) => {
    const outcome = decided[index]?.outcome;
    if (outcome === undefined || outcome === 'rejected') return [];
    const seq = state.get(change.id)?.seq ?? null;
    const logged =
      change.op === 'upsert' ? { ...change, fieldHlc: compactStamps(change.fieldHlc) } : change;
    return [{ seq, record_id: change.id, change_id: change.changeId, change: logged, outcome }];
  });
  if (rows.length === 0) return;
  await sql`
    insert into change_log (clinic_id, seq, record_id, change_id, device_id, change, outcome, at)
    select ${device.clinicId}, x.seq, x.record_id, x.change_id, ${device.deviceId}, x.change::text, x.outcome, ${now}::bigint
    from json_to_recordset(${toJson(rows)}::json)
      as x(seq bigint, record_id text, change_id text, change json, outcome text)`.execute(trx);
}
