import os from 'node:os';
import path from 'node:path';
import si from 'systeminformation';
import type { Runtime } from '@shared/contract/app';
import type { HostContract } from '@shared/contract/host-contract';
import { hostContract } from '@shared/contract/host-contract';
import type { HostAlertRule } from '@shared/host-alerts/rules';
import type { Clock } from '../host-monitor/clock';
import { systemClock } from '../host-monitor/clock';
import { createHostHistory } from '../host-monitor/history/host-history';
import type { HistoryFs } from '../host-monitor/history/history-fs';
import { nodeHistoryFs } from '../host-monitor/history/history-fs';
import { startHostMonitor } from '../host-monitor/host-monitor';
import type { SamplerLauncher } from '../host-monitor/launch-sampler';
import type { SamplerSettings } from '../host-monitor/sampler-messages';
import { createAppInfoService } from '../services/app-info';
import type { Logger } from '../services/logger';
import { createSyncService } from '../services/sync/create-sync-service';
import { createHostReportStateStore } from '../services/sync/host-report-state';
import type { HostReporter } from '../services/sync/host-reporter';
import { minutesFromHistory, startHostReporter } from '../services/sync/host-reporter';
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
  /**
   * Starts the host sampler's process: `forkSampler(<built main folder>)` in browser mode,
   * `utilitySampler(...)` in the Electron app.
   */
  launchSampler: SamplerLauncher;
  /** For tests and benchmarks: a fake clock or file system, faster sampling, other rules. */
  hostMonitor?:
    | {
        clock?: Clock;
        fs?: HistoryFs;
        settings?: Partial<SamplerSettings>;
        rules?: readonly HostAlertRule[];
      }
    | undefined;
}

export interface Host {
  dispatcher: Dispatcher;
  events: EventHub<HostContract>;
  /** For main-process callers (the host sampler's reports); the renderer uses `sync.*`. */
  sync: SyncTransport;
  /** Sends this PC's minutes to the clinic server while paired as staff. */
  hostReporter: HostReporter;
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
  const clock = options.hostMonitor?.clock ?? systemClock();
  const hostLogger = logger.child('host-monitor');
  const hostMonitor = startHostMonitor({
    launchSampler: options.launchSampler,
    history: createHostHistory({
      dataDir: options.dataDir,
      fs: options.hostMonitor?.fs ?? nodeHistoryFs(),
      clock,
      logger: hostLogger,
    }),
    clock,
    logger: hostLogger,
    hostname: os.hostname(),
    platform: process.platform,
    settings: options.hostMonitor?.settings,
    rules: options.hostMonitor?.rules,
  });
  const hostReporter = startHostReporter({
    transport: sync,
    readMinutes: minutesFromHistory((request) => hostMonitor.getHistory(request)),
    identity() {
      const snapshot = hostMonitor.getSnapshot();
      return {
        hostname: snapshot.hostname.slice(0, 255) || 'unknown',
        platform: snapshot.platform.slice(0, 64) || 'unknown',
        bootTime: Math.round(snapshot.slow?.bootTime ?? clock.now() - os.uptime() * 1000),
      };
    },
    state: createHostReportStateStore(path.join(options.dataDir, 'sync')),
    clock,
    logger: logger.child('host-reports'),
  });
  // Live streams run only while a view listens; sampling itself never stops (history, alerts).
  events.source('host.sample', (emit) => hostMonitor.onSample(emit));
  events.source('host.alerts', (emit) => hostMonitor.onAlerts((alerts) => emit({ alerts })));
  events.source('host.processes', (emit) => hostMonitor.onProcesses(emit));
  const handlers = createHostHandlers({
    appInfo: createAppInfoService(options),
    systemInfo: createSystemInfoService({ si, os }),
    externalLinks: { open: options.openExternal },
    // A new pairing starts reports at once; an ended one stops them.
    sync: {
      ...sync,
      async pair(request) {
        const result = await sync.pair(request);
        hostReporter.wake();
        return result;
      },
      async unpair() {
        const status = await sync.unpair();
        hostReporter.wake();
        return status;
      },
    },
    hostMonitor,
  });
  const dispatcher = createDispatcher(hostContract, handlers, { logger: logger.child('api') });
  return {
    dispatcher,
    events,
    sync,
    hostReporter,
    async close() {
      events.close();
      await hostReporter.close();
      await hostMonitor.close();
    },
  };
}
