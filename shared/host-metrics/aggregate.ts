import type { FileSystemUsage, HostAggregate, HostSample, Stat } from '../contract/host-metrics';

/** The figures a history aggregate keeps, and how each one is read from a one-second sample. */
const METRICS = {
  cpuPercent: (sample: HostSample) => (sample.cpu ? 100 - sample.cpu.total.idle : null),
  memoryPercent: (sample: HostSample) =>
    sample.memory && sample.memory.totalBytes > 0
      ? (sample.memory.usedBytes / sample.memory.totalBytes) * 100
      : null,
  load1: (sample: HostSample) => sample.load?.one ?? null,
  netRxBytesPerSec: (sample: HostSample) => sample.network?.rxBytesPerSec ?? null,
  netTxBytesPerSec: (sample: HostSample) => sample.network?.txBytesPerSec ?? null,
  diskReadBytesPerSec: (sample: HostSample) => sample.disk?.readBytesPerSec ?? null,
  diskWriteBytesPerSec: (sample: HostSample) => sample.disk?.writeBytesPerSec ?? null,
} satisfies Record<string, (sample: HostSample) => number | null>;

export type AggregateMetric = keyof typeof METRICS;
export const AGGREGATE_METRICS = Object.keys(METRICS) as AggregateMetric[];

interface Running {
  min: number;
  max: number;
  sum: number;
  weight: number;
}

export interface AggregateBuilder {
  readonly start: number;
  readonly stepMs: number;
  readonly count: number;
  add(sample: HostSample): void;
  /** Folds in a finer aggregate (or a duplicate of the same bucket), weighted by its count. */
  addAggregate(aggregate: HostAggregate): void;
  setFileSystems(fileSystems: readonly FileSystemUsage[]): void;
  build(): HostAggregate;
}

/** The start of the bucket of `stepMs` that holds `t` (buckets are aligned to the epoch, UTC). */
export function bucketStart(t: number, stepMs: number): number {
  return t - (t % stepMs);
}

/** Accumulates min/avg/max for one bucket; one mechanism for samples and for finer aggregates. */
export function createAggregateBuilder(start: number, stepMs: number): AggregateBuilder {
  const running = new Map<AggregateMetric, Running>();
  let count = 0;
  let fileSystems: FileSystemUsage[] = [];

  function fold(metric: AggregateMetric, min: number, max: number, sum: number, weight: number) {
    const current = running.get(metric);
    if (!current) {
      running.set(metric, { min, max, sum, weight });
      return;
    }
    current.min = Math.min(current.min, min);
    current.max = Math.max(current.max, max);
    current.sum += sum;
    current.weight += weight;
  }

  return {
    start,
    stepMs,
    get count() {
      return count;
    },
    add(sample) {
      count++;
      for (const metric of AGGREGATE_METRICS) {
        const value = METRICS[metric](sample);
        if (value !== null) fold(metric, value, value, value, 1);
      }
    },
    addAggregate(aggregate) {
      count += aggregate.count;
      // A part with no samples still has a weight of one, so its figures are not lost.
      const weight = Math.max(1, aggregate.count);
      for (const metric of AGGREGATE_METRICS) {
        const stat = aggregate[metric];
        if (stat) fold(metric, stat.min, stat.max, stat.avg * weight, weight);
      }
      if (aggregate.fileSystems.length > 0) fileSystems = aggregate.fileSystems.slice();
    },
    setFileSystems(latest) {
      fileSystems = latest.map(({ mount, sizeBytes, usedBytes, usedPercent }) => ({
        mount,
        sizeBytes,
        usedBytes,
        usedPercent,
      }));
    },
    build() {
      const stat = (metric: AggregateMetric): Stat | null => {
        const value = running.get(metric);
        return value
          ? { min: round(value.min), avg: round(value.sum / value.weight), max: round(value.max) }
          : null;
      };
      return {
        start,
        stepMs,
        count,
        cpuPercent: stat('cpuPercent'),
        memoryPercent: stat('memoryPercent'),
        load1: stat('load1'),
        netRxBytesPerSec: stat('netRxBytesPerSec'),
        netTxBytesPerSec: stat('netTxBytesPerSec'),
        diskReadBytesPerSec: stat('diskReadBytesPerSec'),
        diskWriteBytesPerSec: stat('diskWriteBytesPerSec'),
        fileSystems,
      };
    },
  };
}

/** One-second samples (in time order) summarised into buckets of `stepMs`. */
export function aggregateSamples(samples: readonly HostSample[], stepMs: number): HostAggregate[] {
  const out: HostAggregate[] = [];
  let builder: AggregateBuilder | null = null;
  for (const sample of samples) {
    const start = bucketStart(sample.t, stepMs);
    if (builder?.start !== start) {
      if (builder) out.push(builder.build());
      builder = createAggregateBuilder(start, stepMs);
    }
    builder.add(sample);
  }
  if (builder) out.push(builder.build());
  return out;
}

/**
 * Aggregates (in any order, possibly with duplicates of one bucket written before and after a
 * restart) merged into buckets of `stepMs`, in time order.
 */
export function rebucket(aggregates: readonly HostAggregate[], stepMs: number): HostAggregate[] {
  const builders = new Map<number, AggregateBuilder>();
  for (const aggregate of [...aggregates].sort((a, b) => a.start - b.start)) {
    const start = bucketStart(aggregate.start, stepMs);
    let builder = builders.get(start);
    if (!builder) builders.set(start, (builder = createAggregateBuilder(start, stepMs)));
    builder.addAggregate(aggregate);
  }
  return [...builders.values()].map((builder) => builder.build());
}

/** Two decimals: enough for percentages and rates, and it keeps history files small. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
