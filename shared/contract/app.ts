import { z } from 'zod';

export const runtimeSchema = z.enum(['electron', 'browser']);
export type Runtime = z.infer<typeof runtimeSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  runtime: runtimeSchema,
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Only web links and e-mail leave the app; anything else could launch a local program. */
export const externalUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'mailto:';
    } catch {
      return false;
    }
  }, 'Only https: and mailto: links can be opened');

export const openExternalRequestSchema = z.object({ url: externalUrlSchema }).strict();
