import type { ClientTransport } from '@shared/contract/client';
import type { ClientFrame } from '@shared/contract/ws-frames';
import { WS_PROTOCOL, WS_TOKEN_PREFIX, serverFrameSchema } from '@shared/contract/ws-frames';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** The parts of the WebSocket class used here, so tests in Node can pass the `ws` package. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export interface WsTransportOptions {
  url: string;
  token: string;
  createSocket?: WebSocketFactory;
  /** Delay before the n-th reconnection attempt. */
  retryDelayMs?: (attempt: number) => number;
}

export interface WsTransport extends ClientTransport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const OPEN = 1;

/**
 * The browser-mode client transport. Calls made while connecting wait for the socket; calls in
 * flight when it drops fail (the client turns that into DISCONNECTED), and the transport keeps
 * reconnecting and re-subscribes to the events still listened to.
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const createSocket: WebSocketFactory =
    options.createSocket ??
    ((url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike);
  const retryDelayMs =
    options.retryDelayMs ?? ((attempt: number) => Math.min(5000, 250 * 2 ** attempt));
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let closedByUser = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function send(frame: ClientFrame): void {
    const text = JSON.stringify(frame);
    if (socket && socket.readyState === OPEN) socket.send(text);
    else queue.push(text);
  }

  function connect(): void {
    setState('connecting');
    const ws = createSocket(options.url, [WS_PROTOCOL, WS_TOKEN_PREFIX + options.token]);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const event of listeners.keys())
        ws.send(JSON.stringify({ t: 'sub', event } satisfies ClientFrame));
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (message) => onFrame(message.data);
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const call of pending.values()) call.reject(new Error('the connection was lost'));
      pending.clear();
      // Messages queued for this socket belong to calls that just failed; drop them.
      queue.length = 0;
      setState('closed');
      if (!closedByUser) retryTimer = setTimeout(connect, retryDelayMs(attempt++));
    };
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const frame = serverFrameSchema.safeParse(json);
    if (!frame.success) return;
    const message = frame.data;
    if (message.t === 'result') {
      const call = pending.get(message.id);
      pending.delete(message.id);
      call?.resolve(message.result);
    } else if (message.t === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  }

  connect();

  return {
    get state() {
      return state;
    },
    invoke(method, request) {
      if (closedByUser) return Promise.reject(new Error('the connection is closed'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ t: 'call', id, method, params: request });
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      if (set.size === 1) send({ t: 'sub', event });
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        if (set.size === 0) {
          listeners.delete(event);
          send({ t: 'unsub', event });
        }
      };
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
