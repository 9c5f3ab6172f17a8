import { z } from 'zod';
import {
  hostSampleSchema,
  hostSlowMetricsSchema,
  probeStatusSchema,
  topProcessesSchema,
} from '@shared/contract/host-metrics';

/** What the sampler's process posts to the app; parsed there, as any input from elsewhere. */
export const samplerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: hostSampleSchema }),
  z.object({ type: z.literal('slow'), slow: hostSlowMetricsSchema }),
  z.object({ type: z.literal('processes'), processes: topProcessesSchema }),
  z.object({ type: z.literal('probes'), probes: z.array(probeStatusSchema).max(64) }),
]);
export type SamplerMessage = z.infer<typeof samplerMessageSchema>;

/**
 * The sampler posts its messages in batches (see createBatcher). A batch that answers a
 * `flush` ends with `{ type: 'flushed' }`.
 */
export const samplerBatchSchema = z
  .array(z.union([samplerMessageSchema, z.object({ type: z.literal('flushed') })]))
  .min(1)
  .max(1000);

/**
 * What the app may ask of the sampler: top processes while that view is open; every sample as
 * soon as it is read while a live view is open (otherwise samples come in batches).
 */
export const samplerControlSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('processes'), wanted: z.boolean() }),
  z.object({ type: z.literal('live'), wanted: z.boolean() }),
  // Post what waits now, and say so: the app is closing and keeps every sample taken.
  z.object({ type: z.literal('flush') }),
]);
export type SamplerControl = z.infer<typeof samplerControlSchema>;

export const samplerSettingsSchema = z.object({
  fastIntervalMs: z.number().int().min(10),
  slowIntervalMs: z.number().int().min(10),
  processesIntervalMs: z.number().int().min(10),
  fastTimeoutMs: z.number().int().min(1),
  slowTimeoutMs: z.number().int().min(1),
  /**
   * Samples per message while no live view is open: the app is then woken once per batch, not
   * once per second. History and alerts take the samples as they come; their timestamps are
   * those of the readings.
   */
  batchSamples: z.number().int().min(1).max(60).default(1),
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
  batchSamples: 5,
} satisfies SamplerSettings;

const SETTINGS_FLAG = '--healthdesk-sampler=';

/** The settings as the one command-line argument the sampler's process is started with. */
export function samplerSettingsArgument(settings: SamplerSettings): string {
  return SETTINGS_FLAG + JSON.stringify(settings);
}

/** The settings from the sampler's command line (see samplerSettingsArgument). */
export function samplerSettingsFromArgv(
  argv: readonly string[],
): z.output<typeof samplerSettingsSchema> {
  const argument = argv.find((value) => value.startsWith(SETTINGS_FLAG));
  if (!argument) throw new Error('The host sampler was started without its settings');
  return samplerSettingsSchema.parse(JSON.parse(argument.slice(SETTINGS_FLAG.length)));
}
