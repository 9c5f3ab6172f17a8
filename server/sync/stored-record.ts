import { z } from 'zod';
import type { RemoteRecord } from '@shared/sync/protocol';
import { hlcSchema } from '@shared/sync/hlc';
import { isJsonObject, isStampRecord } from '@shared/sync/wire-checks';
import { compactStoredStamps, expandStoredStamps } from './stamp-storage';

/** A record as the server holds it; `seq` is 0 until the record is first stored. */
export interface StoredRecord {
  id: string;
  table: string;
  patientId: string | null;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
  seq: number;
}

const dataSchema = z.record(z.string(), z.unknown());
/** Stored stamps (see stamp-storage.ts): fields, and "*" for the shared stamp. */
const stampsSchema = z.record(z.string(), hlcSchema);

/** A records-table row as SQL returns it (data and stamps still JSON text). */
export interface RecordRow {
  id: string;
  tbl: string;
  patient_id: string | null;
  data: string;
  hlc: string;
  seq: number;
}

/**
 * Rows are parsed, not cast: a database is a boundary too (a restore can bring anything in). The
 * quick checks vouch for what the schemas would return unchanged, which is every row this server
 * wrote; anything else goes through the schemas.
 */
export function recordFromRow(row: RecordRow): StoredRecord {
  const record = compactRecordFromRow(row);
  return { ...record, hlc: expandStoredStamps(record.hlc, record.data) };
}

/** The row with its stamps as stored (compact), for a device that reads them so. */
function compactRecordFromRow(row: RecordRow): StoredRecord {
  const parsedData: unknown = JSON.parse(row.data);
  const data = isJsonObject(parsedData) ? parsedData : dataSchema.parse(parsedData);
  const parsedStamps: unknown = JSON.parse(row.hlc);
  const stamps = isStampRecord(parsedStamps) ? parsedStamps : stampsSchema.parse(parsedStamps);
  return { id: row.id, table: row.tbl, patientId: row.patient_id, data, hlc: stamps, seq: row.seq };
}

/**
 * A row as a pulled record: its stamps compact as stored when the device reads "*", else one
 * per field. Compact stamps are checked to cover every field all the same.
 */
export function remoteRecordFromRow(row: RecordRow, compact: boolean): RemoteRecord {
  if (!compact) return toRemoteRecord(recordFromRow(row));
  const record = compactRecordFromRow(row);
  return toRemoteRecord({ ...record, hlc: compactStoredStamps(record.hlc, record.data) });
}

export function toRemoteRecord(record: StoredRecord): RemoteRecord {
  return {
    id: record.id,
    table: record.table,
    patientId: record.patientId,
    deleted: record.data._deleted === true,
    data: record.data,
    hlc: record.hlc,
    seq: record.seq,
  };
}
