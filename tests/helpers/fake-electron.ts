import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for the `electron` module that records what the main process asked of it. */
export function createFakeElectron() {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-electron-'));
  const calls = {
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as FakeWindow[],
    menuTemplate: null as unknown,
    openedExternally: [] as string[],
    permissionRequestHandler: null as null | ((...args: unknown[]) => void),
    permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
    quit: 0,
    utilityProcesses: [] as string[],
  };

  class FakeWebContents extends EventEmitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }

  class FakeWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      calls.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1111, height: 777 };
    }
    isMaximized = () => false;
    isMinimized = () => false;
    maximize() {}
    restore() {}
    focus() {}
    show() {}
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: (): boolean => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? userData : os.tmpdir()),
    setPath: () => undefined,
    getName: () => 'HealthDesk',
    getVersion: () => '1.2.3',
    getLocale: () => 'es-ES',
    quit: () => {
      calls.quit++;
    },
    exit: () => undefined,
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        calls.menuTemplate = menu;
      },
    },
    ipcMain: {
      handle: (channel: string, listener: Listener) => calls.ipcHandlers.set(channel, listener),
      removeHandler: (channel: string) => calls.ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => calls.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        calls.protocolHandlers.set(scheme, handler),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => {
          calls.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => {
          calls.permissionCheckHandler = handler;
        },
      },
    },
    shell: {
      openExternal: (url: string) => {
        calls.openedExternally.push(url);
        return Promise.resolve();
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(false),
      getSelectedStorageBackend: () => 'unknown',
      encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(text)),
      decryptStringAsync: (data: Buffer) =>
        Promise.resolve({ result: data.toString(), shouldReEncrypt: false }),
    },
    net: { fetch: () => Promise.reject(new Error('The fake Electron has no network')) },
    // A utility process that starts and stays silent (the sampler's own tests cover the rest).
    utilityProcess: {
      fork: (modulePath: string) => {
        calls.utilityProcesses.push(modulePath);
        const child: EventEmitter = Object.assign(new EventEmitter(), {
          postMessage() {},
          kill: () => child.emit('exit', 0),
        });
        return child;
      },
    },
  };
  return { electron, calls, userData };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
