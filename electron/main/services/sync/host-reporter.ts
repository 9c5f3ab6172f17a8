import type { HistoryRequest, HostAggregate, HostHistory } from '@shared/contract/host-metrics';
import type { SyncCallResult, SyncStatus } from '@shared/contract/sync';
import { toReportSample } from '@shared/host-metrics/report-sample';
import { TIER_RETENTION_MS } from '@shared/host-metrics/tiers';
import type { HostReport, HostReportResponse, HostSample } from '@shared/sync/host-report';
import {
  HOST_MINUTE_MS,
  HOST_MINUTE_RETENTION_MS,
  HOST_REPORT_MAX_SAMPLES,
  hostSampleSchema,
} from '@shared/sync/host-report';
import type { Clock } from '../../host-monitor/clock';
import type { Logger } from '../logger';
import type { HostReportStateStore } from './host-report-state';
import type { SyncTransport } from './sync-transport';

const MINUTE = HOST_MINUTE_MS;

export interface HostReporterOptions {
  transport: Pick<SyncTransport, 'getStatus' | 'reportHosts'>;
  /** The one-minute aggregates of the local history that start in [from, to), oldest first. */
  readMinutes(from: number, to: number): Promise<HostAggregate[]>;
  /** What every report says about this PC besides its samples. */
  identity(): Omit<HostReport, 'deviceId' | 'samples'>;
  state: HostReportStateStore;
  clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  logger: Logger;
  /** How long after a minute ends before it counts as complete: its last samples are in. */
  settleMs?: number;
  /** Spreads a clinic's PCs over this much of each minute. */
  spreadMs?: number;
  random?: () => number;
}

export interface HostReporter {
  /** Looks at the pairing now instead of at the next minute (it just changed). */
  wake(): void;
  /** Resolves once no report is being prepared or sent. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Pairing {
  serverUrl: string;
  clinicId: string;
  deviceId: string;
  /** Changes with every pairing, so pairing again lifts a refusal. */
  key: string;
}

/** Reports are for the clinic's own PCs: a staff pairing, complete. */
function staffPairing(status: SyncStatus): Pairing | null {
  const { paired, role, serverUrl, clinicId, deviceId, pairedAt } = status;
  if (!paired || role !== 'staff' || !serverUrl || !clinicId || !deviceId) return null;
  return {
    serverUrl,
    clinicId,
    deviceId,
    key: [serverUrl, clinicId, deviceId, pairedAt].join(' '),
  };
}

const minuteStart = (t: number) => t - (t % MINUTE);

/**
 * `readMinutes` from the host history. A window of at most 500 minutes within the minute tier's
 * reach is answered by that tier at its own resolution; anything else is a mistake here.
 */
export function minutesFromHistory(
  getHistory: (request: HistoryRequest) => Promise<HostHistory>,
): HostReporterOptions['readMinutes'] {
  return async (from, to) => {
    const history = await getHistory({ from, to, stepMs: MINUTE });
    if (history.tier !== 'minute' || history.stepMs !== MINUTE)
      throw new Error(`Host history answered in ${history.tier}s of ${history.stepMs} ms`);
    return history.points;
  };
}

/**
 * Sends this PC's one-minute aggregates to the clinic server (SYNC-PROTOCOL.md §13) while the
 * device is paired as staff. Every minute it reads from the local history the complete minutes
 * after the last one the server stored, so time spent offline is backfilled (as far back as
 * both sides keep minutes), in batches the server takes. The last minute stored is kept in the
 * sync folder, so a restart neither sends a minute again nor skips one. Failures wait as the
 * transport's backoff says; a refusal that only pairing again can cure stops the reports until
 * then. With nothing new, the report carries no samples and still tells the server the PC is up.
 */
