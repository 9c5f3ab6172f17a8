import os from 'node:os';
import si from 'systeminformation';
import type { Runtime } from '@shared/contract/app';
import type { HostContract } from '@shared/contract/host-contract';
import { hostContract } from '@shared/contract/host-contract';
import { createAppInfoService } from '../services/app-info';
import type { Logger } from '../services/logger';
import { createSyncService } from '../services/sync/create-sync-service';
import type { SecretStore } from '../services/sync/secret-store';
import type { SyncTransport } from '../services/sync/sync-transport';
import { createSystemInfoService } from '../services/system-info';
import type { Dispatcher } from './dispatcher';
import { createDispatcher } from './dispatcher';
import type { EventHub } from './event-hub';
import { createEventHub } from './event-hub';
import { createHostHandlers } from './host-handlers';

export interface HostOptions {
  runtime: Runtime;
  name: string;
  version: string;
  dataDir: string;
  logger: Logger;
  /** Opens a validated external link; browser mode has no shell and answers false. */
  openExternal: (url: string) => Promise<boolean>;
  /** Keeps the sync device token: Electron's safeStorage, or a private file in browser mode. */
  secretStore: SecretStore;
  /** All HTTP to the clinic server; Electron passes net.fetch (the OS's certificates and proxy). */
  fetch?: typeof fetch;
}

export interface Host {
  dispatcher: Dispatcher;
  events: EventHub<HostContract>;
  /** For main-process callers (the host sampler's reports); the renderer uses `sync.*`. */
  sync: SyncTransport;
  close(): Promise<void>;
}

/**
 * Composes the main-process services behind the host API. Electron and browser mode both call
 * this, so the renderer talks to the same code whichever runtime it is in.
 */
export function createHost(options: HostOptions): Host {
  const { logger } = options;
  const events = createEventHub<HostContract>(logger.child('events'));
  const sync = createSyncService({
    dataDir: options.dataDir,
    fetch: options.fetch ?? globalThis.fetch,
    secretStore: options.secretStore,
    logger: logger.child('sync'),
  });
  const handlers = createHostHandlers({
    appInfo: createAppInfoService(options),
    systemInfo: createSystemInfoService({ si, os }),
    externalLinks: { open: options.openExternal },
    sync,
  });
  const dispatcher = createDispatcher(hostContract, handlers, { logger: logger.child('api') });
  return {
    dispatcher,
    events,
    sync,
    close() {
      events.close();
      return Promise.resolve();
    },
  };
}
