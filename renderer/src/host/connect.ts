import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import { WS_PATH } from '@shared/contract/ws-frames';
import type { HostApi } from './host-api';
import type { ConnectionState } from './ws-transport';
import { createWsTransport } from './ws-transport';

const TOKEN_KEY = 'healthdesk.browser-mode.token';

export type HostConnection =
  | { kind: 'electron'; api: HostApi }
  | {
      kind: 'browser';
      api: HostApi;
      state(): ConnectionState;
      onStateChange(listener: (state: ConnectionState) => void): () => void;
    }
  | { kind: 'missing-token' };

/**
 * Finds the host API: the preload's `window.healthdesk` in Electron, otherwise the browser-mode
 * WebSocket. The browser-mode token arrives once in the address printed by `npm start`; it is
 * kept for this tab's session and removed from the address bar.
 */
export function connectToHost(win: Window = window): HostConnection {
  const exposed = (win as Window & { healthdesk?: HostApi }).healthdesk;
  if (exposed) return { kind: 'electron', api: exposed };

  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.toString());
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token) return { kind: 'missing-token' };

  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWsTransport({ url: `${scheme}//${url.host}${WS_PATH}`, token });
  return {
    kind: 'browser',
    api: createClient(hostContract, transport),
    state: () => transport.state,
    onStateChange: (listener) => transport.onStateChange(listener),
  };
}
