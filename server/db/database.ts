import type { ColumnType, Generated, Kysely } from 'kysely';

/**
 * The server's tables (SYNC-PROTOCOL.md §6 plus host reports and pairing limits), identical on
 * PGlite and PostgreSQL. Times are Unix ms in `bigint` columns, read back as numbers (one int8
 * parser on both backends). `jsonb` columns are written as JSON text and read back parsed;
 * `JsonText` columns hold JSON as plain text (see the first migration) and are parsed by the
 * code that reads them.
 */
export type Json = ColumnType<unknown, string, string>;
export type NullableJson = ColumnType<unknown, string | null, string | null>;
export type JsonText = string;

export interface SchemaMetaTable {
  k: string;
  v: string;
}

export interface ClinicsTable {
  clinic_id: string;
  name: string;
  created_at: number;
}

export interface ClinicSeqTable {
  clinic_id: string;
  last_seq: number;
  /** Highest seq of a tombstone removed by compaction; older cursors must resync. */
  tombstone_horizon: ColumnType<number, number | undefined, number>;
}

export interface DevicesTable {
  device_id: string;
  clinic_id: string;
  patient_id: string | null;
  role: string;
  name: string | null;
  token_hash: string;
  /** The token replaced by the last rotation, valid until `prev_token_expires_at`. */
  prev_token_hash: string | null;
  prev_token_expires_at: number | null;
  scope_version: number;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

export interface PairingCodesTable {
  code_hash: string;
  clinic_id: string;
  patient_id: string | null;
  role: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
}

export interface PairAttemptsTable {
  bucket: string;
  window_start: number;
  attempts: number;
}

export interface RecordsTable {
  clinic_id: string;
  id: string;
  tbl: string;
  patient_id: string | null;
  data: JsonText;
  hlc: JsonText;
  deleted: boolean;
  seq: number;
  updated_by: string;
  updated_at: number;
}

export interface PushBatchesTable {
  device_id: string;
  batch_id: string;
  request_hash: string;
  response: JsonText | null;
  created_at: number;
}

export interface ChangeLogTable {
  id: Generated<number>;
  clinic_id: string;
  seq: number | null;
  record_id: string;
  change_id: string;
  device_id: string;
  change: JsonText;
  outcome: string;
  at: number;
}

export interface HostsTable {
  device_id: string;
  clinic_id: string;
  hostname: string;
  platform: string;
  boot_time: number;
  last_seen_at: number;
  last_reboot_at: number | null;
  latest: NullableJson;
}

export interface HostSamplesTable {
  device_id: string;
  clinic_id: string;
  t: number;
  minutes: number;
  sample: Json;
}

export interface HostEventsTable {
  id: Generated<number>;
  device_id: string;
  clinic_id: string;
  at: number;
  kind: string;
  boot_time: number | null;
}

export interface Database {
  schema_meta: SchemaMetaTable;
  clinics: ClinicsTable;
  clinic_seq: ClinicSeqTable;
  devices: DevicesTable;
  pairing_codes: PairingCodesTable;
  pair_attempts: PairAttemptsTable;
  records: RecordsTable;
  push_batches: PushBatchesTable;
  change_log: ChangeLogTable;
  hosts: HostsTable;
  host_minutes: HostSamplesTable;
  host_hours: HostSamplesTable;
  host_events: HostEventsTable;
}

export type Db = Kysely<Database>;
