import path from 'node:path';
import { z } from 'zod';
import { roleSchema, uuidSchema } from '@shared/sync/protocol';
import { readIfExists, removeFile, writePrivateFile } from './private-file';

/** What pairing left on this device besides the token (which the secret store keeps). */
export const pairingSettingsSchema = z.object({
  version: z.literal(1),
  serverUrl: z.string(),
  insecureLan: z.boolean(),
  deviceId: uuidSchema,
  deviceName: z.string().nullable(),
  clinicId: uuidSchema,
  patientId: uuidSchema.nullable(),
  role: roleSchema,
  serverEpoch: z.string(),
  pairedAt: z.number(),
});
export type PairingSettings = z.infer<typeof pairingSettingsSchema>;

export interface PairingSettingsStore {
  load(): Promise<PairingSettings | null>;
  save(settings: PairingSettings): Promise<void>;
  clear(): Promise<void>;
}

/** A JSON file in the data folder; a damaged file reads as "not paired", never as a crash. */
export function createPairingSettingsStore(dir: string): PairingSettingsStore {
  const file = path.join(dir, 'pairing.json');
  return {
    async load() {
      const bytes = await readIfExists(file);
      if (!bytes) return null;
      try {
        const parsed = pairingSettingsSchema.safeParse(JSON.parse(bytes.toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    save: (settings) => writePrivateFile(file, JSON.stringify(settings, null, 2)),
    clear: () => removeFile(file),
  };
}
