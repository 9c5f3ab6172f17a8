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
import type { RecordRow, StoredRecord } from './stored-record';
import { compactStamps, perFieldStamps } from '@shared/sync/stamps';
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

/**
 * A push in one transaction (SYNC-PROTOCOL.md §6): claim the batch id, lock the clinic's
 * sequence row, decide every change, give each changed record the next seq, log every accepted
 * change, store the answer for replays, commit. The row lock is held until commit, so seq order is
 * commit order and a pull can never pass over a seq that commits later.
 *
 * `requestHash` identifies the request's body (a retry sends the same bytes); without it, the
 * hash of the parsed request is used.
 */
export async function applyPush(
  db: Db,
  device: DeviceContext,
  request: PushRequest,
  now: number,
  requestHash: string = sha256Hex(JSON.stringify(request)),
): Promise<PushOutcome> {
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
    // One lookup of the primary key per id (the OFFSET keeps it a lookup): left to choose, the
    // planner of a database without statistics (PGlite has no autovacuum) scans every record of
    // the clinic instead, which makes each push slower as the clinic grows.
    const { rows } = await sql<RecordRow>`
      select r.id, r.tbl, r.patient_id, r.data, r.hlc, r.seq
      from json_array_elements_text(${toJson(ids)}::json) as wanted(id)
      cross join lateral (
        select * from records where clinic_id = ${device.clinicId} and id = wanted.id offset 0
      ) r`.execute(trx);
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
    await writeBatch(trx, device, request, decided, state, before, written, now);

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
    // The clinic's new last seq and the stored answer, in one statement.
    const advance =
      seq === lastSeq
        ? sql``
        : sql`with advanced as (
            update "clinic_seq" set last_seq = ${seq} where clinic_id = ${device.clinicId})`;
    await sql`${advance}
      update push_batches set response = ${toJson(response)}, request_hash = ${requestHash}
      where device_id = ${device.deviceId} and batch_id = ${request.batchId}`.execute(trx);

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

/**
 * §6 step 3: the clinic's counter row, locked until commit. Never `nextval()` (see §12). An
 * upsert that always updates takes the row lock as `SELECT … FOR UPDATE` would, creates the row
 * for a clinic's first push, and reads the counter, in one statement.
 */
async function lockClinicSequence(
  trx: Transaction<Database>,
  clinicId: string,
): Promise<{ lastSeq: number; horizon: number }> {
  const { rows } = await sql<{ last_seq: number; tombstone_horizon: number }>`
    insert into "clinic_seq" (clinic_id, last_seq) values (${clinicId}, 0)
    on conflict (clinic_id) do update set last_seq = "clinic_seq".last_seq
    returning last_seq, tombstone_horizon`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('The clinic sequence row was not returned');
  return { lastSeq: row.last_seq, horizon: row.tombstone_horizon };
}

/** One row of a batch's writes: a record to store, a change to log, or both. */
interface WriteRow {
  id: string;
  seq: number | null;
  /** A record to store (with `tbl`, `patient_id`, `hlc`, `deleted`). */
  data?: Record<string, unknown>;
  tbl?: string;
  patient_id?: string | null;
  hlc?: Record<string, string>;
  deleted?: boolean;
  /** The record was stored before this batch (new ones are plain inserts). */
  existed?: boolean;
  /** A change to log (with `outcome`, and `change` unless it is the record itself). */
  change_id?: string;
  outcome?: 'applied' | 'superseded';
  change?: unknown;
}

/**
 * Stores the batch's records and logs its accepted changes (the audit trail: every accepted
 * change, so a value that lost a merge is never lost for good) in one statement, its rows as one
 * JSON parameter: far cheaper than thousands of bound values (measured on PGlite, where every
 * value crosses into WebAssembly). Data, stamps and changes are read as `text` columns: the
 * recordset hands over each nested object's JSON text as it is in the parameter, without the second
 * parse a `json` column costs, and they are stored without re-encoding.
 *
 * A change that created its record and is that record's only change in the batch is logged from
 * the record's own row (its fields are the record's data and its stamps the record's): the usual
 * case of a batch of new records then sends each record once instead of twice. Records new to
 * the clinic are plain inserts, a quarter cheaper than an upsert: the clinic's sequence row is
 * locked, so no other push can have stored them since they were looked up (if anything else
 * did, the insert fails and the device sends the batch again).
 */
async function writeBatch(
  trx: Transaction<Database>,
  device: DeviceContext,
  request: PushRequest,
  decided: Evaluation[],
  state: Map<string, StoredRecord>,
  before: Map<string, StoredRecord>,
  written: StoredRecord[],
  now: number,
): Promise<void> {
  const accepted = new Map<string, number>();
  request.changes.forEach((change, index) => {
    const outcome = decided[index]?.outcome;
    if (outcome !== undefined && outcome !== 'rejected')
      accepted.set(change.id, (accepted.get(change.id) ?? 0) + 1);
  });
  const rows: WriteRow[] = [];
  const recordRows = new Map<string, WriteRow>();
  for (const record of written) {
    const row: WriteRow = {
      id: record.id,
      seq: record.seq,
      tbl: record.table,
      patient_id: record.patientId,
      data: record.data,
      hlc: compactStamps(record.hlc),
      deleted: record.data._deleted === true,
      existed: before.has(record.id),
    };
    recordRows.set(record.id, row);
  }
  const logged = new Set<WriteRow>();
  request.changes.forEach((change, index) => {
    const outcome = decided[index]?.outcome;
    if (outcome === undefined || outcome === 'rejected') return;
    const recordRow = recordRows.get(change.id);
    if (
      recordRow &&
      change.op === 'upsert' &&
      outcome === 'applied' &&
      !before.has(change.id) &&
      accepted.get(change.id) === 1
    ) {
      recordRow.change_id = change.changeId;
      recordRow.outcome = outcome;
      rows.push(recordRow);
      logged.add(recordRow);
      return;
    }
    rows.push({
      id: change.id,
      seq: state.get(change.id)?.seq ?? null,
      change_id: change.changeId,
      outcome,
      change:
        change.op === 'upsert'
          ? { ...change, fieldHlc: compactStamps(perFieldStamps(change.fieldHlc, change.fields)) }
          : change,
    });
  });
  for (const row of recordRows.values()) if (!logged.has(row)) rows.push(row);
  if (rows.length === 0) return;
  await sql`
    with x as (
      select * from json_to_recordset(${toJson(rows)}::json) as x(
        id text, seq bigint, data text, tbl text, patient_id text, hlc text, deleted boolean,
        existed boolean, change_id text, outcome text, change text)
    ), created as (
      insert into records (clinic_id, id, tbl, patient_id, data, hlc, deleted, seq, updated_by, updated_at)
      select ${device.clinicId}, x.id, x.tbl, x.patient_id, x.data, x.hlc, x.deleted, x.seq, ${device.deviceId}, ${now}::bigint
      from x where x.data is not null and not x.existed
    ), updated as (
      insert into records (clinic_id, id, tbl, patient_id, data, hlc, deleted, seq, updated_by, updated_at)
      select ${device.clinicId}, x.id, x.tbl, x.patient_id, x.data, x.hlc, x.deleted, x.seq, ${device.deviceId}, ${now}::bigint
      from x where x.data is not null and x.existed
      on conflict (clinic_id, id) do update set
        data = excluded.data, hlc = excluded.hlc, deleted = excluded.deleted, seq = excluded.seq,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at
    )
    insert into change_log (clinic_id, seq, record_id, change_id, device_id, change, outcome, at)
    select ${device.clinicId}, x.seq, x.id, x.change_id, ${device.deviceId},
      coalesce(x.change,
        '{"changeId":' || to_json(x.change_id)::text || ',"op":"upsert","table":' ||
        to_json(x.tbl)::text || ',"id":' || to_json(x.id)::text || ',"patientId":' ||
        coalesce(to_json(x.patient_id)::text, 'null') || ',"fields":' || x.data ||
        ',"fieldHlc":' || x.hlc || '}'),
      x.outcome, ${now}::bigint
    from x where x.change_id is not null`.execute(trx);
}
