import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostAggregate } from '@shared/contract/host-metrics';
import type { SyncCallResult, SyncStatus } from '@shared/contract/sync';
import type { HostReport, HostReportResponse } from '@shared/sync/host-report';
import { hostReportSchema } from '@shared/sync/host-report';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import type {
  HostReportState,
  HostReportStateStore,
} from '../../../../electron/main/services/sync/host-report-state';
import { createHostReportStateStore } from '../../../../electron/main/services/sync/host-report-state';
import type { HostReporter } from '../../../../electron/main/services/sync/host-reporter';
import { startHostReporter } from '../../../../electron/main/services/sync/host-reporter';
import { createFakeClock } from '../../../helpers/fake-clock';
import { pairedStatus } from '../../../helpers/sync/paired-status';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const DEVICE = '0190f5c2-0000-7000-8000-0000000000d1';
const CLINIC = '0190f5c2-0000-7000-8000-000000000001';

type Sent = Omit<HostReport, 'deviceId'>;
type Answer = SyncCallResult<HostReportResponse>;

function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return pairedStatus({ deviceId: DEVICE, clinicId: CLINIC, pairedAt: T0 - DAY }, overrides);
}

function aggregate(start: number, cpu = 20): HostAggregate {
  const stat = (avg: number) => ({ min: avg - 1, avg, max: avg + 1 });
  return {
    start,
    stepMs: MINUTE,
    count: 60,
    cpuPercent: stat(cpu),
    memoryPercent: stat(50),
    load1: stat(1),
    netRxBytesPerSec: stat(1000),
    netTxBytesPerSec: stat(500),
    diskReadBytesPerSec: null,
    diskWriteBytesPerSec: null,
    fileSystems: [{ mount: '/', sizeBytes: 100, usedBytes: 40, usedPercent: 40 }],
  };
}

const ok: Answer = {
  outcome: 'ok',
  status: 200,
  body: { accepted: 0, ignored: 0, rebooted: false, serverTime: 0 },
};
const unreachable = (retryAfterMs: number): Answer => ({
  outcome: 'unreachable',
  reason: 'network',
  message: 'fetch failed',
  retryAfterMs,
});
const refused = (status: number, code: string): Answer => ({
  outcome: 'error',
  status,
  body: { error: { code: code as 'FORBIDDEN', message: 'no' } },
});

/** What this PC remembers having sent to the clinic: every minute up to `lastMinute`. */
function sentUpTo(lastMinute: number, serverUrl = 'https://clinic.example'): HostReportState {
  return { version: 1, serverUrl, clinicId: CLINIC, deviceId: DEVICE, lastMinute };
}

function memoryState(initial: HostReportState | null = null) {
  const store: HostReportStateStore & { value: HostReportState | null } = {
    value: initial,
    load: () => Promise.resolve(store.value),
    save(state) {
      store.value = state;
      return Promise.resolve();
    },
  };
  return store;
}

/**
 * A reporter over a fake clock, a fake transport and a fake history that holds a minute for
 * every minute HealthDesk was running (`running` from, or `stopped` between), including the
 * minute in progress, as the real history does.
 */
function setup(options: { state?: ReturnType<typeof memoryState>; start?: number } = {}) {
  const clock = createFakeClock(options.start ?? T0);
  const logger = createMemoryLogger();
  const sent: Sent[] = [];
  const reads: { from: number; to: number }[] = [];
  const machine = {
    status: status(),
    answer: ((): Answer => ok) as (report: Sent) => Answer,
    runningSince: (options.start ?? T0) - 2 * HOUR,
    stopped: [] as { from: number; to: number }[],
  };
  const state = options.state ?? memoryState();
  const reporter: HostReporter = startHostReporter({
    transport: {
      getStatus: () => Promise.resolve(machine.status),
      reportHosts(report) {
        if (!machine.status.paired)
          return Promise.resolve({ sent: 0, result: { outcome: 'not-paired' } });
        // The real transport refuses more than 500 a request; the reporter must never ask.
        expect(report.samples.length).toBeLessThanOrEqual(500);
        const answer = machine.answer(report);
        if (answer.outcome === 'ok') sent.push(report);
        return Promise.resolve({
          sent: answer.outcome === 'ok' ? report.samples.length : 0,
          result: answer,
        });
      },
    },
    readMinutes(from, to) {
      reads.push({ from, to });
      const minutes: HostAggregate[] = [];
      for (let t = Math.max(from, machine.runningSince); t < to && t <= clock.now(); t += MINUTE) {
        if (machine.stopped.some((gap) => t >= gap.from && t < gap.to)) continue;
        minutes.push(aggregate(t));
      }
      return Promise.resolve(minutes);
    },
    identity: () => ({ hostname: 'front-desk-1', platform: 'linux', bootTime: T0 - DAY }),
    state,
    clock,
    logger,
    random: () => 0,
  });
  const times = () => sent.flatMap((report) => report.samples.map((sample) => sample.t));
  return { clock, logger, sent, reads, machine, state, reporter, times };
}

