import path from 'node:path';
import { z } from 'zod';
import { readIfExists, writePrivateFile } from './private-file';

/**
 * How far host reports got: every complete minute up to `lastMinute` was stored by the server
 * (or had nothing to send). It belongs to one pairing: another server, clinic or device id
 * starts again.
 */
export const hostReportStateSchema = z.object({
  version: z.literal(1),
  serverUrl: z.string(),
  clinicId: z.string(),
  deviceId: z.string(),
  /** Start of the last minute handled, Unix ms. */
  lastMinute: z.number().int().nonnegative(),
});
export type HostReportState = z.infer<typeof hostReportStateSchema>;

export interface HostReportStateStore {
  load(): Promise<HostReportState | null>;
  save(state: HostReportState): Promise<void>;
}

/** A JSON file beside the pairing; a damaged file reads as "nothing sent yet". */
export function createHostReportStateStore(dir: string): HostReportStateStore {
  const file = path.join(dir, 'host-reports.json');
  return {
    async load() {
      const bytes = await readIfExists(file);
      if (!bytes) return null;
      try {
        const parsed = hostReportStateSchema.safeParse(JSON.parse(bytes.toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    save: (state) => writePrivateFile(file, JSON.stringify(state)),
  };
}
