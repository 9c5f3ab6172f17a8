import type { Clock } from '../clock';
import type { Probe } from './probe';

/**
 * A probe that turns cumulative per-device counters into a reading by comparing each reading
 * with the one before (timed on the monotonic clock). The first reading only primes it.
 */
export function rateProbe<C, R>(options: {
  name: 'network' | 'disk';
  source: string;
  platforms: readonly NodeJS.Platform[];
  clock: Clock;
  readCounters: () => Promise<Map<string, C>>;
  toReading: (previous: Map<string, C>, current: Map<string, C>, elapsedMs: number) => R | null;
}): Probe<R> {
  let previous: { at: number; counters: Map<string, C> } | null = null;
  return {
    name: options.name,
    source: options.source,
    platforms: options.platforms,
    async read() {
      const counters = await options.readCounters();
      const at = options.clock.monotonic();
      const before = previous;
      previous = { at, counters };
      return before ? options.toReading(before.counters, counters, at - before.at) : null;
    },
  };
}