describe('host reporter', () => {
  let reporter: HostReporter | undefined;
  afterEach(async () => {
    await reporter?.close();
    reporter = undefined;
  });

  it('sends each complete minute once, oldest first, and never the minute in progress', async () => {
    const t = setup({
      state: memoryState(sentUpTo(T0 - 3 * MINUTE)),
    });
    reporter = t.reporter;
    await t.clock.advance(0);
    await t.reporter.idle();
    // At 10:00:00 the minute 09:59 has not settled yet: 09:58 was the last complete one.
    expect(t.times()).toEqual([T0 - 2 * MINUTE]);
    for (let i = 0; i < 3; i++) {
      await t.clock.advance(MINUTE);
      await t.reporter.idle();
    }
    expect(t.times()).toEqual([T0 - 2 * MINUTE, T0 - MINUTE, T0, T0 + MINUTE]);
    for (const report of t.sent) {
      expect(hostReportSchema.safeParse({ ...report, deviceId: DEVICE }).success).toBe(true);
      expect(report).toMatchObject({ hostname: 'front-desk-1', platform: 'linux' });
    }
    expect(t.state.value).toMatchObject({ lastMinute: T0 + MINUTE, deviceId: DEVICE });
  });

  it('tells the server it is up with an empty report when no minute is new', async () => {
    const t = setup();
    reporter = t.reporter;
    t.machine.runningSince = T0;
    await t.clock.advance(0);
    await t.reporter.idle();
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.samples).toEqual([]);
  });

  it('backfills what it missed while the server was unreachable, in batches of 500', async () => {
    const t = setup({
      state: memoryState(sentUpTo(T0 - 2 * MINUTE)),
    });
    reporter = t.reporter;
    t.machine.runningSince = T0 - DAY;
    let attempts = 0;
    t.machine.answer = () => {
      attempts++;
      return unreachable(Math.min(5 * MINUTE, 1000 * 2 ** attempts));
    };
    const offlineFor = DAY;
    while (t.clock.now() < T0 + offlineFor) {
      await t.clock.advance(30 * SECOND);
      await t.reporter.idle();
    }
    expect(t.sent).toHaveLength(0);
    // It backed off: the tries thin out to one every five minutes or so.
    expect(attempts).toBeLessThan(offlineFor / (4 * MINUTE));

    t.machine.answer = () => ok;
    await t.clock.advance(5 * MINUTE);
    await t.reporter.idle();
    const missed = t.times();
    expect(t.sent.map((report) => report.samples.length).slice(0, 2)).toEqual([500, 500]);
    expect(missed[0]).toBe(T0 - MINUTE);
    // Every minute from the one after the last stored to the last complete one, none twice.
    expect(missed.slice(1).every((time, i) => time - (missed[i] ?? 0) === MINUTE)).toBe(true);
    expect(missed.at(-1)).toBeGreaterThanOrEqual(t.clock.now() - 3 * MINUTE);
    expect(missed.length).toBeGreaterThan(24 * 60);
    expect(t.logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('reaches back no further than the minutes both sides keep (7 days)', async () => {
    const t = setup();
    reporter = t.reporter;
    t.machine.runningSince = T0 - 10 * DAY;
    await t.clock.advance(0);
    await t.reporter.idle();
    const times = t.times();
    expect(Math.min(...t.reads.map((read) => read.from))).toBeGreaterThanOrEqual(T0 - 7 * DAY);
    expect(times[0]).toBeGreaterThanOrEqual(T0 - 7 * DAY);
    expect(times.length).toBeGreaterThan(7 * 24 * 60 - 5);
    expect(Math.max(...t.sent.map((report) => report.samples.length))).toBe(500);
  });

  it('skips the stretches HealthDesk was not running without asking the server', async () => {
    const t = setup({
      state: memoryState(sentUpTo(T0 - 2 * DAY)),
    });
    reporter = t.reporter;
    t.machine.runningSince = T0 - 3 * DAY;
    t.machine.stopped = [{ from: T0 - 2 * DAY, to: T0 - 10 * MINUTE }];
    await t.clock.advance(0);
    await t.reporter.idle();
    expect(t.times()).toEqual(Array.from({ length: 9 }, (_, i) => T0 - 10 * MINUTE + i * MINUTE));
    expect(t.sent).toHaveLength(1);
  });

  it('does not send a minute again after a restart, nor skip one', async () => {
    const state = memoryState();
    const first = setup({ state });
    await first.clock.advance(3 * MINUTE);
    await first.reporter.idle();
    await first.reporter.close();
    const before = first.times();
    expect(before.length).toBeGreaterThan(0);

    // Five minutes later, a new start on the same data folder.
    const second = setup({ state, start: first.clock.now() + 5 * MINUTE });
    reporter = second.reporter;
    await second.clock.advance(0);
    await second.reporter.idle();
    const after = second.times();
    expect(after[0]).toBe((before.at(-1) ?? 0) + MINUTE);
    expect(after.filter((time) => before.includes(time))).toEqual([]);
  });

  it('starts again from scratch when paired with another server', async () => {
    const state = memoryState(sentUpTo(T0 - 2 * MINUTE, 'https://old.example'));
    const t = setup({ state });
    reporter = t.reporter;
    await t.clock.advance(0);
    await t.reporter.idle();
    expect(t.times()[0]).toBe(T0 - 2 * HOUR);
    expect(state.value).toMatchObject({ serverUrl: 'https://clinic.example' });
  });

  it('reports nothing unless paired as staff, and starts as soon as it is', async () => {
    const t = setup();
    reporter = t.reporter;
    t.machine.status = status({
      paired: false,
      role: null,
      deviceId: null,
      serverUrl: null,
      clinicId: null,
    });
    await t.clock.advance(3 * MINUTE);
    t.machine.status = status({ role: 'patient', patientId: CLINIC });
    await t.clock.advance(3 * MINUTE);
    await t.reporter.idle();
    expect(t.sent).toHaveLength(0);

    t.machine.status = status();
    t.reporter.wake();
    await t.reporter.idle();
    expect(t.sent.length).toBeGreaterThan(0);
    const count = t.sent.length;
    t.machine.status = status({ paired: false });
    t.reporter.wake();
    await t.clock.advance(3 * MINUTE);
    await t.reporter.idle();
    expect(t.sent).toHaveLength(count);
  });

  it('stops when the server refuses this PC, until it is paired again', async () => {
    const t = setup();
    reporter = t.reporter;
    let asked = 0;
    t.machine.answer = () => {
      asked++;
      return refused(403, 'DEVICE_REVOKED');
    };
    await t.clock.advance(10 * MINUTE);
    await t.reporter.idle();
    expect(asked).toBe(1);
    expect(t.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'The clinic server refuses host reports from this PC',
      }),
    );

    t.machine.answer = () => ok;
    t.machine.status = status({ pairedAt: T0 + 10 * MINUTE });
    t.reporter.wake();
    await t.reporter.idle();
    expect(t.times()[0]).toBe(T0 - 2 * HOUR);
    expect(t.times().at(-1)).toBe(T0 + 8 * MINUTE);
  });

  it('halves a batch the server finds too large, and skips one it will never take', async () => {
    const t = setup({
      state: memoryState(sentUpTo(T0 - 2 * HOUR)),
    });
    reporter = t.reporter;
    const sizes: number[] = [];
    t.machine.answer = (report) => {
      sizes.push(report.samples.length);
      if (report.samples.length > 40) return refused(413, 'BATCH_TOO_LARGE');
      if (report.samples.some((sample) => sample.t === T0 - HOUR)) return refused(400, 'MALFORMED');
      return ok;
    };
    await t.clock.advance(0);
    await t.reporter.idle();
    expect(sizes.slice(0, 4)).toEqual([118, 59, 30, 30]);
    const times = t.times();
    expect(times).not.toContain(T0 - HOUR);
    // The refused batch of 30 is skipped; everything after it is sent.
    expect(times).toHaveLength(118 - 30);
    expect(times.at(-1)).toBe(T0 - 2 * MINUTE);
  });
});

describe('host report state file', () => {
  it('keeps the last minute sent, and reads a damaged file as nothing sent', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-reports-'));
    const store = createHostReportStateStore(dir);
    expect(await store.load()).toBeNull();
    const state = sentUpTo(T0);
    await store.save(state);
    expect(await createHostReportStateStore(dir).load()).toEqual(state);
    writeFileSync(path.join(dir, 'host-reports.json'), '{"version":1,"lastMin');
    expect(await store.load()).toBeNull();
  });
});
