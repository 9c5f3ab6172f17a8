import { z } from 'zod';
import {
  hostSampleSchema,
  hostSlowMetricsSchema,
  probeStatusSchema,
  topProcessesSchema,
} from '@shared/contract/host-metrics';

/** What the sampler worker posts to the main thread; parsed there, as any input from elsewhere. */
export const samplerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: hostSampleSchema }),
  z.object({ type: z.literal('slow'), slow: hostSlowMetricsSchema }),
  z.object({ type: z.literal('processes'), processes: topProcessesSchema }),
  z.object({ type: z.literal('probes'), probes: z.array(probeStatusSchema).max(64) }),
]);
export type SamplerMessage = z.infer<typeof samplerMessageSchema>;

/** What the main thread may ask of the worker. */
export const samplerControlSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('processes'), wanted: z.boolean() }),
]);
export type SamplerControl = z.infer<typeof samplerControlSchema>;

export const samplerSettingsSchema = z.object({
  fastIntervalMs: z.number().int().min(10),
  slowIntervalMs: z.number().int().min(10),
  processesIntervalMs: z.number().int().min(10),
  fastTimeoutMs: z.number().int().min(1),
  slowTimeoutMs: z.number().int().min(1),
  /** Where procfs and sysfs are: other folders only in tests. */
  procRoot: z.string().default('/proc'),
  sysRoot: z.string().default('/sys'),
});
export type SamplerSettings = z.input<typeof samplerSettingsSchema>;

export const DEFAULT_SAMPLER_SETTINGS = {
  fastIntervalMs: 1000,
  slowIntervalMs: 30_000,
  processesIntervalMs: 5000,
  // Below the interval, so a hung probe is given up on before the next second's reading.
  fastTimeoutMs: 700,
  slowTimeoutMs: 10_000,
} satisfies SamplerSettings;
