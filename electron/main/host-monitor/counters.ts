import type { CpuTimes } from '@shared/contract/host-metrics';
import type { CpuTicks } from './proc/parse-proc-stat';

export interface CounterLimits {
  /** A rate above this is a glitch (a counter reset read as a jump), never a measurement. */
  maxPerSecond: number;
  /** Where the counter wraps (2^32 on 32-bit kernels), or null for 64-bit counters. */
  wrapAt: number | null;
}

/** 32-bit kernels keep the network and disk counters in 32 bits; 64-bit ones never wrap in practice. */
export function counterWrapFor(arch: string): number | null {
  return ['ia32', 'arm', 'mips', 'mipsel', 'ppc', 's390'].includes(arch) ? 2 ** 32 : null;
}

/**
 * The per-second rate of a cumulative counter between two readings, or null when there is no
 * honest answer: the counter went backwards (reset after a reboot, a driver reload or an
 * interface re-created) and did not merely wrap, no time passed, or the result is absurd.
 */
export function counterRate(
  previous: number,
  current: number,
  elapsedMs: number,
  limits: CounterLimits,
): number | null {
  if (!(elapsedMs > 0)) return null;
  let delta = current - previous;
  if (delta < 0) {
    if (limits.wrapAt === null || previous >= limits.wrapAt) return null;
    delta += limits.wrapAt;
  }
  const rate = (delta * 1000) / elapsedMs;
  return rate <= limits.maxPerSecond ? rate : null;
}

/**
 * Rates of every counter of every named device (network interface, disk) between two readings.
 * A device with no earlier reading, or whose counters reset, is left out of this one result, so
 * a single glitch never poisons a total.
 */
export function deviceRates<K extends string>(
  previous: ReadonlyMap<string, Record<K, number>>,
  current: ReadonlyMap<string, Record<K, number>>,
  elapsedMs: number,
  limits: Record<K, CounterLimits>,
): Map<string, Record<K, number>> {
  const fields = Object.keys(limits) as K[];
  const rates = new Map<string, Record<K, number>>();
  for (const [name, counters] of current) {
    const before = previous.get(name);
    if (!before) continue;
    const rate = {} as Record<K, number>;
    let valid = true;
    for (const field of fields) {
      const value = counterRate(before[field], counters[field], elapsedMs, limits[field]);
      if (value === null) {
        valid = false;
        break;
      }
      rate[field] = value;
    }
    if (valid) rates.set(name, rate);
  }
  return rates;
}

/**
 * Shares of CPU time between two readings of tick counters. Null when a counter went backwards
 * (CPU hot-plug, a resumed virtual machine) or no time passed. Steal time belongs to no share,
 * so user + system + idle can be a little under 100 on a busy host.
 */
export function cpuTimesBetween(before: CpuTicks, after: CpuTicks): CpuTimes | null {
  // Spelled out rather than looped over the keys: this runs for every core every second, too
  // rarely for the JIT to make a generic loop fast.
  const user = after.user - before.user + (after.nice - before.nice);
  const system =
    after.system - before.system + (after.irq - before.irq) + (after.softirq - before.softirq);
  const idle = after.idle - before.idle + (after.iowait - before.iowait);
  const steal = after.steal - before.steal;
  if (
    after.user < before.user ||
    after.nice < before.nice ||
    after.system < before.system ||
    after.irq < before.irq ||
    after.softirq < before.softirq ||
    after.idle < before.idle ||
    after.iowait < before.iowait ||
    steal < 0
  )
    return null;
  const total = user + system + idle + steal;
  if (total <= 0) return null;
  const share = (ticks: number) => Math.min(100, Math.round((ticks / total) * 10000) / 100);
  return { user: share(user), system: share(system), idle: share(idle) };
}
