// Entry of db.html: the renderer's database code on a page of its own, driven by Playwright.
import Dexie from 'dexie';
import { localDay } from '@shared/domain/dates';
import type { HealthDeskDb } from '../../../renderer/src/db/database';
import { openDatabaseRetrying } from '../../../renderer/src/db/database';
import { uuidv7 } from '../../../renderer/src/db/ids';
import { patientDashboard } from '../../../renderer/src/db/repositories/dashboard';
import { createPatient } from '../../../renderer/src/db/repositories/patients';
import {
  IMPORT_BATCH,
  addReading,
  buildReading,
  correctReading,
  importReadings,
  writeReadingBatch,
} from '../../../renderer/src/db/repositories/readings';
import type { PatientRecord, ReadingRecord } from '../../../renderer/src/db/types';
import { dashboardFingerprint, dashboardFromReadings } from './dashboard-scan';
import { inspectDatabase } from './inspect-database';
import type { CrashWrite, DbPageApi, PreparedYear, Timed, YearRequest } from './page-api';
import { openRawDatabase, rawPutBatch } from './raw-put';
import { readingInputs } from './reading-inputs';
import { pick, seededRandom } from './random-values';

// Dexie switches its debug mode (long stack traces) on for pages served from 127.0.0.1; the app
// runs from app://healthdesk, where it is off. Measure what users run.
Dexie.debug = false;

let ours: HealthDeskDb | null = null;
let raw: IDBDatabase | null = null;

function db(): HealthDeskDb {
  if (!ours) throw new Error('open() the database first');
  return ours;
}

async function patient(id: string): Promise<PatientRecord> {
  const found = await db().patients.get(id);
  if (!found) throw new Error(`no patient ${id}`);
  return found;
}

const GIVEN = ['Ana', 'Luis', 'Mei', 'Omar', 'Grace', 'Tomás', 'Aisha', 'Jonas', 'Priya', 'Kofi'];
const FAMILY = ['García', 'Okafor', 'Lindqvist', 'Nakamura', 'Haddad', 'Moreau', 'Kowalski'];

async function newPatient(seed: number, now: number): Promise<PatientRecord> {
  const random = seededRandom(seed);
  return createPatient(
    db(),
    {
      givenName: pick(random, GIVEN),
      familyName: pick(random, FAMILY),
      dateOfBirth: `19${40 + Math.floor(random() * 50)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      sex: random() < 0.5 ? 'female' : 'male',
      mrn: `MRN-${seed}`,
    },
    { now, today: localDay(now) },
  );
}

/** The baseline stores plain readings: no clock stamps, as an app without sync would. */
function plain(record: ReadingRecord): Omit<ReadingRecord, '_hlc'> {
  const copy: Partial<ReadingRecord> = { ...record };
  delete copy._hlc;
  return copy as Omit<ReadingRecord, '_hlc'>;
}

type Prepared =
  | { kind: 'ours'; batches: ReadingRecord[][] }
  | { kind: 'raw'; batches: Omit<ReadingRecord, '_hlc'>[][] };

let prepared: Prepared | null = null;

/**
 * One patient's year of readings built in import batches and kept in the page, so that only the
 * writes are timed. Our database gets the patient first; the baseline stores the same readings
 * without their clock stamps, as an app without sync would.
 */
async function prepareYear(request: YearRequest): Promise<PreparedYear> {
  if (raw && ours) throw new Error('one database per page: this one has both open');
  const now = Date.now();
  const patientId = raw ? uuidv7(now) : (await newPatient(request.seed, now)).id;
  const inputs = readingInputs(request.seed, request.count, request.end);
  const context = { now, enteredBy: 'Benchmark', source: 'import' as const };
  const batches: ReadingRecord[][] = [];
  for (let start = 0; start < inputs.length; start += IMPORT_BATCH)
    batches.push(
      inputs
        .slice(start, start + IMPORT_BATCH)
        .map((input) => buildReading(patientId, input, context)),
    );
  prepared = raw
    ? { kind: 'raw', batches: batches.map((batch) => batch.map(plain)) }
    : { kind: 'ours', batches };
  return { patientId, batches: batches.length, batchSize: IMPORT_BATCH };
}

function batchAt<T>(batches: readonly T[][], index: number): T[] {
  const batch = batches[index];
  if (!batch) throw new Error(`no prepared batch ${index}: prepareYear() first`);
  return batch;
}

async function writePreparedBatch(index: number): Promise<number> {
  if (!prepared) throw new Error('prepareYear() first');
  const began = performance.now();
  if (prepared.kind === 'ours')
    await writeReadingBatch(db(), batchAt(prepared.batches, index), Date.now());
  else if (raw) await rawPutBatch(raw, batchAt(prepared.batches, index));
  else throw new Error('the baseline database is not open');
  return performance.now() - began;
}

async function timed(
  work: () => Promise<Parameters<typeof dashboardFingerprint>[0]>,
): Promise<Timed> {
  const began = performance.now();
  const dashboard = await work();
  const ms = performance.now() - began;
  return { ms, fingerprint: dashboardFingerprint(dashboard) };
}

async function write(request: CrashWrite): Promise<string> {
  const now = Date.now();
  const context = { now, enteredBy: 'Crash test' };
  const owner = await patient(request.patientId);
  switch (request.kind) {
    case 'add':
      return (await addReading(db(), owner, { ...request.input, notes: request.tag }, context)).id;
    case 'correct':
      return (
        await correctReading(
          db(),
          owner,
          request.oldId,
          { ...request.input, notes: request.tag },
          context,
        )
      ).id;
    case 'import': {
      const inputs = readingInputs(request.seed, request.count, now - 60_000, 60).map(
        (input, row) => ({ ...input, notes: `${request.tag}#${row}` }),
      );
      await importReadings(db(), owner, inputs, { ...context, source: 'import' });
      return '';
    }
  }
}

const api: DbPageApi = {
  async open(name, kind) {
    if (kind === 'raw') raw = await openRawDatabase(name);
    else ours = await openDatabaseRetrying(name);
  },
  prepareYear,
  writePreparedBatch,
  timeDashboard: (patientId, now) => timed(() => patientDashboard(db(), patientId, now)),
  timeReadingScan: (patientId, now) => timed(() => dashboardFromReadings(db(), patientId, now)),
  createPatient: async (seed) => (await newPatient(seed, Date.now())).id,
  write,
  inspect: () => inspectDatabase(db()),
};

window.dbPage = api;
