import { inject } from 'vue';
import type { InjectionKey } from 'vue';
import type { ClientApi } from '@shared/contract/client';
import type { HostContract } from '@shared/contract/host-contract';

/** The host API as the renderer sees it: `window.healthdesk` in Electron, a WebSocket client in a browser. */
export type HostApi = ClientApi<HostContract>;

export const HOST_API: InjectionKey<HostApi> = Symbol('host-api');

/** The host API provided to the app at start-up; stores and views get it from here. */
export function useHostApi(): HostApi {
  const api = inject(HOST_API);
  if (!api) throw new Error('The host API was not provided to the app');
  return api;
}
