import type { ReadingInput } from '@shared/domain/vitals';
import type { Inspection } from './inspect-database';

/**
 * What the test pages (db.html, chart.html) offer to Playwright, on `window`. They are built from
 * the renderer's own modules, so benchmarks and the crash test run the real database and chart
 * code in Chromium without any hook in the app.
 */
export interface DbPageApi {
  /** Opens (creating) a HealthDesk database, or for `raw` the baseline's plain IndexedDB one. */
  open(name: string, kind: 'ours' | 'raw'): Promise<void>;
  /**
   * One patient's year of readings in import batches, written by our path and, when `raw` is
   * set, batch by batch in turn by the raw baseline too. Only the writes are timed.
   */
  insertPatientYear(request: InsertRequest): Promise<InsertResult>;
  timeDashboard(patientId: string, now: number): Promise<Timed>;
  /** The same figures from the patient's raw readings of the last 90 days (the baseline). */
  timeReadingScan(patientId: string, now: number): Promise<Timed>;
  createPatient(seed: number): Promise<string>;
  /** One acknowledged write through the repositories; resolves once it is committed. */
  write(write: CrashWrite): Promise<string>;
  inspect(): Promise<Inspection>;
}

export interface InsertRequest {
  seed: number;
  count: number;
  /** The newest reading is taken before this time. */
  end: number;
  /** Also write every batch to the raw baseline database, alternating which goes first. */
  raw: boolean;
}

export interface InsertResult {
  patientId: string;
  /** Milliseconds per batch of our path, and of the baseline's for the same batch. */
  oursMs: number[];
  rawMs: number[];
  batchSize: number;
}

export interface Timed {
  ms: number;
  /** Counts and averages, to check that what was timed and its baseline agree. */
  fingerprint: string;
}

/** Each write carries a unique tag in its notes, so the test can find it after a crash. */
export type CrashWrite =
  | { kind: 'add'; patientId: string; tag: string; input: ReadingInput }
  | { kind: 'correct'; patientId: string; tag: string; oldId: string; input: ReadingInput }
  | { kind: 'import'; patientId: string; tag: string; seed: number; count: number };

export interface ChartPageApi {
  drawGlucoseYear(request: ChartRequest): Promise<ChartTiming>;
}

export interface ChartRequest {
  seed: number;
  /** Readings every five minutes, ending now. */
  points: number;
  /** false: the baseline, the same chart without LTTB sampling. */
  sampling: boolean;
}

export interface ChartTiming {
  /** toSeries + trendOption. */
  buildMs: number;
  /** From setOption to ECharts' 'finished' event (the frame rendered). */
  drawMs: number;
}

export interface PageApis {
  dbPage: DbPageApi;
  chartPage: ChartPageApi;
}

declare global {
  interface Window {
    dbPage?: DbPageApi;
    chartPage?: ChartPageApi;
  }
}