export function startHostReporter(options: HostReporterOptions): HostReporter {
  const { transport, clock, logger } = options;
  const settleMs = options.settleMs ?? 5_000;
  const offsetMs = settleMs + (options.random ?? Math.random)() * (options.spreadMs ?? 10_000);
  const backfillMs = Math.min(TIER_RETENTION_MS.minute, HOST_MINUTE_RETENTION_MS) - MINUTE;
  let batchSize = HOST_REPORT_MAX_SAMPLES;
  let refusedFor: string | null = null;
  let problem: string | null = null;
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  function untilNextMinute(): number {
    const now = clock.now();
    return minuteStart(now) + MINUTE + offsetMs - now;
  }

  /** Logs a problem once, until reports work again. */
  function trouble(message: string, fields: Record<string, string | number>): void {
    if (problem === message) return;
    problem = message;
    logger.warn(message, fields);
  }

  async function samplesIn(from: number, to: number): Promise<HostSample[]> {
    const samples: HostSample[] = [];
    for (const aggregate of await options.readMinutes(from, to)) {
      const sample = toReportSample(aggregate);
      if (!sample || sample.t < from || sample.t >= to) continue;
      // The conversion makes samples the server takes; a bug there must not block the rest.
      if (hostSampleSchema.safeParse(sample).success) samples.push(sample);
      else
        logger.warn('A minute of host history is not fit to send; it is skipped', { t: sample.t });
    }
    return samples;
  }

  /** One round: everything due, batch after batch. Returns how long to wait before the next. */
  async function report(): Promise<number> {
    const pairing = staffPairing(await transport.getStatus());
    if (!pairing || refusedFor === pairing.key) return untilNextMinute();
    const saved = await options.state.load();
    const now = clock.now();
    const same =
      saved?.serverUrl === pairing.serverUrl &&
      saved.clinicId === pairing.clinicId &&
      saved.deviceId === pairing.deviceId &&
      // A mark in the future means the clock was set back: start again from what is kept.
      saved.lastMinute <= now;
    const earliest = minuteStart(now) - backfillMs;
    // Minutes starting before `end` are complete.
    const end = minuteStart(now - settleMs);
    let from = same ? Math.max(earliest, saved.lastMinute + MINUTE) : earliest;
    let sentMinutes = 0;
    for (;;) {
      if (closed) return untilNextMinute();
      const to = Math.min(end, from + batchSize * MINUTE);
      const samples = from < to ? await samplesIn(from, to) : [];
      // Nothing was recorded then (HealthDesk was not running): nothing to tell the server yet.
      if (samples.length === 0 && to < end) {
        from = to;
        continue;
      }
      const { result } = await transport.reportHosts({ ...options.identity(), samples });
      const outcome = interpret(result, pairing, samples.length);
      if (outcome === 'halve') {
        batchSize = Math.ceil((to - from) / MINUTE / 2);
        continue;
      }
      if (typeof outcome === 'number') return outcome;
      if (from < to) {
        const { serverUrl, clinicId, deviceId } = pairing;
        await options.state.save({
          version: 1,
          serverUrl,
          clinicId,
          deviceId,
          lastMinute: to - MINUTE,
        });
      }
      if (outcome === 'stored') sentMinutes += samples.length;
      if (to >= end) break;
      from = to;
    }
    if (sentMinutes > 1)
      logger.info('Sent minutes of host history the clinic server did not have', {
        minutes: sentMinutes,
      });
    return untilNextMinute();
  }

  /** What an answer means: go on, skip the batch, halve it, or wait this long. */
  function interpret(
    result: SyncCallResult<HostReportResponse>,
    pairing: Pairing,
    samples: number,
  ): 'stored' | 'skip' | 'halve' | number {
    switch (result.outcome) {
      case 'ok':
        if (problem !== null) logger.info('Host reports reach the clinic server again');
        problem = null;
        return 'stored';
      case 'not-paired':
        return untilNextMinute();
      case 'unreachable':
        trouble('The clinic server cannot be reached; host reports wait', {
          reason: result.reason,
        });
        return result.retryAfterMs;
      case 'error': {
        const { status } = result;
        const code = result.body.error.code;
        if (status === 429 || status >= 500) {
          trouble('The clinic server is busy or failing; host reports wait', { status, code });
          return result.retryAfterMs ?? untilNextMinute();
        }
        if (status === 413 && samples > 1) return 'halve';
        if (status === 401 || status === 403 || status === 426) {
          // Not staff any more, revoked, unknown, or too old: only pairing again (or an
          // update) changes that.
          refusedFor = pairing.key;
          trouble('The clinic server refuses host reports from this PC', { status, code });
          return untilNextMinute();
        }
        // The server will never take this batch; holding it would stop every later minute.
        logger.warn('The clinic server refused a batch of host history; it is skipped', {
          status,
          code,
        });
        return 'skip';
      }
    }
  }

  function schedule(ms: number): void {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      run();
    }, ms);
  }

  function run(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = report()
      .catch((error: unknown) => {
        trouble('Host reports could not be prepared; trying again in a minute', {
          error: String(error),
        });
        return untilNextMinute();
      })
      .then((waitMs) => {
        running = null;
        if (closed) return;
        if (again) {
          again = false;
          run();
        } else schedule(Math.max(0, waitMs));
      });
  }

  async function idle(): Promise<void> {
    while (running) await running;
  }

  schedule(0);
  return {
    wake() {
      if (closed) return;
      clock.clearTimeout(timer);
      timer = null;
      run();
    },
    idle,
    async close() {
      closed = true;
      clock.clearTimeout(timer);
      // A batch the server is storing is recorded as sent, so the next start does not repeat it.
      await idle();
    },
  };
}
