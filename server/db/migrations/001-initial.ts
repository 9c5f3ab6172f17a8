import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Migrations never import live code: they must keep doing what they did when first released.
// One statement each: PGlite's extended protocol runs a single statement per query.
// Synced records, their stamps, logged changes and stored answers are JSON kept as text, not
// jsonb: the server never looks inside them in SQL, and text is written about twice as fast.
const STATEMENTS = [
  `create table schema_meta (k text primary key, v text not null)`,
  `create table clinics (
    clinic_id text primary key,
    name text not null,
    created_at bigint not null
  )`,
  `create table clinic_seq (
    clinic_id text primary key references clinics(clinic_id),
    last_seq bigint not null,
    tombstone_horizon bigint not null default 0
  )`,
  `create table devices (
    device_id text primary key,
    clinic_id text not null references clinics(clinic_id),
    patient_id text,
    role text not null check (role in ('staff', 'patient')),
    name text,
    token_hash text not null unique,
    prev_token_hash text unique,
    prev_token_expires_at bigint,
    scope_version integer not null default 1,
    created_at bigint not null,
    revoked_at bigint,
    last_seen_at bigint,
    check ((role = 'patient') = (patient_id is not null))
  )`,
  `create index devices_clinic on devices (clinic_id)`,
  `create table pairing_codes (
    code_hash text primary key,
    clinic_id text not null references clinics(clinic_id),
    patient_id text,
    role text not null,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint,
    used_by text
  )`,
  `create table pair_attempts (
    bucket text not null,
    window_start bigint not null,
    attempts integer not null,
    primary key (bucket, window_start)
  )`,
  `create table records (
    clinic_id text not null,
    id text not null,
    tbl text not null,
    patient_id text,
    data text not null,
    hlc text not null,
    deleted boolean not null,
    seq bigint not null,
    updated_by text not null,
    updated_at bigint not null,
    primary key (clinic_id, id)
  )`,
  `create unique index records_clinic_seq on records (clinic_id, seq)`,
  `create index records_clinic_patient_seq on records (clinic_id, patient_id, seq)`,
  `create index records_tombstones on records (clinic_id, updated_at) where deleted`,
  `create table push_batches (
    device_id text not null,
    batch_id text not null,
    request_hash text not null,
    response text,
    created_at bigint not null,
    primary key (device_id, batch_id)
  )`,
  `create index push_batches_created on push_batches (created_at)`,
  `create table change_log (
    id bigserial primary key,
    clinic_id text not null,
    seq bigint,
    record_id text not null,
    change_id text not null,
    device_id text not null,
    change text not null,
    outcome text not null,
    at bigint not null
  )`,
  `create index change_log_record on change_log (clinic_id, record_id)`,
  `create table hosts (
    device_id text primary key,
    clinic_id text not null,
    hostname text not null,
    platform text not null,
    boot_time bigint not null,
    last_seen_at bigint not null,
    last_reboot_at bigint,
    latest jsonb
  )`,
  `create index hosts_clinic on hosts (clinic_id)`,
  ...['host_minutes', 'host_hours'].flatMap((table) => [
    `create table ${table} (
      device_id text not null,
      clinic_id text not null,
      t bigint not null,
      minutes integer not null,
      sample jsonb not null,
      primary key (device_id, t)
    )`,
    `create index ${table}_t on ${table} (t)`,
  ]),
  `create table host_events (
    id bigserial primary key,
    device_id text not null,
    clinic_id text not null,
    at bigint not null,
    kind text not null,
    boot_time bigint
  )`,
  `create index host_events_device on host_events (device_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
