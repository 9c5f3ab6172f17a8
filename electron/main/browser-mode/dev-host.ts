import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { hostContract } from '@shared/contract/host-contract';
import { createHost } from '../api/create-host';
import { forkSampler } from '../host-monitor/launch-sampler';
import { createLogger } from '../services/logger';
import { tokenFile } from '../services/sync/create-sync-service';
import { createFileSecretStore } from '../services/sync/file-secret-store';
import { defaultDataDir } from '../services/paths';
import { serveOverWebSocket } from './ws-host';

/**
 * Development only (npm run dev): the host API on the development server's own port, beside
 * its hot-reload socket, so the renderer reloads on save while talking to the real services.
 */
export function attachDevHost(
  server: Server,
  port: number,
  version: string,
): { url: string; close(): Promise<void> } {
  const logger = createLogger({ level: 'debug' });
  const dataDir = process.env.HEALTHDESK_DATA_DIR ?? path.join(defaultDataDir(), 'browser-mode');
  mkdirSync(dataDir, { recursive: true });
  const host = createHost({
    runtime: 'browser',
    name: 'HealthDesk',
    version,
    dataDir,
    logger,
    openExternal: () => Promise.resolve(false),
    // No safeStorage outside Electron: a private file, reported as not secure.
    secretStore: createFileSecretStore(tokenFile(dataDir)),
    // Nothing is built beside this source file: the sampler process runs from source through tsx.
    launchSampler: forkSampler(import.meta.dirname),
  });
  const token = randomBytes(24).toString('base64url');
  const stop = serveOverWebSocket({
    server,
    contract: hostContract,
    dispatcher: host.dispatcher,
    events: host.events,
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    logger: logger.child('ws'),
    refuseOtherPaths: false,
  });
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      await stop();
      await host.close();
    },
  };
}
