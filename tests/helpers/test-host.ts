import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHost } from '../../electron/main/api/create-host';
import type { Host, HostOptions } from '../../electron/main/api/create-host';
import { samplerWorkerFactory } from '../../electron/main/host-monitor/launch-worker';
import { createMemoryLogger } from '../../electron/main/services/logger';

/** The real main-process services, with an in-memory log and a recorder for external links. */
export function createTestHost(
  runtime: 'electron' | 'browser' = 'browser',
  overrides: Partial<Pick<HostOptions, 'hostMonitor' | 'dataDir' | 'launchSampler'>> = {},
) {
  const logger = createMemoryLogger();
  const opened: string[] = [];
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'healthdesk-test-'));
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
    // The real sampler, from source (tests run before or without a build).
    launchSampler: overrides.launchSampler ?? samplerWorkerFactory(import.meta.dirname),
    hostMonitor: overrides.hostMonitor,
  });
  return { host, logger, opened, dataDir };
}
