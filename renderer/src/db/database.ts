import Dexie from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type {
  ClinicDay,
  MonthSummary,
  LatestByMeasure,
  OutboxEntry,
  PatientRecord,
  ReadingRecord,
  SettingEntry,
  SyncStateEntry,
} from './types';
import { V1_STORES } from './versions/v1';
import { V2_STORES, upgradeToV2 } from './versions/v2';

/** The schema version this build writes; also sent to the sync server as `schemaVersion`. */
export const DB_VERSION = 2;

export const REAL_DB_NAME = 'healthdesk';
export const DEMO_DB_NAME = 'healthdesk-demo';

export class HealthDeskDb extends Dexie {
  declare patients: EntityTable<PatientRecord, 'id'>;
  declare vitals: EntityTable<ReadingRecord, 'id'>;
  declare vitalsMonthly: Table<MonthSummary, [string, string]>;
  declare clinicDays: EntityTable<ClinicDay, 'day'>;
  declare vitalsLatest: EntityTable<LatestByMeasure, 'patientId'>;
  declare settings: EntityTable<SettingEntry, 'key'>;
  declare _outbox: EntityTable<OutboxEntry, 'seqNo'>;
  declare _syncState: EntityTable<SyncStateEntry, 'key'>;
  declare _rejections: Table<
    { changeId: string; at: number; code: string; change: unknown },
    string
  >;
}

export interface OpenOptions {
  /** For tests in Node: fake-indexeddb's factory and key range. */
  indexedDB?: { open: (name: string, version?: number) => unknown };
  IDBKeyRange?: unknown;
}

/** Thrown when the data on disk was written by a newer HealthDesk; nothing was changed. */
export class DatabaseTooNewError extends Error {
  constructor() {
    super('This data was saved by a newer version of HealthDesk');
    this.name = 'DatabaseTooNewError';
  }
}

/** Declares every schema version with its upgrade; each has its own test (tests/unit/db/). */
export function declareVersions(db: Dexie): void {
  db.version(1).stores(V1_STORES);
  db.version(2).stores(V2_STORES).upgrade(upgradeToV2);
}

/**
 * Opens (creating or upgrading) a HealthDesk database. Clinical writes use strict durability:
 * a transaction reported complete is on disk, which Chromium's relaxed default does not promise.
 */
export async function openDatabase(name: string, options: OpenOptions = {}): Promise<HealthDeskDb> {
  const db = new HealthDeskDb(name, {
    chromeTransactionDurability: 'strict',
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange as never } : {}),
  });
  declareVersions(db);
  // Dexie 4 would open a newer database anyway, even adding its own tables to it: look first.
  const factory = (options.indexedDB ?? globalThis.indexedDB) as IDBFactory;
  if ((await installedVersion(factory, name)) > DB_VERSION * DEXIE_VERSION_FACTOR)
    throw new DatabaseTooNewError();
  try {
    await db.open();
  } catch (error) {
    db.close();
    if (isVersionError(error)) throw new DatabaseTooNewError();
    throw error;
  }
  return db;
}

/**
 * Opens a database as the app does at start-up. Right after a crash Chromium may still be
 * releasing the files ("Internal error opening backing store"), so a failure is retried a few
 * times, a little later each time, before it is reported; a newer database is refused at once.
 */
export async function openDatabaseRetrying(
  name: string,
  options: OpenOptions = {},
  attempts = 6,
  pauseMs = 250,
): Promise<HealthDeskDb> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(name, options);
    } catch (error) {
      if (error instanceof DatabaseTooNewError || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}

/** Dexie stores version n as n × 10 in IndexedDB. */
const DEXIE_VERSION_FACTOR = 10;

async function installedVersion(factory: IDBFactory, name: string): Promise<number> {
  const list = await factory.databases();
  return list.find((entry) => entry.name === name)?.version ?? 0;
}

function isVersionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const inner = (error as Error & { inner?: unknown }).inner;
  return error.name === 'VersionError' || (inner instanceof Error && inner.name === 'VersionError');
}
