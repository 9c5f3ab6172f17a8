import { z } from 'zod';
import { uuidSchema } from './protocol';

/**
 * Host reports (SYNC-PROTOCOL.md §13): one-minute aggregates of a PC's health, sent by its main
 * process and shown to the clinic's staff. They are not records: never merged, kept for a while.
 */
export const HOST_REPORT_MAX_SAMPLES = 500;
export const HOST_MINUTE_MS = 60_000;
export const HOST_HOUR_MS = 3_600_000;
/** A host is `stale` once three one-minute reports are missing. */
export const HOST_STALE_AFTER_MS = 3 * HOST_MINUTE_MS;
export const HOST_MINUTE_RETENTION_MS = 7 * 24 * HOST_HOUR_MS;
export const HOST_HOUR_RETENTION_MS = 400 * 24 * HOST_HOUR_MS;
/** Most points one history answer holds; ask for a coarser step or a shorter range beyond. */
export const HOST_HISTORY_MAX_POINTS = 20_000;

// zod 4 numbers refuse NaN and Infinity already.
const finite = z.number();

function stat(min: number, max: number) {
  return z
    .object({
      min: finite.min(min).max(max),
      avg: finite.min(min).max(max),
      max: finite.min(min).max(max),
    })
    .refine((value) => value.min <= value.avg && value.avg <= value.max, 'Needs min ≤ avg ≤ max');
}
const percent = stat(0, 100);
const rate = stat(0, Number.MAX_SAFE_INTEGER);

export const fileSystemUsageSchema = z.object({
  mount: z.string().min(1).max(256),
  usedBytes: z.number().nonnegative(),
  sizeBytes: z.number().nonnegative(),
});

/** One minute of a host: min/avg/max of each figure, and the latest file-system usage. */
export const hostSampleSchema = z.object({
  /** Start of the minute, Unix ms. */
  t: z.number().int().nonnegative().multipleOf(HOST_MINUTE_MS),
  cpu: percent,
  memory: percent,
  load: rate.nullable(),
  netRx: rate.nullable(),
  netTx: rate.nullable(),
  /** Null where the platform cannot measure it (disk I/O on Windows). */
  diskRead: rate.nullable(),
  diskWrite: rate.nullable(),
  fileSystems: z.array(fileSystemUsageSchema).max(64),
});
export type HostSample = z.infer<typeof hostSampleSchema>;
export type HostStat = HostSample['cpu'];

/** `POST /v1/hosts/report`; buffered minutes are sent oldest first (backfill). */
export const hostReportSchema = z.object({
  deviceId: uuidSchema,
  hostname: z.string().min(1).max(255),
  platform: z.string().min(1).max(64),
  /** When the host last booted, Unix ms. */
  bootTime: z.number().int().nonnegative(),
  samples: z.array(hostSampleSchema).max(HOST_REPORT_MAX_SAMPLES),
});
export type HostReport = z.infer<typeof hostReportSchema>;

export const hostReportResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  /** Samples from the future or older than the retention, dropped. */
  ignored: z.number().int().nonnegative(),
  rebooted: z.boolean(),
  serverTime: z.number(),
});
export type HostReportResponse = z.infer<typeof hostReportResponseSchema>;

export const hostStatusSchema = z.enum(['up', 'stale', 'unknown']);
export type HostStatus = z.infer<typeof hostStatusSchema>;

export const hostSummarySchema = z.object({
  deviceId: uuidSchema,
  deviceName: z.string().nullable(),
  status: hostStatusSchema,
  hostname: z.string().nullable(),
  platform: z.string().nullable(),
  /** Server time of the last report. */
  lastSeenAt: z.number().nullable(),
  bootTime: z.number().nullable(),
  lastRebootAt: z.number().nullable(),
  latest: hostSampleSchema.nullable(),
});
export type HostSummary = z.infer<typeof hostSummarySchema>;

export const hostsResponseSchema = z.object({
  serverTime: z.number(),
  hosts: z.array(hostSummarySchema),
});
export type HostsResponse = z.infer<typeof hostsResponseSchema>;

export const hostStepSchema = z.enum(['1m', '1h']);
export type HostStep = z.infer<typeof hostStepSchema>;

/** Query of `GET /v1/hosts/:deviceId/history`; without `step`, ranges over a day use hours. */
export const hostHistoryQuerySchema = z
  .object({
    from: z.coerce.number().int().nonnegative(),
    to: z.coerce.number().int().nonnegative(),
    step: hostStepSchema.optional(),
  })
  .refine((query) => query.from <= query.to, '`from` must not be after `to`');
export type HostHistoryQuery = z.infer<typeof hostHistoryQuerySchema>;

/** A history point: a sample, or an hour made of `minutes` samples. */
export const hostPointSchema = hostSampleSchema.extend({ minutes: z.number().int().positive() });
export type HostPoint = z.infer<typeof hostPointSchema>;

export const hostHistoryResponseSchema = z.object({
  deviceId: uuidSchema,
  step: hostStepSchema,
  points: z.array(hostPointSchema),
  reboots: z.array(z.number()),
});
export type HostHistoryResponse = z.infer<typeof hostHistoryResponseSchema>;
