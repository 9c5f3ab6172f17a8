import type { HostAggregate, Stat } from '../contract/host-metrics';
import type { HostSample as ReportSample, HostStat } from '../sync/host-report';
import { HOST_MINUTE_MS } from '../sync/host-report';

/** The server keeps at most this many file systems per sample, with mounts this long. */
const MAX_FILE_SYSTEMS = 64;
const MAX_MOUNT_LENGTH = 256;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * A stat the server accepts: inside [low, high] and min ≤ avg ≤ max. A mean of equal values
 * can come out a rounding error above them, which the server's check would refuse.
 */
function boundedStat(stat: Stat | null, low: number, high: number): HostStat | null {
  if (!stat || ![stat.min, stat.avg, stat.max].every(Number.isFinite)) return null;
  const min = clamp(Math.min(stat.min, stat.max), low, high);
  const max = clamp(Math.max(stat.min, stat.max), low, high);
  return { min, avg: clamp(stat.avg, min, max), max };
}

const percent = (stat: Stat | null) => boundedStat(stat, 0, 100);
const rate = (stat: Stat | null) => boundedStat(stat, 0, Number.MAX_SAFE_INTEGER);

/**
 * A one-minute aggregate of the local history as the clinic server takes it (SYNC-PROTOCOL.md
 * §13), or null for a minute it cannot take: one without processor or memory figures, or not a
 * whole minute. File systems the server has no room for are left out rather than cut short.
 */
export function toReportSample(aggregate: HostAggregate): ReportSample | null {
  if (aggregate.stepMs !== HOST_MINUTE_MS || aggregate.start % HOST_MINUTE_MS !== 0) return null;
  const cpu = percent(aggregate.cpuPercent);
  const memory = percent(aggregate.memoryPercent);
  if (!cpu || !memory) return null;
  return {
    t: aggregate.start,
    cpu,
    memory,
    load: rate(aggregate.load1),
    netRx: rate(aggregate.netRxBytesPerSec),
    netTx: rate(aggregate.netTxBytesPerSec),
    diskRead: rate(aggregate.diskReadBytesPerSec),
    diskWrite: rate(aggregate.diskWriteBytesPerSec),
    fileSystems: aggregate.fileSystems
      .filter((fs) => fs.mount.length > 0 && fs.mount.length <= MAX_MOUNT_LENGTH)
      .slice(0, MAX_FILE_SYSTEMS)
      .map(({ mount, usedBytes, sizeBytes }) => ({ mount, usedBytes, sizeBytes })),
  };
}
