import type { Change, Role } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../../../renderer/src/db/database';
import { expandStamps, syncedFields } from '../../../renderer/src/db/stamps';
import { toTransportResult } from '../../../renderer/src/db/sync/call-result';
import { countPendingChanges } from '../../../renderer/src/db/sync/outbox';
import { PENDING_KEY, readState } from '../../../renderer/src/db/sync/state';
import type { SyncOutcome } from '../../../renderer/src/db/sync/sync-once';
import { syncOnce } from '../../../renderer/src/db/sync/sync-once';
import type { SyncTransport } from '../../../renderer/src/db/sync/transport';
import type { OutboxEntry, SyncedRecord } from '../../../renderer/src/db/types';
import type { TestServer } from '../server/test-server';
import { freshIndexedDb, openTestDb } from '../test-db';
import type { FaultyLink, FieldWrite, ReplicaRecord } from './convergence-kit';
import { pairOverFaultyNetwork } from './convergence-kit';

/**
 * A device as the app runs it: the renderer's Dexie database (over fake-indexeddb) and sync
 * loop, reaching the server through the main process's transport (token, HTTP) as the host API
 * does. Syncs take the device's sync lock, like `navigator.locks`, while local writes go on
 * beside them. Every field a local write stamps is noted for the §12(4) oracle.
 */
export class DexieDevice {
  /** Fields written here (from the outbox entries the writes made). */
  readonly writes: FieldWrite[] = [];
  /** Exceptions a sync threw (none is expected: failures are outcomes). */
  readonly crashes: unknown[] = [];
  /** How many rounds ended how (`done`, `retry unreachable`, `retry clock-skew`, …). */
  readonly outcomes = new Map<string, number>();
  private readonly captured: OutboxEntry[] = [];
  private lock: Promise<unknown> = Promise.resolve();
  private readonly syncTransport: SyncTransport;
  /** Counts the app's starts: a round cut short by a restart may fail. */
  private run = 0;

  constructor(
    readonly name: string,
    private database: HealthDeskDb,
    /** Opens this device's database again, as the app does when it starts. */
    private readonly reopen: () => Promise<HealthDeskDb>,
    readonly link: FaultyLink,
    readonly role: Role,
    readonly patientId: string | null,
    /** The clinic's time, which this device's clock shows `skewMs` off. */
    private readonly clinicTime: () => number,
    /** How far this device's clock is off; a person may set it wrong and right again. */
    public skewMs: number,
  ) {
    this.syncTransport = {
      push: async (request) => toTransportResult(await link.transport.push(request)),
      pull: async (request) => toTransportResult(await link.transport.pull(request)),
    };
    this.watchOutbox();
  }

  get db(): HealthDeskDb {
    return this.database;
  }

  private watchOutbox(): void {
    this.database._outbox.hook('creating', (_key, entry) => {
      this.captured.push(entry);
    });
  }

  /**
   * The app quits in the middle of whatever it does and starts again: the database is opened
   * again with what was committed, and the round that was running stops where it was.
   */
  async restartApp(): Promise<void> {
    this.run++;
    this.database.close();
    await this.lock;
    this.database = await this.reopen();
    this.watchOutbox();
  }

  /** This device's wall clock. */
  readonly now = (): number => this.clinicTime() + this.skewMs;

  /** One sync round (§8) once the one running has finished. */
  sync(pullLimit?: number): Promise<SyncOutcome> {
    const run = this.run;
    const round = this.lock
      .then(() =>
        syncOnce({
          db: this.db,
          transport: this.syncTransport,
          now: this.now,
          scopePatientId: this.patientId,
          ...(pullLimit === undefined ? {} : { pullLimit }),
        }),
      )
      .then((outcome) => {
        const key = outcome.kind === 'done' ? 'done' : `${outcome.kind} ${outcome.reason}`;
        this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
        return outcome;
      });
    this.lock = round.catch((error: unknown) => {
      if (run === this.run) this.crashes.push(error);
    });
    return round;
  }

  /** A sync round the caller does not wait for (the app's timer, or a local write's trigger). */
  syncInBackground(pullLimit?: number): void {
    this.sync(pullLimit).catch(() => undefined);
  }

  /** Waits for every sync round started so far. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.lock;
      await seen;
    } while (seen !== this.lock);
  }

  /**
   * Notes the fields of the outbox entries written since the last call. Call it after each local
   * write; a bulk entry's fields are read from its records.
   */
  async noteWrites(): Promise<void> {
    const entries = this.captured.splice(0, this.captured.length);
    for (const entry of entries) {
      if (entry.op === 'upsert') {
        for (const [field, hlc] of Object.entries(entry.fieldHlc))
          this.writes.push({ id: entry.id, field, hlc, value: entry.fields[field] });
      } else if (entry.op === 'delete') {
        this.writes.push({ id: entry.id, field: '_deleted', hlc: entry.hlc, value: true });
      } else {
        const records = await this.db.table<SyncedRecord, string>(entry.table).bulkGet(entry.ids);
        for (const record of records) {
          if (!record) continue;
          const { data, hlc } = replicaOf(record);
          for (const [field, stamp] of Object.entries(hlc))
            this.writes.push({ id: record.id, field, hlc: stamp, value: data[field] });
        }
      }
    }
  }

  /** The changes the server refused (kept for review). */
  async refusedChanges(): Promise<Change[]> {
    return (await this.db._rejections.toArray()).map(({ change }) => change as Change);
  }

  /** The synced records as a replica: fields and one stamp per field, as on the wire. */
  async replica(): Promise<Map<string, ReplicaRecord>> {
    const records = new Map<string, ReplicaRecord>();
    for (const table of [this.db.patients, this.db.vitals] as const) {
      await table.each((record: SyncedRecord) => {
        records.set(record.id, { table: table.name, ...replicaOf(record) });
      });
    }
    return records;
  }

  /** Changes waiting to be sent, and whether a batch awaits its answer. */
  async waiting(): Promise<{ changes: number; batch: boolean }> {
    return {
      changes: await countPendingChanges(this.db),
      batch: (await readState(this.db, PENDING_KEY)) !== null,
    };
  }
}

/** A local record's synced fields and their stamps (an empty stamp is "never written"). */
function replicaOf(record: SyncedRecord): Omit<ReplicaRecord, 'table'> {
  const data = syncedFields(record);
  const stamps = expandStamps(record._hlc, Object.keys(data));
  if (record._deleted !== undefined) data._deleted = record._deleted;
  if (record._hlc._deleted !== undefined) stamps._deleted = record._hlc._deleted;
  const hlc = Object.fromEntries(Object.entries(stamps).filter(([, stamp]) => stamp !== ''));
  return { patientId: record.patientId, data, hlc };
}

/** A new device with an empty database, paired with the clinic over a faulty network. */
export async function joinDexieDevice(
  server: TestServer,
  clinicId: string,
  options: {
    name: string;
    role: Role;
    patientId?: string | null;
    skewMs: number;
    random: () => number;
    faultRate: number;
  },
): Promise<DexieDevice> {
  const patientId = options.patientId ?? null;
  const link = await pairOverFaultyNetwork(
    server,
    clinicId,
    options.role,
    patientId,
    options.random,
    options.faultRate,
  );
  const idb = freshIndexedDb();
  return new DexieDevice(
    options.name,
    await openTestDb(options.name, idb),
    () => openTestDb(options.name, idb),
    link,
    options.role,
    patientId,
    server.clock.now,
    options.skewMs,
  );
}
