import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHost } from '../../electron/main/api/create-host';
import type { Host } from '../../electron/main/api/create-host';
import { createMemoryLogger } from '../../electron/main/services/logger';
import { tokenFile } from '../../electron/main/services/sync/create-sync-service';
import { createFileSecretStore } from '../../electron/main/services/sync/file-secret-store';

/**
 * The real main-process services, with an in-memory log, a recorder for external links, and a
 * fetch that records every request and fails it (tests that need a server pass a real one).
 */
export function createTestHost(
  runtime: 'electron' | 'browser' = 'browser',
  options: { fetch?: typeof fetch } = {},
) {
  const logger = createMemoryLogger();
  const opened: string[] = [];
  const fetched: string[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-test-'));
  const recordingFetch: typeof fetch = (input) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return Promise.reject(new Error('The test host has no network'));
  };
  const host: Host = createHost({
    runtime,
    name: 'HealthDesk',
    version: '9.9.9-test',
    dataDir,
    logger,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve(true);
    },
    secretStore: createFileSecretStore(tokenFile(dataDir)),
    fetch: options.fetch ?? recordingFetch,
  });
  return { host, logger, opened, fetched, dataDir };
}
