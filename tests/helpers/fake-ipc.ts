import type {
  IpcInvokeEventLike,
  IpcMainLike,
  WebContentsLike,
} from '../../electron/main/ipc/ipc-types';
import type { IpcRendererLike } from '../../electron/preload/ipc-transport';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/**
 * An in-memory ipcMain/ipcRenderer pair. Arguments and results are structured-cloned both ways,
 * as Electron does, so anything that would not survive real IPC does not survive here either.
 */
export function createFakeIpcPair(
  initialFrame: { url: string; parent: unknown } | null = {
    url: 'app://healthdesk/index.html',
    parent: null,
  },
) {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  const destroyedListeners: (() => void)[] = [];
  let frame = initialFrame;
  let destroyed = false;

  const webContents: WebContentsLike = {
    id: 1,
    send(channel, ...args) {
      const cloned = structuredClone(args);
      for (const listener of rendererListeners.get(channel) ?? [])
        listener({ sender: 'ipc' }, ...cloned);
    },
    isDestroyed: () => destroyed,
    once(_event, listener) {
      destroyedListeners.push(listener);
      return webContents;
    },
  };

  const ipcMain: IpcMainLike = {
    handle(channel, handler) {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };

  const ipcRenderer: IpcRendererLike & { listenerCount(channel: string): number } = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler)
        throw new Error(
          `Error invoking remote method '${channel}': No handler registered for '${channel}'`,
        );
      const event: IpcInvokeEventLike = { sender: webContents, senderFrame: frame };
      return structuredClone(await handler(event, ...structuredClone(args)));
    },
    on(channel, listener) {
      let set = rendererListeners.get(channel);
      if (!set) rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    listenerCount: (channel) => rendererListeners.get(channel)?.size ?? 0,
  };

  return {
    ipcMain,
    ipcRenderer,
    channels: () => [...handlers.keys()],
    setFrame(next: { url: string; parent: unknown } | null) {
      frame = next;
    },
    destroy() {
      destroyed = true;
      for (const listener of destroyedListeners.splice(0)) listener();
    },
  };
}
