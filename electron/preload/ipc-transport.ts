import type { ClientTransport } from '@shared/contract/client';
import {
  EVENT_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  channelFor,
} from '@shared/contract/host-contract';

/** The part of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The client side of the IPC transport. The page never sees `ipcRenderer` nor the Electron
 * event object: listeners receive only the payload.
 */
export function createIpcTransport(ipc: IpcRendererLike): ClientTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let listening = false;

  function ensureListening(): void {
    if (listening) return;
    listening = true;
    ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
      if (typeof name !== 'string') return;
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  return {
    invoke: (method, request) =>
      request === undefined
        ? ipc.invoke(channelFor(method))
        : ipc.invoke(channelFor(method), request),
    subscribe(event, listener) {
      ensureListening();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      if (set.size === 1) void ipc.invoke(SUBSCRIBE_CHANNEL, event);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        if (set.size === 0) void ipc.invoke(UNSUBSCRIBE_CHANNEL, event);
      };
    },
  };
}
