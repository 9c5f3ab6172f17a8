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
   * Builds one patient's year of readings in import batches and keeps them in the page; for our
   * database the patient is created first. Nothing is timed.
   */
  prepareYear(request: YearRequest): Promise<PreparedYear>;
  /** Writes one prepared batch to the page's database; resolves to the write's milliseconds. */
  writePreparedBatch(index: number): Promise<number>;
  timeDashboard(patientId: string, now: number): Promise<Timed>;
  /** The same figures from the patient's raw readings of the last 90 days (the baseline). */
  timeReadingScan(patientId: string, now: number): Promise<Timed>;
  createPatient(seed: number): Promise<string>;
  /** One acknowledged write through the repositories; resolves once it is committed. */
  write(write: CrashWrite): Promise<string>;
  inspect(): Promise<Inspection>;
}

export interface YearRequest {
  seed: number;
  count: number;
  /** The newest reading is taken before this time. */
  end: number;
}

export interface PreparedYear {
  patientId: string;
  batches: number;
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
