import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database, Db } from '../db/database';
import { toJson } from '../db/json';
import { SCHEMA_VERSION } from '../db/migrations';
import { readServerEpoch, renewServerEpoch } from '../db/server-epoch';

/**
 * Backups are JSON lines, the same on PGlite and PostgreSQL, so a clinic can move from one to
 * the other: a header, one line per row, and an end line (a truncated file is refused).
 * Pairing codes, push answers and rate-limit windows are short-lived and left out.
 */
export const BACKUP_FORMAT = 'healthdesk-server-backup';

const text = z.string();
const int = z.number().int();
const json = z.unknown();

const TABLES = {
  clinics: { key: ['clinic_id'], row: { clinic_id: text, name: text, created_at: int } },
  clinic_seq: {
    key: ['clinic_id'],
    row: { clinic_id: text, last_seq: int, tombstone_horizon: int },
  },
  devices: {
    key: ['device_id'],
    row: {
      device_id: text,
      clinic_id: text,
      patient_id: text.nullable(),
      role: z.enum(['staff', 'patient']),
      name: text.nullable(),
      token_hash: text,
      prev_token_hash: text.nullable(),
      prev_token_expires_at: int.nullable(),
      scope_version: int,
      created_at: int,
      revoked_at: int.nullable(),
      last_seen_at: int.nullable(),
    },
  },
  records: {
    key: ['clinic_id', 'id'],
    row: {
      clinic_id: text,
      id: text,
      tbl: text,
      patient_id: text.nullable(),
      data: text,
      hlc: text,
      deleted: z.boolean(),
      seq: int,
      updated_by: text,
      updated_at: int,
    },
  },
  change_log: {
    key: ['id'],
    row: {
      id: int,
      clinic_id: text,
      seq: int.nullable(),
      record_id: text,
      change_id: text,
      device_id: text,
      change: text,
      outcome: text,
      at: int,
    },
  },
  hosts: {
    key: ['device_id'],
    row: {
      device_id: text,
      clinic_id: text,
      hostname: text,
      platform: text,
      boot_time: int,
      last_seen_at: int,
      last_reboot_at: int.nullable(),
      latest: json,
    },
  },
  host_minutes: {
    key: ['device_id', 't'],
    row: { device_id: text, clinic_id: text, t: int, minutes: int, sample: json },
  },
  host_hours: {
    key: ['device_id', 't'],
    row: { device_id: text, clinic_id: text, t: int, minutes: int, sample: json },
  },
  host_events: {
    key: ['id'],
    row: {
      id: int,
      device_id: text,
      clinic_id: text,
      at: int,
      kind: text,
      boot_time: int.nullable(),
    },
  },
} satisfies Partial<Record<keyof Database, { key: string[]; row: z.ZodRawShape }>>;

type BackupTable = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as BackupTable[];
/** jsonb columns; the records' JSON is kept as text (see the first migration). */
const JSON_COLUMNS = new Set(['latest', 'sample']);
/** Emptied by a restore although not backed up. */
const TRANSIENT_TABLES = ['pairing_codes', 'push_batches', 'pair_attempts'] as const;
const SERIAL_TABLES = ['change_log', 'host_events'] as const;
const PAGE = 1000;

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  schemaVersion: z.number().int().positive(),
  epoch: z.string(),
  createdAt: z.number(),
});
const rowLineSchema = z.object({ t: z.enum(TABLE_NAMES), r: z.record(z.string(), z.unknown()) });
const endLineSchema = z.object({ end: z.literal(true), rows: z.number().int().nonnegative() });

function columnsOf(table: BackupTable): string[] {
  return Object.keys(TABLES[table].row);
}

/**
 * Writes a consistent backup (one REPEATABLE READ snapshot) through `write`, which may wait
 * for a slow reader. Returns the number of rows.
 */
