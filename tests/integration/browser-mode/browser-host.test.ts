import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '@shared/contract/result';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '@shared/contract/ws-frames';
import type { BrowserHost } from '../../../electron/main/browser-mode/browser-host';
import { startBrowserHost } from '../../../electron/main/browser-mode/browser-host';
import { emptyRendererDir } from '../../helpers/host-transports';
import { createTestHost } from '../../helpers/test-host';

let test: ReturnType<typeof createTestHost>;
let browser: BrowserHost;

beforeEach(async () => {
  test = createTestHost('browser');
  browser = await startBrowserHost({
    host: test.host,
    rendererDir: emptyRendererDir(),
    port: 0,
    logger: test.logger,
  });
});
afterEach(async () => {
  await browser.close();
  await test.host.close();
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: browser.port, path, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** Tries a WebSocket upgrade and reports the HTTP status it was refused with, or 101. */
function upgrade(options: { token?: string; origin?: string; path?: string }): Promise<number> {
  const protocols = [
    WS_PROTOCOL,
    ...(options.token === undefined ? [] : [WS_TOKEN_PREFIX + options.token]),
  ];
  const socket = new WebSocket(
    `ws://127.0.0.1:${browser.port}${options.path ?? WS_PATH}`,
    protocols,
    {
      ...(options.origin ? { origin: options.origin } : {}),
    },
  );
  return new Promise((resolve) => {
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
}

function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(
    `ws://127.0.0.1:${browser.port}${WS_PATH}`,
    [WS_PROTOCOL, WS_TOKEN_PREFIX + browser.token],
    {
      origin: browser.origin,
    },
  );
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
  );
}

describe('browser mode host', () => {
  it('listens on 127.0.0.1 only and prints an address carrying the token', () => {
    expect(browser.url).toBe(`http://127.0.0.1:${browser.port}/?token=${browser.token}`);
    expect(browser.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const response = await get('/', { Host: `127.0.0.1:${browser.port}` });
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("object-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const response = await get('/', { Host: `attacker.example:${browser.port}` });
    expect(response.status).toBe(421);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/%00',
    ]) {
      const response = await get(path, { Host: `127.0.0.1:${browser.port}` });
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('root:');
    }
  });

  it('accepts a WebSocket only from our origin with this run’s token', async () => {
    expect(await upgrade({ token: browser.token, origin: browser.origin })).toBe(101);
    expect(
      await upgrade({ token: 'wrong-token-wrong-token-wrong-tok', origin: browser.origin }),
    ).toBe(401);
    expect(await upgrade({ origin: browser.origin })).toBe(401);
    expect(await upgrade({ token: browser.token, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ token: browser.token })).toBe(403);
    expect(await upgrade({ token: browser.token, origin: browser.origin, path: '/other' })).toBe(
      404,
    );
    const refusals = test.logger.lines.filter(
      (line) => line.message === 'Refused a WebSocket connection',
    );
    expect(refusals).toHaveLength(5);
  });

  it('answers malformed frames with typed errors and keeps the connection', async () => {
    const socket = await openSocket();
    socket.send('this is not json');
    expect(await nextMessage(socket)).toMatchObject({ t: 'error', error: { code: 'BAD_REQUEST' } });
    socket.send(JSON.stringify({ t: 'call', id: 7, method: 42 }));
    expect(await nextMessage(socket)).toMatchObject({
      t: 'result',
      id: 7,
      result: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await nextMessage(socket)).toMatchObject({ t: 'error', error: { code: 'BAD_REQUEST' } });
    socket.send(JSON.stringify({ t: 'sub', event: 'no.such.event' }));
    expect(await nextMessage(socket)).toMatchObject({ t: 'error', error: { code: 'BAD_REQUEST' } });
    socket.send(JSON.stringify({ t: 'call', id: 8, method: 'app.getInfo' }));
    expect(await nextMessage(socket)).toMatchObject({ t: 'result', id: 8, result: { ok: true } });
    socket.close();
  });

  it('answers an oversized message with PAYLOAD_TOO_LARGE without parsing it', async () => {
    const socket = await openSocket();
    const huge = JSON.stringify({
      t: 'call',
      id: 9,
      method: 'app.openExternal',
      params: { url: 'x'.repeat(MAX_MESSAGE_BYTES) },
    });
    socket.send(huge);
    expect(await nextMessage(socket)).toMatchObject({
      t: 'result',
      id: 9,
      result: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    socket.send(JSON.stringify({ t: 'call', id: 10, method: 'app.getInfo' }));
    expect(await nextMessage(socket)).toMatchObject({ t: 'result', id: 10, result: { ok: true } });
    expect(test.opened).toEqual([]);
    socket.close();
  });
});
