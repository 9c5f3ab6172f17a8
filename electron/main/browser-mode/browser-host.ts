import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostContract } from '@shared/contract/host-contract';
import type { Host } from '../api/create-host';
import { SECURITY_HEADERS } from '../security/csp';
import { readRendererFile } from '../security/static-files';
import type { Logger } from '../services/logger';
import { serveOverWebSocket } from './ws-host';

export interface BrowserHostOptions {
  host: Host;
  rendererDir: string;
  /** 0 picks a free port (tests); users keep a fixed one because IndexedDB is per origin. */
  port: number;
  logger: Logger;
  token?: string;
}

export interface BrowserHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and the host API on 127.0.0.1 only. Requests whose
 * Host header is not ours are refused, which defeats DNS-rebinding pages.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { host, rendererDir, logger } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((name) => `http://${name}`);

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      response
        .writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Misdirected request');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await readRendererFile(rendererDir, pathname);
    response.writeHead(file.status, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      logger.error('Browser mode could not serve a file', { error: String(error) });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const stopWs = serveOverWebSocket({
    server,
    contract: hostContract,
    dispatcher: host.dispatcher,
    events: host.events,
    token,
    allowedOrigins,
    logger: logger.child('ws'),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      await stopWs();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
