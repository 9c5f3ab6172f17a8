import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ClientTransport } from '@shared/contract/client';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import { WS_PATH } from '@shared/contract/ws-frames';
import { startBrowserHost } from '../../electron/main/browser-mode/browser-host';
import { serveOverIpc } from '../../electron/main/ipc/ipc-host';
import { createIpcTransport } from '../../electron/preload/ipc-transport';
import type { HostApi } from '../../renderer/src/host/host-api';
import type { WebSocketLike } from '../../renderer/src/host/ws-transport';
import { createWsTransport } from '../../renderer/src/host/ws-transport';
import { createFakeIpcPair } from './fake-ipc';
import { createTestHost } from './test-host';

export interface ConnectedHost extends ReturnType<typeof createTestHost> {
  api: HostApi;
  transport: ClientTransport;
  close(): Promise<void>;
}

export interface HostTransportCase {
  name: string;
  runtime: 'electron' | 'browser';
  connect(): Promise<ConnectedHost>;
}

/** A renderer folder with just an index page, for tests that only need the host API. */
export function emptyRendererDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>HealthDesk</title>');
  return dir;
}

export function wsSocketFactory(origin: string) {
  return (url: string, protocols: string[]): WebSocketLike =>
    new WebSocket(url, protocols, { origin }) as unknown as WebSocketLike;
}

/** The host API over an in-memory Electron IPC pair, as the preload and main would talk. */
export function connectOverIpc(test: ReturnType<typeof createTestHost>): ConnectedHost {
  const pair = createFakeIpcPair();
  const stop = serveOverIpc({
    ipcMain: pair.ipcMain,
    contract: hostContract,
    dispatcher: test.host.dispatcher,
    events: test.host.events,
    trustedOrigins: ['app://healthdesk'],
  });
  const transport = createIpcTransport(pair.ipcRenderer);
  return {
    ...test,
    transport,
    api: createClient(hostContract, transport),
    async close() {
      stop();
      await test.host.close();
    },
  };
}

/** The same contract served by both transports, so one suite can run against each. */
export const HOST_TRANSPORTS: HostTransportCase[] = [
  {
    name: 'Electron IPC (in-memory pair)',
    runtime: 'electron',
    connect() {
      return Promise.resolve(connectOverIpc(createTestHost('electron')));
    },
  },
  {
    name: 'browser-mode WebSocket',
    runtime: 'browser',
    async connect() {
      const test = createTestHost('browser');
      const browser = await startBrowserHost({
        host: test.host,
        rendererDir: emptyRendererDir(),
        port: 0,
        logger: test.logger,
      });
      const ws = createWsTransport({
        url: `ws://127.0.0.1:${browser.port}${WS_PATH}`,
        token: browser.token,
        createSocket: wsSocketFactory(browser.origin),
      });
      return {
        ...test,
        transport: ws,
        api: createClient(hostContract, ws),
        async close() {
          ws.close();
          await browser.close();
          await test.host.close();
        },
      };
    },
  },
];
