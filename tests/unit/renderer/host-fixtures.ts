import type {
  HostAlert,
  HostHistory,
  HostSample,
  HostSlowMetrics,
  HostSnapshot,
} from '@shared/contract/host-metrics';

/** A fixed moment, so snapshots and time labels never change between runs. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

/** Deterministic samples: smooth waves, two cores, with the sampler missing `gapAt`–`gapAt+10`. */
export function samples(
  count: number,
  options: { from?: number; gapAt?: number } = {},
): HostSample[] {
  const from = options.from ?? T0;
  const list: HostSample[] = [];
  for (let i = 0; i < count; i++) {
    if (options.gapAt !== undefined && i >= options.gapAt && i < options.gapAt + 10) continue;
    const busy = 30 + 25 * Math.sin(i / 9);
    const core = (shift: number) => {
      const value = Math.max(0, Math.min(100, busy + shift));
      return { user: value * 0.8, system: value * 0.2, idle: 100 - value };
    };
    list.push({
      t: from + i * 1000,
      cpu: { total: core(0), cores: [core(-10), core(10)] },
      load: { one: 1.2, five: 1, fifteen: 0.8 },
      memory: {
        totalBytes: 16 * 1024 ** 3,
        usedBytes: (6 + Math.sin(i / 30)) * 1024 ** 3,
        availableBytes: (10 - Math.sin(i / 30)) * 1024 ** 3,
        swapTotalBytes: 2 * 1024 ** 3,
        swapUsedBytes: 0.25 * 1024 ** 3,
      },
      network: {
        rxBytesPerSec: Math.round(200_000 + 150_000 * Math.sin(i / 5)),
        txBytesPerSec: Math.round(40_000 + 30_000 * Math.cos(i / 7)),
        interfaces: [],
      },
      disk: {
        readBytesPerSec: Math.round(1_000_000 * Math.abs(Math.sin(i / 11))),
        writeBytesPerSec: Math.round(3_000_000 * Math.abs(Math.cos(i / 13))),
        readIops: 10,
        writeIops: 30,
      },
    });
  }
  return list;
}

export function slowMetrics(
  used: Record<string, number> = { '/': 42, '/data': 93 },
): HostSlowMetrics {
  return {
    t: T0,
    fileSystems: Object.entries(used).map(([mount, usedPercent]) => ({
      mount,
      fs: '/dev/sda1',
      type: 'ext4',
      sizeBytes: 500 * 1024 ** 3,
      usedBytes: usedPercent * 5 * 1024 ** 3,
      usedPercent,
    })),
    cpuTemperatureC: 48,
    battery: { present: true, percent: 81, charging: false, acConnected: true },
    uptimeSec: 7200,
    bootTime: T0 - 7200_000,
  };
}

export function alert(overrides: Partial<HostAlert>): HostAlert {
  return {
    ruleId: 'cpu-saturated',
    metric: 'cpu.busyPercent',
    subject: null,
    comparison: 'above',
    threshold: 95,
    forMs: 600_000,
    state: 'ok',
    value: 20,
    since: T0,
    breachedSince: null,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    t: T0,
    hostname: 'front-desk-1',
    platform: 'linux',
    latest: samples(1)[0] ?? null,
    slow: slowMetrics(),
    probes: [
      {
        name: 'cpuTemperature',
        source: 'systeminformation.cpuTemperature',
        platforms: ['linux'],
        state: 'unavailable',
        reason: 'No sensor',
      },
    ],
    alerts: [alert({})],
    sampler: { state: 'running', lastSampleAt: T0, fastIntervalMs: 1000, slowIntervalMs: 30_000 },
    ...overrides,
  };
}

/** A day of minute aggregates with HealthDesk not running for two hours in the middle. */
export function dayHistory(): HostHistory {
  const from = T0 - 24 * 3600_000;
  const points: HostHistory['points'] = [];
  for (let minute = 0; minute < 24 * 60; minute += 10) {
    if (minute >= 600 && minute < 720) continue;
    const avg = 30 + 20 * Math.sin(minute / 90);
    const stat = (value: number, spread: number, cap = Number.POSITIVE_INFINITY) => ({
      min: Math.max(0, value - spread),
      avg: value,
      max: Math.min(cap, value + spread),
    });
    points.push({
      start: from + minute * 60_000,
      stepMs: 600_000,
      count: 600,
      cpuPercent: stat(avg, 15, 100),
      memoryPercent: stat(45, 3, 100),
      load1: stat(1, 0.5),
      netRxBytesPerSec: stat(100_000, 50_000),
      netTxBytesPerSec: stat(20_000, 10_000),
      diskReadBytesPerSec: stat(500_000, 400_000),
      diskWriteBytesPerSec: stat(900_000, 800_000),
      fileSystems: [],
    });
  }
  return {
    tier: 'minute',
    stepMs: 600_000,
    from,
    to: T0,
    points,
    gaps: [{ from: from + 600 * 60_000, to: from + 720 * 60_000 }],
  };
}
