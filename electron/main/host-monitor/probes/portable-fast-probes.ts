import type { Clock } from '../clock';
import { cpuTimesBetween, deviceRates } from '../counters';
import type { CounterLimits } from '../counters';
import type { CpuTicks } from '../proc/parse-proc-stat';
import type {
  CpuReading,
  DiskReading,
  LoadReading,
  MemoryReading,
  NetworkReading,
} from './fast-readings';
import {
  MAX_DISK_BYTES_PER_SEC,
  MAX_DISK_IOPS,
  MAX_NETWORK_BYTES_PER_SEC,
  diskReading,
  networkReading,
} from './fast-readings';
import type { Probe } from './probe';
import { rateProbe } from './rate-probe';
import type { SystemInformation } from './system-information';
import { finite } from './system-information';

export interface PortableProbeDeps {
  os: {
    cpus(): { times: { user: number; nice: number; sys: number; idle: number; irq: number } }[];
    loadavg(): number[];
  };
  si: SystemInformation;
  clock: Clock;
}

const LOOPBACK = /^lo\d*$|loopback/i;

function ticksOf(times: {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}): CpuTicks {
  return {
    user: times.user,
    nice: times.nice,
    system: times.sys,
    idle: times.idle,
    iowait: 0,
    irq: times.irq,
    softirq: 0,
    steal: 0,
  };
}

function sumTicks(all: readonly CpuTicks[]): CpuTicks {
  const total = ticksOf({ user: 0, nice: 0, sys: 0, idle: 0, irq: 0 });
  for (const ticks of all)
    for (const key of Object.keys(total) as (keyof CpuTicks)[]) total[key] += ticks[key];
  return total;
}

/**
 * Fast metrics on macOS and Windows, from what each offers cheaply: Node's `os` module for CPU
 * time and load (it reads the kernel's counters in-process), systeminformation where it is the
 * only portable source (memory, network, disks). Rates are computed here, the same way as on
 * Linux, so counter resets are handled alike everywhere.
 */
export function portableFastProbes(deps: PortableProbeDeps) {
  const { os, si, clock } = deps;

  let previousCores: CpuTicks[] | null = null;
  const cpu: Probe<CpuReading> = {
    name: 'cpu',
    source: 'os.cpus',
    platforms: ['darwin', 'win32'],
    read() {
      const cores = os.cpus().map((core) => ticksOf(core.times));
      const before = previousCores;
      previousCores = cores;
      if (!before) return Promise.resolve(null);
      const total = cpuTimesBetween(sumTicks(before), sumTicks(cores));
      if (!total) return Promise.resolve(null);
      return Promise.resolve({
        total,
        cores: cores.map((ticks, index) => {
          const earlier = before[index];
          return earlier ? cpuTimesBetween(earlier, ticks) : null;
        }),
      });
    },
  };

  // Windows has no load average: Node reports zeros there, which would be a lie.
  const load: Probe<LoadReading> = {
    name: 'load',
    source: 'os.loadavg',
    platforms: ['darwin'],
    read() {
      const [one = 0, five = 0, fifteen = 0] = os.loadavg();
      return Promise.resolve({ one, five, fifteen });
    },
  };

  const memory: Probe<MemoryReading> = {
    name: 'memory',
    source: 'systeminformation.mem',
    platforms: ['darwin', 'win32'],
    async read() {
      const mem = await si.mem();
      const total = finite(mem.total);
      if (!total) throw new Error('No memory total reported');
      const available = Math.min(total, finite(mem.available) ?? 0);
      return {
        totalBytes: total,
        availableBytes: available,
        usedBytes: total - available,
        swapTotalBytes: finite(mem.swaptotal) ?? 0,
        swapUsedBytes: finite(mem.swapused) ?? 0,
      };
    },
  };

  const networkLimit: CounterLimits = { maxPerSecond: MAX_NETWORK_BYTES_PER_SEC, wrapAt: null };
  const network: Probe<NetworkReading> = rateProbe({
    name: 'network',
    source: 'systeminformation.networkStats',
    platforms: ['darwin', 'win32'],
    clock,
    async readCounters() {
      const counters = new Map<string, { rxBytes: number; txBytes: number }>();
      for (const entry of await si.networkStats('*')) {
        const rxBytes = finite(entry.rx_bytes);
        const txBytes = finite(entry.tx_bytes);
        if (LOOPBACK.test(entry.iface) || rxBytes === null || txBytes === null) continue;
        counters.set(entry.iface, { rxBytes, txBytes });
      }
      return counters;
    },
    toReading: (previous, current, elapsedMs) =>
      networkReading(
        deviceRates(previous, current, elapsedMs, { rxBytes: networkLimit, txBytes: networkLimit }),
      ),
  });

  // systeminformation has no disk counters on Windows (disksIO and fsStats are unsupported).
  const bytes: CounterLimits = { maxPerSecond: MAX_DISK_BYTES_PER_SEC, wrapAt: null };
  const operations: CounterLimits = { maxPerSecond: MAX_DISK_IOPS, wrapAt: null };
  const diskLimits = { readBytes: bytes, writeBytes: bytes, reads: operations, writes: operations };
  const disk: Probe<DiskReading> = rateProbe({
    name: 'disk',
    source: 'systeminformation.fsStats+disksIO',
    platforms: ['darwin'],
    clock,
    async readCounters() {
      const [stats, io] = await Promise.all([si.fsStats(), si.disksIO()]);
      const readBytes = finite(stats?.rx);
      const writeBytes = finite(stats?.wx);
      const reads = finite(io?.rIO);
      const writes = finite(io?.wIO);
      if (readBytes === null || writeBytes === null || reads === null || writes === null)
        throw new Error('No disk counters reported');
      return new Map([['all disks', { readBytes, writeBytes, reads, writes }]]);
    },
    toReading(previous, current, elapsedMs) {
      const rate = deviceRates(previous, current, elapsedMs, diskLimits).get('all disks');
      return rate ? diskReading(rate) : null;
    },
  });

  return { cpu, load, memory, network, disk };
}
