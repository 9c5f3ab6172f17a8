import type { TokenStorage } from '@shared/contract/sync';

/**
 * Where the device token lives. Injected: Electron's safeStorage in the desktop app
 * (electron/main/shell/safe-storage-secret-store.ts), a private file in browser mode and tests.
 */
export interface SecretStore {
  /** Whether the OS protects the secret; the UI warns when it does not. */
  protection(): Promise<TokenStorage>;
  read(): Promise<string | null>;
  write(secret: string): Promise<void>;
  remove(): Promise<void>;
}
