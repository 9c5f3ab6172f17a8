import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHost } from '../../electron/main/api/create-host';
import type { Host } from '../../electron/main/api/create-host';
import { createMemoryLogger } from '../../electron/main/services/logger';

/** The real main-process services, with an in-memory log and a recorder for external links. */
export function createTestHost(runtime: 'electron' | 'browser' = 'browser') {
  const logger = createMemoryLogger();
  const opened: string[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-test-'));
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
  });
  return { host, logger, opened, dataDir };
}
