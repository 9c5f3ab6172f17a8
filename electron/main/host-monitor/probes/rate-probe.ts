import type { Clock } from '../clock';
import type { Probe } from './probe';
import { syncProbe } from './probe';

interface RateOptions<C, R> {
  name: 'network' | 'disk';
  source: string;
  platforms: readonly NodeJS.Platform[];
  clock: Clock;
  toReading: (previous: Map<string, C>, current: Map<string, C>, elapsedMs: number) => R | null;
}

/**
 * Compares each reading of cumulative per-device counters with the one before (timed on the
 * monotonic clock); the first reading only primes it.
 */
function rateOf<C, R>(options: RateOptions<C, R>): (counters: Map<string, C>) => R | null {
  let previous: { at: number; counters: Map<string, C> } | null = null;
  return (counters) => {
    const at = options.clock.monotonic();
    const before = previous;
    previous = { at, counters };
    return before ? options.toReading(before.counters, counters, at - before.at) : null;
  };
}

/** A probe that turns cumulative per-device counters, read asynchronously, into rates. */
export function rateProbe<C, R>(
  options: RateOptions<C, R> & { readCounters: () => Promise<Map<string, C>> },
): Probe<R> {
  const rate = rateOf(options);
  return {
    name: options.name,
    source: options.source,
    platforms: options.platforms,
    read: async () => rate(await options.readCounters()),
  };
}

/** The same for counters read synchronously (kernel files): see Probe.readSync. */
export function syncRateProbe<C, R>(
  options: RateOptions<C, R> & { readCounters: () => Map<string, C> },
): Probe<R> {
  const rate = rateOf(options);
  return syncProbe({
    name: options.name,
    source: options.source,
    platforms: options.platforms,
    readSync: () => rate(options.readCounters()),
  });
}
