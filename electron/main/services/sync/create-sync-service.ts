import path from 'node:path';
import type { Logger } from '../logger';
import { installationId } from './installation-id';
import { createPairingSettingsStore } from './pairing-settings';
import type { SecretStore } from './secret-store';
import type { SyncTransport } from './sync-transport';
import { createSyncTransport } from './sync-transport';

export interface SyncServiceOptions {
  dataDir: string;
  fetch: typeof fetch;
  secretStore: SecretStore;
  logger: Logger;
  now?: () => number;
  requestTimeoutMs?: number;
}

/** The sync transport with its files in `<data folder>/sync/`. */
export function createSyncService(options: SyncServiceOptions): SyncTransport {
  const dir = path.join(options.dataDir, 'sync');
  return createSyncTransport({
    fetch: options.fetch,
    now: options.now ?? Date.now,
    secretStore: options.secretStore,
    settings: createPairingSettingsStore(dir),
    deviceId: installationId(path.join(dir, 'device-id')),
    logger: options.logger,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
  });
}

/** Where browser mode keeps the token when there is no safeStorage. */
export function tokenFile(dataDir: string): string {
  return path.join(dataDir, 'sync', 'device-token');
}
