import path from 'node:path';
import type { Clock } from '../clock';
import { cpuTimesBetween, deviceRates } from '../counters';
import type { CounterLimits } from '../counters';
import type { DiskCounters } from '../proc/parse-diskstats';
import { DISKSTATS_SECTOR_BYTES, parseDiskstats } from '../proc/parse-diskstats';
import { parseLoadavg } from '../proc/parse-loadavg';
import { parseMeminfo } from '../proc/parse-meminfo';
import { parseNetDev } from '../proc/parse-net-dev';
import type { InterfaceCounters } from '../proc/parse-net-dev';
import type { ProcStat } from '../proc/parse-proc-stat';
import { parseProcStat } from '../proc/parse-proc-stat';
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
import { syncProbe } from './probe';
import { syncRateProbe } from './rate-probe';

export interface LinuxProbeDeps {
  /** Where procfs and sysfs are mounted: fixture folders in tests. */
  procRoot: string;
  sysRoot: string;
  /** Synchronous: kernel files are read in microseconds (see Probe.readSync). */
  readText(file: string): string;
  listDir(dir: string): string[];
  clock: Clock;
  /** See counterWrapFor(). */
  wrapAt: number | null;
}

const LINUX: readonly NodeJS.Platform[] = ['linux'];
/** How many readings between two looks at /sys/block for disks plugged in since. */
const SYS_BLOCK_REFRESH = 60;

/**
 * The fast metrics read straight from the kernel's counters: the same numbers systeminformation
 * gives, for a fraction of the cost (no child processes, one small read per metric).
 */
export function linuxFastProbes(deps: LinuxProbeDeps) {
  const paths = new Map<string, string>();
  function proc(file: string): string {
    let full = paths.get(file);
    if (full === undefined) paths.set(file, (full = path.join(deps.procRoot, file)));
    return deps.readText(full);
  }

  let previousStat: ProcStat | null = null;
  const cpu: Probe<CpuReading> = syncProbe({
    name: 'cpu',
    source: '/proc/stat',
    platforms: LINUX,
    readSync() {
      const current = parseProcStat(proc('stat'));
      const before = previousStat;
      previousStat = current;
      if (!before) return null;
      const total = cpuTimesBetween(before.total, current.total);
      if (!total) return null;
      const cores = [...current.cores].map(([index, ticks]) => {
        const earlier = before.cores.get(index);
        return earlier ? cpuTimesBetween(earlier, ticks) : null;
      });
      return { total, cores };
    },
  });

  const load: Probe<LoadReading> = syncProbe({
    name: 'load',
    source: '/proc/loadavg',
    platforms: LINUX,
    readSync: () => parseLoadavg(proc('loadavg')),
  });

  const memory: Probe<MemoryReading> = syncProbe({
    name: 'memory',
    source: '/proc/meminfo',
    platforms: LINUX,
    readSync: () => parseMeminfo(proc('meminfo')),
  });

  const networkLimits: Record<keyof InterfaceCounters, CounterLimits> = {
    rxBytes: { maxPerSecond: MAX_NETWORK_BYTES_PER_SEC, wrapAt: deps.wrapAt },
    txBytes: { maxPerSecond: MAX_NETWORK_BYTES_PER_SEC, wrapAt: deps.wrapAt },
  };
  const network: Probe<NetworkReading> = syncRateProbe({
    name: 'network',
    source: '/proc/net/dev',
    platforms: LINUX,
    clock: deps.clock,
    readCounters: () => parseNetDev(proc('net/dev')),
    toReading: (previous, current, elapsedMs) =>
      networkReading(deviceRates(previous, current, elapsedMs, networkLimits)),
  });

  let sysBlock: Set<string> | null = null;
  let readsSinceSysBlock = SYS_BLOCK_REFRESH;
  function wholeDisks(): Set<string> | null {
    if (readsSinceSysBlock++ >= SYS_BLOCK_REFRESH) {
      readsSinceSysBlock = 1;
      try {
        sysBlock = new Set(deps.listDir(path.join(deps.sysRoot, 'block')));
      } catch {
        // No sysfs (a container, another OS layout): partitions are then told by their names.
        sysBlock = null;
      }
    }
    return sysBlock;
  }
  const sectors: CounterLimits = {
    maxPerSecond: MAX_DISK_BYTES_PER_SEC / DISKSTATS_SECTOR_BYTES,
    wrapAt: deps.wrapAt,
  };
  const operations: CounterLimits = { maxPerSecond: MAX_DISK_IOPS, wrapAt: deps.wrapAt };
  const diskLimits: Record<keyof DiskCounters, CounterLimits> = {
    reads: operations,
    writes: operations,
    sectorsRead: sectors,
    sectorsWritten: sectors,
  };
  const disk: Probe<DiskReading> = syncRateProbe({
    name: 'disk',
    source: '/proc/diskstats',
    platforms: LINUX,
    clock: deps.clock,
    readCounters: () => parseDiskstats(proc('diskstats'), wholeDisks()),
    toReading: (previous, current, elapsedMs) => {
      const totals = { readBytes: 0, writeBytes: 0, reads: 0, writes: 0 };
      for (const rate of deviceRates(previous, current, elapsedMs, diskLimits).values()) {
        totals.readBytes += rate.sectorsRead * DISKSTATS_SECTOR_BYTES;
        totals.writeBytes += rate.sectorsWritten * DISKSTATS_SECTOR_BYTES;
        totals.reads += rate.reads;
        totals.writes += rate.writes;
      }
      return diskReading(totals);
    },
  });

  return { cpu, load, memory, network, disk };
}
