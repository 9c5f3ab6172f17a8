import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { readIfExists, removeFile, writePrivateFile } from '../services/sync/private-file';
import type { SecretStore } from '../services/sync/secret-store';

type SafeStorageApi = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>;

const storedSchema = z.object({ format: z.enum(['safeStorage', 'plain']), data: z.string() });

/**
 * The device token encrypted with Electron's safeStorage, async API (the synchronous one is
 * deprecated upstream), in a private file. Where the OS offers no secure storage (Linux without a
 * keyring: backend "basic_text"; or no encryption at all) the token is still kept, the status says
 * `secure: false` and the UI warns.
 */
export function createSafeStorageSecretStore(
  safeStorage: SafeStorageApi,
  file: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  async function protection() {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    if (!available) return { secure: false, backend: 'file' };
    const backend =
      platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : platform === 'darwin'
          ? 'keychain'
          : 'dpapi';
    return { secure: backend !== 'basic_text' && backend !== 'unknown', backend };
  }

  async function write(secret: string): Promise<void> {
    const stored = (await safeStorage.isAsyncEncryptionAvailable())
      ? {
          format: 'safeStorage' as const,
          data: (await safeStorage.encryptStringAsync(secret)).toString('base64'),
        }
      : { format: 'plain' as const, data: secret };
    await writePrivateFile(file, JSON.stringify(stored));
  }

  return {
    protection,
    write,
    async read() {
      const bytes = await readIfExists(file);
      if (!bytes) return null;
      const stored = storedSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      if (!stored.success) return null;
      if (stored.data.format === 'plain') return stored.data.data;
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
        Buffer.from(stored.data.data, 'base64'),
      );
      // The OS rotated its key or offers a stronger one: store the token under the new key.
      if (shouldReEncrypt) await write(result);
      return result;
    },
    remove: () => removeFile(file),
  };
}
