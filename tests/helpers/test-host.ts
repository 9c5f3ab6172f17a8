import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHost } from '../../electron/main/api/create-host';
import type { Host, HostOptions } from '../../electron/main/api/create-host';
import { forkSampler } from '../../electron/main/host-monitor/launch-sampler';
import { createMemoryLogger } from '../../electron/main/services/logger';
import { tokenFile } from '../../electron/main/services/sync/create-sync-service';
import { createFileSecretStore } from '../../electron/main/services/sync/file-secret-store';

/**
 * The real main-process services, with an in-memory log, a recorder for external links, and a
 * fetch that records every request and fails it (tests that need a server pass a real one).
 */
export function createTestHost(
  runtime: 'electron' | 'browser' = 'browser',
  overrides: Partial<Pick<HostOptions, 'hostMonitor' | 'dataDir' | 'launchSampler' | 'fetch'>> = {},
) {
  const logger = createMemoryLogger();
  const opened: string[] = [];
  const fetched: string[] = [];
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'healthdesk-test-'));
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
    fetch: overrides.fetch ?? recordingFetch,
    // The real sampler, from source (tests run before or without a build).
    launchSampler: overrides.launchSampler ?? forkSampler(import.meta.dirname),
    hostMonitor: overrides.hostMonitor,
  });
  return { host, logger, opened, fetched, dataDir };
}
