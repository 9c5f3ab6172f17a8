import { readIfExists, removeFile, writePrivateFile } from './private-file';
import type { SecretStore } from './secret-store';

/**
 * The token in a file only this user account can read (0600). Used in browser mode, where there
 * is no safeStorage, and where the OS offers no secure storage: not secure, and said so.
 */
export function createFileSecretStore(file: string, backend = 'file'): SecretStore {
  return {
    protection: () => Promise.resolve({ secure: false, backend }),
    async read() {
      const bytes = await readIfExists(file);
      const text = bytes?.toString('utf8').trim() ?? '';
      return text === '' ? null : text;
    },
    write: (secret) => writePrivateFile(file, secret),
    remove: () => removeFile(file),
  };
}
