import { z } from 'zod';
import { defineMethod } from './define';

// Wire schemas of host monitoring: what the sampler measures, the history tiers, the alerts and
// the host API methods and events built from them. The one-minute aggregate is also what a
// paired device reports to the clinic server (SYNC-PROTOCOL.md §13), so it can be sent as is.

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z.number().int().min(0).max(8.64e15);
const percent = z.number().min(0).max(100);
const amount = z.number().nonnegative();
const name = z.string().max(256);

/** Share of time since the previous sample; `idle` includes I/O wait, busy is `100 - idle`. */
export const cpuTimesSchema = z.object({ user: percent, system: percent, idle: percent });
export type CpuTimes = z.infer<typeof cpuTimesSchema>;

export const networkInterfaceRateSchema = z.object({
  name,
  rxBytesPerSec: amount,
  txBytesPerSec: amount,
});

/**
 * One fast sample, taken every second. A part is null when its probe is unavailable or had no
 * earlier reading to compute a rate from; `cores` entries are null for a core that has none.
 */
export const hostSampleSchema = z.object({
  t: timestampSchema,
  cpu: z
    .object({ total: cpuTimesSchema, cores: z.array(cpuTimesSchema.nullable()).max(4096) })
    .nullable(),
  load: z.object({ one: amount, five: amount, fifteen: amount }).nullable(),
  memory: z
    .object({
      totalBytes: amount,
      usedBytes: amount,
      availableBytes: amount,
      swapTotalBytes: amount,
      swapUsedBytes: amount,
    })
    .nullable(),
  network: z
    .object({
      rxBytesPerSec: amount,
      txBytesPerSec: amount,
      interfaces: z.array(networkInterfaceRateSchema).max(512),
    })
    .nullable(),
  disk: z
    .object({
      readBytesPerSec: amount,
      writeBytesPerSec: amount,
      readIops: amount,
      writeIops: amount,
    })
    .nullable(),
});
export type HostSample = z.infer<typeof hostSampleSchema>;

export const fileSystemUsageSchema = z.object({
  mount: z.string().max(4096),
  sizeBytes: amount,
  usedBytes: amount,
  usedPercent: percent,
});
export type FileSystemUsage = z.infer<typeof fileSystemUsageSchema>;

/** Slow metrics, read every 30 s; a part is null when its probe is unavailable. */
export const hostSlowMetricsSchema = z.object({
  t: timestampSchema,
  fileSystems: z
    .array(fileSystemUsageSchema.extend({ fs: name, type: name }))
    .max(512)
    .nullable(),
  cpuTemperatureC: z.number().min(-100).max(250).nullable(),
  battery: z
    .object({
      present: z.boolean(),
      percent: percent.nullable(),
      charging: z.boolean(),
      acConnected: z.boolean(),
    })
    .nullable(),
  uptimeSec: amount.nullable(),
  bootTime: timestampSchema.nullable(),
});
export type HostSlowMetrics = z.infer<typeof hostSlowMetricsSchema>;

export const PROBE_NAMES = [
  'cpu',
  'load',
  'memory',
  'network',
  'disk',
  'fileSystems',
  'cpuTemperature',
  'battery',
  'time',
  'processes',
] as const;
export const probeNameSchema = z.enum(PROBE_NAMES);
export type ProbeName = z.infer<typeof probeNameSchema>;

export const probeStatusSchema = z.object({
  name: probeNameSchema,
  /** Which source reads it here, e.g. "/proc/stat" or "systeminformation.fsSize". */
  source: name,
  platforms: z.array(name).max(16),
  state: z.enum(['ok', 'unavailable', 'unsupported']),
  reason: z.string().max(500).nullable(),
});
export type ProbeStatus = z.infer<typeof probeStatusSchema>;

export const topProcessSchema = z.object({
  pid: z.number().int().nonnegative(),
  name,
  user: name,
  cpuPercent: amount,
  memPercent: percent,
  memRssBytes: amount,
});
export const topProcessesSchema = z.object({
  t: timestampSchema,
  processes: z.array(topProcessSchema).max(100),
});
export type TopProcesses = z.infer<typeof topProcessesSchema>;

export const statSchema = z.object({ min: z.number(), avg: z.number(), max: z.number() });
export type Stat = z.infer<typeof statSchema>;

/**
 * Minimum, mean and maximum of the fast metrics over one bucket of history, with the latest
 * file-system usage seen in it. `count` is how many one-second samples it summarises.
 */
