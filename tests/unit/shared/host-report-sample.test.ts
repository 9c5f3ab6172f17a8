import { describe, expect, it } from 'vitest';
import type { HostAggregate } from '@shared/contract/host-metrics';
import { toReportSample } from '@shared/host-metrics/report-sample';
import { hostSampleSchema } from '@shared/sync/host-report';

const T = Date.UTC(2026, 0, 5, 10, 0, 0);

function aggregate(overrides: Partial<HostAggregate> = {}): HostAggregate {
  const stat = (avg: number) => ({ min: avg - 1, avg, max: avg + 1 });
  return {
    start: T,
    stepMs: 60_000,
    count: 60,
    cpuPercent: stat(20),
    memoryPercent: stat(50),
    load1: stat(1.5),
    netRxBytesPerSec: stat(1000),
    netTxBytesPerSec: stat(500),
    diskReadBytesPerSec: null,
    diskWriteBytesPerSec: stat(3000),
    fileSystems: [{ mount: '/', sizeBytes: 100, usedBytes: 40, usedPercent: 40 }],
    ...overrides,
  };
}

describe('a minute of history as a host report sample', () => {
  it('carries every figure the server keeps', () => {
    const sample = toReportSample(aggregate());
    expect(sample).toEqual({
      t: T,
      cpu: { min: 19, avg: 20, max: 21 },
      memory: { min: 49, avg: 50, max: 51 },
      load: { min: 0.5, avg: 1.5, max: 2.5 },
      netRx: { min: 999, avg: 1000, max: 1001 },
      netTx: { min: 499, avg: 500, max: 501 },
      diskRead: null,
      diskWrite: { min: 2999, avg: 3000, max: 3001 },
      fileSystems: [{ mount: '/', usedBytes: 40, sizeBytes: 100 }],
    });
    expect(hostSampleSchema.safeParse(sample).success).toBe(true);
  });

  it('makes figures the server accepts: within range, and min ≤ avg ≤ max', () => {
    // The mean of three equal readings can come out a rounding error above them.
    const mean = (33.3 + 33.3 + 33.3) / 3;
    const sample = toReportSample(
      aggregate({
        cpuPercent: { min: 33.3, avg: mean + 1e-12, max: 33.3 },
        memoryPercent: { min: -0.000001, avg: 100.0000001, max: 100.2 },
        netRxBytesPerSec: { min: 5, avg: 4, max: 3 },
      }),
    );
    expect(sample?.cpu).toEqual({ min: 33.3, avg: 33.3, max: 33.3 });
    expect(sample?.memory).toEqual({ min: 0, avg: 100, max: 100 });
    expect(sample?.netRx).toEqual({ min: 3, avg: 4, max: 5 });
    expect(hostSampleSchema.safeParse(sample).success).toBe(true);
  });

  it('leaves out what the server has no room for', () => {
    const fileSystems = Array.from({ length: 70 }, (_, i) => ({
      mount: i === 0 ? `/${'x'.repeat(300)}` : `/mnt/${i}`,
      sizeBytes: 100,
      usedBytes: 10,
      usedPercent: 10,
    }));
    const sample = toReportSample(aggregate({ fileSystems }));
    expect(sample?.fileSystems).toHaveLength(64);
    expect(sample?.fileSystems[0]?.mount).toBe('/mnt/1');
    expect(hostSampleSchema.safeParse(sample).success).toBe(true);
  });

  it('has nothing to send for a minute without processor or memory figures, or not a minute', () => {
    expect(toReportSample(aggregate({ cpuPercent: null }))).toBeNull();
    expect(toReportSample(aggregate({ memoryPercent: null }))).toBeNull();
    expect(toReportSample(aggregate({ stepMs: 3_600_000 }))).toBeNull();
    expect(toReportSample(aggregate({ start: T + 1000 }))).toBeNull();
  });
});
