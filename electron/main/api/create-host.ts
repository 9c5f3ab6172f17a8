import os from 'node:os';
import si from 'systeminformation';
import type { Runtime } from '@shared/contract/app';
import type { HostContract } from '@shared/contract/host-contract';
import { hostContract } from '@shared/contract/host-contract';
import { createAppInfoService } from '../services/app-info';
import type { Logger } from '../services/logger';
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
}

export interface Host {
  dispatcher: Dispatcher;
  events: EventHub<HostContract>;
  close(): Promise<void>;
}

/**
 * Composes the main-process services behind the host API. Electron and browser mode both call
 * this, so the renderer talks to the same code whichever runtime it is in.
 */
export function createHost(options: HostOptions): Host {
  const { logger } = options;
  const events = createEventHub<HostContract>(logger.child('events'));
  const handlers = createHostHandlers({
    appInfo: createAppInfoService(options),
    systemInfo: createSystemInfoService({ si, os }),
    externalLinks: { open: options.openExternal },
  });
  const dispatcher = createDispatcher(hostContract, handlers, { logger: logger.child('api') });
  return {
    dispatcher,
    events,
    close() {
      events.close();
      return Promise.resolve();
    },
  };
}
