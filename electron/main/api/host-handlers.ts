import type { HostContract } from '@shared/contract/host-contract';
import type { AppInfo } from '@shared/contract/app';
import type { StaticSystemInfo } from '@shared/contract/system';
import type { SyncTransport } from '../services/sync/sync-transport';
import type { HostMonitor } from '../host-monitor/host-monitor';
import type { Handlers } from './dispatcher';

/** The main-process services the host API is made of, whichever runtime hosts them. */
export interface HostServices {
  appInfo: { getInfo(): AppInfo };
  systemInfo: { getStaticInfo(): Promise<StaticSystemInfo> };
  externalLinks: { open(url: string): Promise<boolean> };
  sync: SyncTransport;
  hostMonitor: Pick<HostMonitor, 'getSnapshot' | 'getHistory' | 'getRecentSamples'>;
}

export function createHostHandlers(services: HostServices): Handlers<HostContract> {
  return {
    'app.getInfo': () => services.appInfo.getInfo(),
    'app.openExternal': async ({ url }) => ({ opened: await services.externalLinks.open(url) }),
    'system.getStaticInfo': () => services.systemInfo.getStaticInfo(),
    'sync.getStatus': () => services.sync.getStatus(),
    'sync.pair': (request) => services.sync.pair(request),
    'sync.unpair': () => services.sync.unpair(),
    'sync.push': (request) => services.sync.push(request),
    'sync.pull': (request) => services.sync.pull(request),
    'sync.createPairingCode': ({ role, patientId }) =>
      services.sync.createPairingCode(role, patientId ?? null),
    'sync.listHosts': () => services.sync.listHosts(),
    'sync.getHostHistory': (request) => services.sync.hostHistory(request),
    'host.getSnapshot': () => services.hostMonitor.getSnapshot(),
    'host.getHistory': (request) => services.hostMonitor.getHistory(request),
    'host.getRecentSamples': ({ seconds }) => services.hostMonitor.getRecentSamples(seconds),
  };
}
