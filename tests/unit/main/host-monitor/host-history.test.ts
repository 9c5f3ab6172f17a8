import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostSample } from '@shared/contract/host-metrics';
import { createHostHistory } from '../../../../electron/main/host-monitor/history/host-history';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import type { FakeClock } from '../../../helpers/fake-clock';
import { createFakeClock } from '../../../helpers/fake-clock';
import { testHistoryFs } from '../../../helpers/test-history-fs';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function sample(t: number, busy = 25): HostSample {
  return {
    t,
    cpu: { total: { user: busy, system: 0, idle: 100 - busy }, cores: [] },
    load: { one: 1, five: 1, fifteen: 1 },
    memory: {
      totalBytes: 100,
      usedBytes: 40,
      availableBytes: 60,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    },
    network: { rxBytesPerSec: 10, txBytesPerSec: 20, interfaces: [] },
    disk: { readBytesPerSec: 1, writeBytesPerSec: 2, readIops: 0, writeIops: 0 },
  };
}

function open(dataDir: string, clock: FakeClock) {
  const logger = createMemoryLogger();
  const history = createHostHistory({
    dataDir,
    fs: testHistoryFs(),
    clock,
    logger,
    secondCapacity: 120,
  });
  return { history, logger };
}

/** One sample a second for `ms`, as the sampler would deliver them. */
async function feed(
  history: ReturnType<typeof open>['history'],
  clock: FakeClock,
  ms: number,
  busy = 25,
) {
  for (let elapsed = 0; elapsed < ms; elapsed += SECOND) {
    await clock.advance(SECOND);
    history.addSample(sample(clock.now(), busy));
  }
}

describe('host history', () => {
  it('keeps the last seconds in a bounded ring and serves them at any step', async () => {
    const clock = createFakeClock(T0);
    const { history } = open(mkdtempSync(path.join(os.tmpdir(), 'hd-history-')), clock);
    await history.start();
    await feed(history, clock, 5 * MINUTE);
    expect(history.recent(3600)).toHaveLength(120);
    expect(history.recent(10).map((s) => s.t)).toEqual(
      Array.from({ length: 10 }, (_, i) => clock.now() - (9 - i) * SECOND),
    );
    const answer = await history.query({
      from: clock.now() - MINUTE,
      to: clock.now() + 1,
      stepMs: 10 * SECOND,
    });
    expect(answer.tier).toBe('second');
    expect(answer.points).toHaveLength(7);
    expect(answer.points[1]).toMatchObject({
      stepMs: 10 * SECOND,
      count: 10,
      cpuPercent: { avg: 25 },
    });
  });

  it('writes minute aggregates as each minute ends and serves the minute in progress too', async () => {
    const clock = createFakeClock(T0);
    const { history } = open(mkdtempSync(path.join(os.tmpdir(), 'hd-history-')), clock);
    await history.start();
    await feed(history, clock, 3 * MINUTE + 30 * SECOND);
    const answer = await history.query({ from: T0 - HOUR, to: clock.now() + 1, stepMs: MINUTE });
    expect(answer.tier).toBe('minute');
    expect(answer.points.map((p) => [p.start - T0, p.count])).toEqual([
      [0, 59],
      [MINUTE, 60],
      [2 * MINUTE, 60],
      [3 * MINUTE, 31],
    ]);
  });

  it('merges an hour from its minutes when it ends, and serves the hour in progress', async () => {
    const clock = createFakeClock(T0);
    const { history } = open(mkdtempSync(path.join(os.tmpdir(), 'hd-history-')), clock);
    await history.start();
    await feed(history, clock, HOUR + 2 * MINUTE, 50);
    await history.close();
    const answer = await history.query({ from: T0 - DAY, to: clock.now() + 1, stepMs: HOUR });
    expect(answer.tier).toBe('hour');
    expect(answer.points.map((p) => [p.start - T0, p.count])).toEqual([
      [0, 3599],
      [HOUR, 121],
    ]);
    expect(answer.points[0]?.cpuPercent).toEqual({ min: 50, avg: 50, max: 50 });
  });

  it('survives a restart: keeps what was written and marks the time it was not running as a gap', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hd-history-'));
    const clock = createFakeClock(T0);
    const first = open(dataDir, clock);
    await first.history.start();
    await feed(first.history, clock, 10 * MINUTE + 30 * SECOND, 30);
    await first.history.close();
    const stoppedAt = clock.now();

    // Three hours later, a new process on the same folder.
    clock.set(stoppedAt + 3 * HOUR);
    const second = open(dataDir, clock);
    await second.history.start();
    await feed(second.history, clock, 2 * MINUTE, 60);

    const minutes = await second.history.query({ from: T0, to: clock.now() + 1, stepMs: MINUTE });
    expect(minutes.points.slice(0, 11).map((p) => p.cpuPercent?.avg)).toEqual(Array(11).fill(30));
    expect(minutes.points.at(-1)?.cpuPercent?.avg).toBe(60);
    // The partial minute written on close ends the data; the gap runs from there to the restart.
    expect(minutes.gaps).toEqual([{ from: T0 + 11 * MINUTE, to: stoppedAt + 3 * HOUR }]);
    // Nothing is invented inside the gap: every minute holds samples from before or after it.
    for (const point of minutes.points)
      expect(point.start < T0 + 11 * MINUTE || point.start + MINUTE > stoppedAt + 3 * HOUR).toBe(
        true,
      );

    // The hour that was in progress when it stopped has been merged and written at the restart.
    const hours = await second.history.query({
      from: T0 - HOUR,
      to: clock.now() + 1,
      stepMs: HOUR,
    });
    expect(hours.points[0]).toMatchObject({ start: T0, count: 630, cpuPercent: { avg: 30 } });
    expect(hours.gaps).toEqual([{ from: T0 + 11 * MINUTE, to: stoppedAt + 3 * HOUR }]);
    expect(second.logger.lines.some((line) => line.message.includes('not running as a gap'))).toBe(
      true,
    );

    // Seconds are not kept across a restart: before this run there is only a gap.
    const seconds = await second.history.query({
      from: clock.now() - 5 * MINUTE,
      to: clock.now() + 1,
      stepMs: SECOND,
    });
    expect(seconds.gaps).toEqual([{ from: clock.now() - 5 * MINUTE, to: stoppedAt + 3 * HOUR }]);
    expect(seconds.points).toHaveLength(120);
  });

  it('carries the hour in progress over a quick restart, so the hour aggregate is whole', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hd-history-'));
    const clock = createFakeClock(T0);
    const first = open(dataDir, clock);
    await first.history.start();
    await feed(first.history, clock, 20 * MINUTE, 10);
    await first.history.close();
    const second = open(dataDir, clock);
    await second.history.start();
    await feed(second.history, clock, 41 * MINUTE, 70);
    await second.history.close();
    const hours = await second.history.query({ from: T0 - HOUR, to: T0 + HOUR, stepMs: HOUR });
    expect(hours.points[0]?.count).toBe(3599);
    expect(hours.points[0]?.cpuPercent?.min).toBe(10);
    expect(hours.points[0]?.cpuPercent?.max).toBe(70);
    expect(hours.gaps).toEqual([]);
  });
});
