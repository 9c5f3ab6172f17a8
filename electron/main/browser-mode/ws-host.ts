import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { Contract } from '@shared/contract/define';
import { hasEvent } from '@shared/contract/define';
import { MAX_MESSAGE_BYTES } from '@shared/contract/result';
import type { ServerFrame } from '@shared/contract/ws-frames';
import {
  WS_PATH,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
  clientFrameSchema,
} from '@shared/contract/ws-frames';
import type { Dispatcher } from '../api/dispatcher';
import type { EventHub } from '../api/event-hub';
import type { Logger } from '../services/logger';

export interface WsHostOptions<C extends Contract> {
  server: Server;
  contract: C;
  dispatcher: Dispatcher;
  events: EventHub<C>;
  token: string;
  /** Origins (scheme://host:port) whose pages may connect. */
  allowedOrigins: () => readonly string[];
  logger: Logger;
  /**
   * Whether upgrades to other paths are refused here. False when the server is shared with
   * another WebSocket user (the development server's hot reload).
   */
  refuseOtherPaths?: boolean;
}

/** Frames past this size close the connection; between MAX_MESSAGE_BYTES and this they get an error. */
const HARD_LIMIT_BYTES = MAX_MESSAGE_BYTES * 2;

/**
 * Serves the contract over a WebSocket for browser mode. The upgrade is refused unless the
 * page comes from our own origin and presents this run's token as a subprotocol, so neither a
 * foreign web page nor another local program without the token can call the host API.
 */
export function serveOverWebSocket<C extends Contract>(
  options: WsHostOptions<C>,
): () => Promise<void> {
  const { server, contract, dispatcher, events, logger } = options;
  const expected = Buffer.from(options.token);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_LIMIT_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  function refuse(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
    logger.warn('Refused a WebSocket connection', { status, reason });
    socket.end(
      `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  }

  function tokenMatches(request: IncomingMessage): boolean {
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((value) => value.trim())
      .find((value) => value.startsWith(WS_TOKEN_PREFIX));
    if (!offered) return false;
    const given = Buffer.from(offered.slice(WS_TOKEN_PREFIX.length));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      if (options.refuseOtherPaths ?? true) refuse(socket, 404, 'unknown path');
      return;
    }
    const origin = request.headers.origin;
    if (!origin || !options.allowedOrigins().includes(origin))
      return refuse(socket, 403, `origin ${String(origin).slice(0, 100)}`);
    if (!tokenMatches(request)) return refuse(socket, 401, 'wrong or missing token');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  }

  function accept(ws: WebSocket): void {
    const subscriptions = new Map<string, () => void>();
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(data, isBinary);
    });
    ws.on('error', (error) => logger.warn('WebSocket error', { error: error.message }));
    ws.on('close', () => {
      for (const unsubscribe of subscriptions.values()) unsubscribe();
      subscriptions.clear();
    });

    async function onMessage(data: RawData, isBinary: boolean): Promise<void> {
      const size = Array.isArray(data)
        ? data.reduce((sum, part) => sum + part.length, 0)
        : data.byteLength;
      if (isBinary) {
        send({
          t: 'error',
          error: dispatcher.reject('BAD_REQUEST', 'Binary frames are not accepted', 'ws').error,
        });
        return;
      }
      if (size > MAX_MESSAGE_BYTES) {
        const refused = dispatcher.reject('PAYLOAD_TOO_LARGE', 'The message is too large', 'ws');
        const id = peekId(data);
        send(
          id === null ? { t: 'error', error: refused.error } : { t: 'result', id, result: refused },
        );
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(rawToString(data));
      } catch {
        send({
          t: 'error',
          error: dispatcher.reject('BAD_REQUEST', 'The message is not JSON', 'ws').error,
        });
        return;
      }
      const frame = clientFrameSchema.safeParse(json);
      if (!frame.success) {
        const refused = dispatcher.reject(
          'BAD_REQUEST',
          'The message is not a HealthDesk frame',
          'ws',
        );
        const id = idOf(json);
        send(
          id === null ? { t: 'error', error: refused.error } : { t: 'result', id, result: refused },
        );
        return;
      }
      const message = frame.data;
      if (message.t === 'call') {
        const result = await dispatcher.dispatch(message.method, message.params, 'ws');
        send({ t: 'result', id: message.id, result });
        return;
      }
      if (!hasEvent(contract, message.event)) {
        send({ t: 'error', error: dispatcher.reject('BAD_REQUEST', 'Unknown event', 'ws').error });
        return;
      }
      if (message.t === 'sub' && !subscriptions.has(message.event)) {
        const name = message.event;
        subscriptions.set(
          name,
          events.subscribe(name, (payload) => send({ t: 'event', event: name, payload })),
        );
      } else if (message.t === 'unsub') {
        subscriptions.get(message.event)?.();
        subscriptions.delete(message.event);
      }
    }
  }

  server.on('upgrade', onUpgrade);
  return async () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = json.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** Reads a call's id from the start of an oversized frame without parsing all of it. */
function peekId(data: RawData): number | null {
  const head = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer))
    .subarray(0, 64)
    .toString('utf8');
  const match = /"id"\s*:\s*(\d{1,15})/.exec(head);
  return match?.[1] ? Number(match[1]) : null;
}
