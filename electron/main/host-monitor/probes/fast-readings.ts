import type { HostSample } from '@shared/contract/host-metrics';

/** What each fast probe produces: the non-null parts of a sample. */
export type CpuReading = NonNullable<HostSample['cpu']>;
export type LoadReading = NonNullable<HostSample['load']>;
export type MemoryReading = NonNullable<HostSample['memory']>;
export type NetworkReading = NonNullable<HostSample['network']>;
export type DiskReading = NonNullable<HostSample['disk']>;

/** Far above any real interface (100 Gbit/s) or disk: a higher rate is a counter glitch. */
export const MAX_NETWORK_BYTES_PER_SEC = 12.5e9;
export const MAX_DISK_BYTES_PER_SEC = 50e9;
export const MAX_DISK_IOPS = 50e6;

/** Per-interface rates rounded to whole bytes, with their totals. */
export function networkReading(
  rates: ReadonlyMap<string, { rxBytes: number; txBytes: number }>,
): NetworkReading {
  const interfaces = [...rates].map(([name, rate]) => ({
    name,
    rxBytesPerSec: Math.round(rate.rxBytes),
    txBytesPerSec: Math.round(rate.txBytes),
  }));
  return {
    rxBytesPerSec: interfaces.reduce((sum, entry) => sum + entry.rxBytesPerSec, 0),
    txBytesPerSec: interfaces.reduce((sum, entry) => sum + entry.txBytesPerSec, 0),
    interfaces,
  };
}

/** Two decimals for operation counts; whole bytes for throughput. */
export function diskReading(totals: {
  readBytes: number;
  writeBytes: number;
  reads: number;
  writes: number;
}): DiskReading {
  return {
    readBytesPerSec: Math.round(totals.readBytes),
    writeBytesPerSec: Math.round(totals.writeBytes),
    readIops: Math.round(totals.reads * 100) / 100,
    writeIops: Math.round(totals.writes * 100) / 100,
  };
}
