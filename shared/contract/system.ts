import { z } from 'zod';

export const diskSchema = z.object({
  name: z.string(),
  type: z.string(),
  sizeBytes: z.number().nonnegative(),
});

export const staticSystemInfoSchema = z.object({
  cpu: z.object({
    brand: z.string(),
    manufacturer: z.string(),
    cores: z.number().int().positive(),
    physicalCores: z.number().int().nonnegative(),
    speedGHz: z.number().nonnegative(),
  }),
  memory: z.object({ totalBytes: z.number().nonnegative() }),
  os: z.object({
    platform: z.string(),
    distro: z.string(),
    release: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  disks: z.array(diskSchema),
});
export type StaticSystemInfo = z.infer<typeof staticSystemInfoSchema>;
export type Disk = z.infer<typeof diskSchema>;