export const hostAggregateSchema = z.object({
  start: timestampSchema,
  stepMs: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  cpuPercent: statSchema.nullable(),
  memoryPercent: statSchema.nullable(),
  load1: statSchema.nullable(),
  netRxBytesPerSec: statSchema.nullable(),
  netTxBytesPerSec: statSchema.nullable(),
  diskReadBytesPerSec: statSchema.nullable(),
  diskWriteBytesPerSec: statSchema.nullable(),
  fileSystems: z.array(fileSystemUsageSchema).max(512),
});
export type HostAggregate = z.infer<typeof hostAggregateSchema>;

/** A stretch of time with no data (HealthDesk was not running): never to be interpolated. */
export const historyGapSchema = z.object({ from: timestampSchema, to: timestampSchema });
export type HistoryGap = z.infer<typeof historyGapSchema>;

export const HISTORY_TIERS = ['second', 'minute', 'hour'] as const;
export const historyTierSchema = z.enum(HISTORY_TIERS);
export type HistoryTier = z.infer<typeof historyTierSchema>;

/** The longest history kept (the hour tier), and so the widest range one can ask for. */
export const HISTORY_MAX_RANGE_MS = 400 * DAY;

export const historyRequestSchema = z
  .object({
    from: timestampSchema,
    to: timestampSchema,
    stepMs: z
      .number()
      .int()
      .min(SECOND)
      .max(31 * DAY),
  })
  .strict()
  .refine((range) => range.from < range.to, 'from must be before to')
  .refine(
    (range) => range.to - range.from <= HISTORY_MAX_RANGE_MS,
    'The range is longer than the history kept',
  );
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

export const hostHistorySchema = z.object({
  tier: historyTierSchema,
  /** The step actually used: at least the tier's own resolution. */
  stepMs: z.number().int().positive(),
  from: timestampSchema,
  to: timestampSchema,
  points: z.array(hostAggregateSchema).max(10_000),
  gaps: z.array(historyGapSchema).max(10_000),
});
export type HostHistory = z.infer<typeof hostHistorySchema>;

export const recentSamplesRequestSchema = z
  .object({ seconds: z.number().int().min(1).max(3600) })
  .strict();
export const recentSamplesSchema = z.object({ samples: z.array(hostSampleSchema).max(3600) });

export const HOST_ALERT_METRICS = [
  'disk.usedPercent',
  'memory.availablePercent',
  'cpu.busyPercent',
  'sampler.staleSeconds',
] as const;
export const hostAlertMetricSchema = z.enum(HOST_ALERT_METRICS);
export type HostAlertMetric = z.infer<typeof hostAlertMetricSchema>;

/** One rule applied to one subject (a mount point for disk rules, otherwise none). */
export const hostAlertSchema = z.object({
  ruleId: name,
  metric: hostAlertMetricSchema,
  subject: z.string().max(4096).nullable(),
  comparison: z.enum(['above', 'below']),
  threshold: z.number(),
  forMs: z.number().int().nonnegative(),
  /** ok, firing, or unknown while the data it needs is missing. */
  state: z.enum(['ok', 'firing', 'unknown']),
  value: z.number().nullable(),
  /** When the current state began. */
  since: timestampSchema,
  /** Since when the condition has held without a break, or null when it does not hold. */
  breachedSince: timestampSchema.nullable(),
});
export type HostAlert = z.infer<typeof hostAlertSchema>;
export const hostAlertsSchema = z.object({ alerts: z.array(hostAlertSchema).max(1000) });

export const samplerStatusSchema = z.object({
  state: z.enum(['starting', 'running', 'restarting', 'stopped']),
  lastSampleAt: timestampSchema.nullable(),
  fastIntervalMs: z.number().int().positive(),
  slowIntervalMs: z.number().int().positive(),
});

export const hostSnapshotSchema = z.object({
  t: timestampSchema,
  hostname: name,
  platform: name,
  latest: hostSampleSchema.nullable(),
  slow: hostSlowMetricsSchema.nullable(),
  probes: z.array(probeStatusSchema).max(64),
  alerts: hostAlertsSchema.shape.alerts,
  sampler: samplerStatusSchema,
});
export type HostSnapshot = z.infer<typeof hostSnapshotSchema>;

export const hostMethods = {
  'host.getSnapshot': defineMethod(z.undefined(), hostSnapshotSchema),
  'host.getHistory': defineMethod(historyRequestSchema, hostHistorySchema),
  'host.getRecentSamples': defineMethod(recentSamplesRequestSchema, recentSamplesSchema),
};

/** `host.sample` runs at 1 Hz; `host.processes` only while a view listens (it is expensive). */
export const hostEvents = {
  'host.sample': hostSampleSchema,
  'host.alerts': hostAlertsSchema,
  'host.processes': topProcessesSchema,
};
