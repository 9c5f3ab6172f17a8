/**
 * The parts of `systeminformation` the sampler uses, typed by what it reads, so tests can pass a
 * small fake and the real module fits as is.
 */
export interface SystemInformation {
  mem(): Promise<{ total: number; available: number; swaptotal: number; swapused: number }>;
  networkStats(ifaces: string): Promise<{ iface: string; rx_bytes: number; tx_bytes: number }[]>;
  fsStats(): Promise<{ rx: number; wx: number } | null>;
  disksIO(): Promise<{ rIO: number; wIO: number } | null>;
  fsSize(): Promise<
    { fs: string; type: string; size: number; used: number; use: number; mount: string }[]
  >;
  cpuTemperature(): Promise<{ main: number | null }>;
  battery(): Promise<{
    hasBattery: boolean;
    percent: number;
    isCharging: boolean;
    acConnected: boolean;
  }>;
  time(): { current: number; uptime: number };
  processes(): Promise<{
    list: { pid: number; name: string; cpu: number; mem: number; memRss: number; user: string }[];
  }>;
}

/** A figure from a library is a number only when it is a finite, non-negative one. */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
