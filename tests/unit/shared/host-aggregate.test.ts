import { describe, expect, it } from 'vitest';
import type { HostAggregate, HostSample } from '@shared/contract/host-metrics';
import { hostAggregateSchema } from '@shared/contract/host-metrics';
import {
  aggregateSamples,
  bucketStart,
  createAggregateBuilder,
  rebucket,
} from '@shared/host-metrics/aggregate';
import { MAX_HISTORY_POINTS, planHistoryQuery } from '@shared/host-metrics/tiers';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function sample(t: number, busy: number, memoryUsed = 4, rx = 100): HostSample {
  return {
    t,
    cpu: { total: { user: busy, system: 0, idle: 100 - busy }, cores: [] },
    load: { one: busy / 100, five: 0, fifteen: 0 },
    memory: {
      totalBytes: 16,
      usedBytes: memoryUsed,
      availableBytes: 16 - memoryUsed,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    },
    network: { rxBytesPerSec: rx, txBytesPerSec: 1, interfaces: [] },
    disk: null,
  };
}

describe('history aggregates', () => {
  it('keeps the minimum, mean and maximum of each figure over a bucket', () => {
    const builder = createAggregateBuilder(T0, MINUTE);
    builder.add(sample(T0, 10, 4));
    builder.add(sample(T0 + 1000, 30, 8));
    builder.add(sample(T0 + 2000, 20, 12));
    builder.setFileSystems([{ mount: '/', sizeBytes: 10, usedBytes: 9, usedPercent: 90 }]);
    const aggregate = builder.build();
    expect(hostAggregateSchema.parse(aggregate)).toEqual(aggregate);
    expect(aggregate).toMatchObject({
      start: T0,
      stepMs: MINUTE,
      count: 3,
      cpuPercent: { min: 10, avg: 20, max: 30 },
      memoryPercent: { min: 25, avg: 50, max: 75 },
      load1: { min: 0.1, avg: 0.2, max: 0.3 },
      netRxBytesPerSec: { min: 100, avg: 100, max: 100 },
      diskReadBytesPerSec: null,
      fileSystems: [{ mount: '/', sizeBytes: 10, usedBytes: 9, usedPercent: 90 }],
    });
  });

  it('leaves a figure out when a sample lacks it, rather than counting it as zero', () => {
    const builder = createAggregateBuilder(T0, MINUTE);
    builder.add(sample(T0, 50));
    builder.add({ ...sample(T0 + 1000, 0), cpu: null });
    expect(builder.build().cpuPercent).toEqual({ min: 50, avg: 50, max: 50 });
  });

  it('groups one-second samples into buckets aligned to the step', () => {
    const samples = [0, 1, 59, 60, 61, 125].map((s) => sample(T0 + s * 1000, s));
    const aggregates = aggregateSamples(samples, MINUTE);
    expect(aggregates.map((a) => [a.start, a.count])).toEqual([
      [T0, 3],
      [T0 + MINUTE, 2],
      [T0 + 2 * MINUTE, 1],
    ]);
  });

  it('merges finer aggregates weighted by their sample counts, and duplicates of one bucket', () => {
    const first = aggregateSamples([sample(T0, 10), sample(T0 + 1000, 10)], MINUTE)[0]!;
    const second = aggregateSamples([sample(T0 + MINUTE, 40)], MINUTE)[0]!;
    // The same minute written twice: before and after a restart.
    const again = aggregateSamples([sample(T0 + 30_000, 70)], MINUTE)[0]!;
    const [hour] = rebucket([second, first, again], HOUR) as [HostAggregate];
    expect(hour).toMatchObject({ start: T0, stepMs: HOUR, count: 4 });
    expect(hour.cpuPercent).toEqual({ min: 10, avg: 32.5, max: 70 });
    const minutes = rebucket([first, again, second], MINUTE);
    expect(minutes.map((m) => [m.start, m.count])).toEqual([
      [T0, 3],
      [T0 + MINUTE, 1],
    ]);
  });

  it('aligns buckets to the epoch', () => {
    expect(bucketStart(T0 + 61_500, MINUTE)).toBe(T0 + MINUTE);
    expect(bucketStart(T0 + 61_500, 1000)).toBe(T0 + 61_000);
  });
});

describe('history tier selection', () => {
  const now = T0;

  it('serves the last hour at fine steps from the seconds kept in memory', () => {
    expect(planHistoryQuery({ from: now - HOUR, to: now, stepMs: 10_000 }, now)).toEqual({
      tier: 'second',
      stepMs: 10_000,
      from: now - HOUR,
      to: now,
    });
    // Asked for a moment before the request arrived.
    const late = now + 800;
    expect(planHistoryQuery({ from: now - HOUR, to: now, stepMs: 10_000 }, late).tier).toBe(
      'second',
    );
  });

  it('uses minutes for a day or a week, and hours for a year', () => {
    expect(planHistoryQuery({ from: now - DAY, to: now, stepMs: MINUTE }, now).tier).toBe('minute');
    expect(
      planHistoryQuery({ from: now - 7 * DAY, to: now, stepMs: 10 * MINUTE }, now),
    ).toMatchObject({
      tier: 'minute',
      stepMs: 10 * MINUTE,
    });
    expect(planHistoryQuery({ from: now - 365 * DAY, to: now, stepMs: DAY }, now)).toMatchObject({
      tier: 'hour',
      stepMs: DAY,
    });
  });

  it('falls back to a coarser tier when the finer one does not reach back far enough', () => {
    const plan = planHistoryQuery({ from: now - 2 * HOUR, to: now - HOUR, stepMs: 1000 }, now);
    expect(plan).toMatchObject({ tier: 'minute', stepMs: MINUTE });
    expect(planHistoryQuery({ from: now - 30 * DAY, to: now, stepMs: MINUTE }, now).tier).toBe(
      'hour',
    );
  });

  it('prefers the cheapest tier that still resolves the step asked for', () => {
    expect(planHistoryQuery({ from: now - HOUR, to: now, stepMs: HOUR }, now).tier).toBe('hour');
  });

  it('widens the step so an answer never exceeds the point limit', () => {
    const plan = planHistoryQuery({ from: now - 7 * DAY, to: now, stepMs: MINUTE }, now);
    expect((7 * DAY) / plan.stepMs).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(plan.stepMs % MINUTE).toBe(0);
  });
});