export async function writeBackup(
  db: Db,
  now: number,
  write: (line: string) => Promise<void>,
): Promise<number> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const header = {
        format: BACKUP_FORMAT,
        version: 1,
        schemaVersion: SCHEMA_VERSION,
        epoch: await readServerEpoch(trx),
        createdAt: now,
      };
      await write(JSON.stringify(header) + '\n');
      let rows = 0;
      for (const table of TABLE_NAMES) {
        const key = TABLES[table].key;
        let after: unknown[] | null = null;
        for (;;) {
          const page: Record<string, unknown>[] = await readPage(trx, table, key, after);
          for (const row of page) await write(JSON.stringify({ t: table, r: row }) + '\n');
          rows += page.length;
          const last = page.at(-1);
          if (page.length < PAGE || !last) break;
          after = key.map((column) => last[column]);
        }
      }
      await write(JSON.stringify({ end: true, rows }) + '\n');
      return rows;
    });
}

async function readPage(
  trx: Kysely<Database>,
  table: BackupTable,
  key: readonly string[],
  after: unknown[] | null,
): Promise<Record<string, unknown>[]> {
  const keyList = sql.join(key.map((column) => sql.ref(column)));
  const where =
    after === null
      ? sql`true`
      : sql`(${keyList}) > (${sql.join(after.map((value) => sql`${value}`))})`;
  const result = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} where ${where} order by ${keyList} limit ${PAGE}`.execute(
    trx,
  );
  return result.rows;
}

/**
 * Replaces the database's content with a backup, in one transaction, and gives the database a
 * new epoch: every device's cursor is then refused (409 RESYNC_REQUIRED, reason epoch)
 * and it resyncs. Devices paired after the backup must pair again.
 */
export async function restoreBackup(
  db: Db,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<{ rows: number; epoch: string }> {
  return db.transaction().execute(async (trx) => {
    let header: z.infer<typeof headerSchema> | null = null;
    let ended = false;
    let rows = 0;
    const pending = new Map<BackupTable, Record<string, unknown>[]>();
    const flush = async (table: BackupTable): Promise<void> => {
      const batch = pending.get(table) ?? [];
      pending.delete(table);
      if (batch.length > 0) await insertRows(trx, table, batch);
    };

    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      if (ended) throw new Error('The backup has data after its end line');
      const value: unknown = JSON.parse(line);
      if (header === null) {
        header = headerSchema.parse(value);
        if (header.schemaVersion > SCHEMA_VERSION)
          throw new Error('This backup comes from a newer server: update this server first');
        for (const table of [...TRANSIENT_TABLES, ...[...TABLE_NAMES].reverse()])
          await trx.deleteFrom(table).execute();
        continue;
      }
      const end = endLineSchema.safeParse(value);
      if (end.success) {
        if (end.data.rows !== rows) throw new Error('The backup is incomplete');
        ended = true;
        continue;
      }
      const { t, r } = rowLineSchema.parse(value);
      const row = z.object(TABLES[t].row).parse(r);
      for (const [table, batch] of pending) if (table !== t && batch.length > 0) await flush(table);
      const batch = pending.get(t) ?? [];
      batch.push(row);
      pending.set(t, batch);
      if (batch.length >= 500) await flush(t);
      rows++;
    }
    if (header === null || !ended) throw new Error('The backup is incomplete (no end line)');
    for (const table of [...pending.keys()]) await flush(table);
    for (const table of SERIAL_TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
    return { rows, epoch: await renewServerEpoch(trx) };
  });
}

function insertRows(
  trx: Kysely<Database>,
  table: BackupTable,
  rows: Record<string, unknown>[],
): Promise<unknown> {
  const columns = columnsOf(table);
  const values = rows.map(
    (row) =>
      sql`(${sql.join(
        columns.map((column): RawBuilder<unknown> => {
          const value = row[column] ?? null;
          return JSON_COLUMNS.has(column) && value !== null
            ? sql`cast(${toJson(value)} as jsonb)`
            : sql`${value}`;
        }),
      )})`,
  );
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`.execute(
    trx,
  );
}
