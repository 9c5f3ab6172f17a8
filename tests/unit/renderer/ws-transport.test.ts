import { describe, expect, it } from 'vitest';
import type { WebSocketLike } from '../../../renderer/src/host/ws-transport';
import { createWsTransport } from '../../../renderer/src/host/ws-transport';

class FakeSocket implements WebSocketLike {
  static created: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.created.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

function setup() {
  FakeSocket.created = [];
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:5749/api',
    token: 'secret',
    createSocket: (url, protocols) => new FakeSocket(url, protocols),
    retryDelayMs: () => 0,
  });
  return { transport, socket: () => FakeSocket.created.at(-1)! };
}

describe('browser-mode WebSocket transport', () => {
  it('offers the token as a subprotocol, never in the address', () => {
    const { socket } = setup();
    expect(socket().url).toBe('ws://127.0.0.1:5749/api');
    expect(socket().protocols).toEqual(['healthdesk.v1', 'token.secret']);
  });

  it('holds calls until the socket opens and matches answers by id', async () => {
    const { transport, socket } = setup();
    const first = transport.invoke('app.getInfo', undefined);
    const second = transport.invoke('system.getStaticInfo', undefined);
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([
      { t: 'call', id: 1, method: 'app.getInfo' },
      { t: 'call', id: 2, method: 'system.getStaticInfo' },
    ]);
    socket().receive({ t: 'result', id: 2, result: 'two' });
    socket().receive({ t: 'result', id: 1, result: 'one' });
    expect(await Promise.all([first, second])).toEqual(['one', 'two']);
  });

  it('ignores frames that are not ours', () => {
    const { transport, socket } = setup();
    socket().open();
    const seen: unknown[] = [];
    transport.subscribe('app.menuCommand', (payload) => seen.push(payload));
    socket().receive('garbage');
    socket().receive({ t: 'event', event: 42 });
    socket().receive({ t: 'event', event: 'app.menuCommand', payload: 'ok' });
    expect(seen).toEqual(['ok']);
  });

  it('fails calls in flight when the connection drops, reconnects and re-subscribes', async () => {
    const { transport, socket } = setup();
    const states: string[] = [];
    transport.onStateChange((state) => states.push(state));
    socket().open();
    transport.subscribe('app.menuCommand', () => undefined);
    const lost = transport.invoke('app.getInfo', undefined);
    const dropped = socket();
    dropped.close();
    await expect(lost).rejects.toThrow(/lost/);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(FakeSocket.created).toHaveLength(2);
    socket().open();
    expect(socket().sent).toEqual([{ t: 'sub', event: 'app.menuCommand' }]);
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
  });

  it('unsubscribes from the host when the last listener leaves', () => {
    const { transport, socket } = setup();
    socket().open();
    const stopA = transport.subscribe('app.menuCommand', () => undefined);
    const stopB = transport.subscribe('app.menuCommand', () => undefined);
    stopA();
    stopA();
    expect(socket().sent).toEqual([{ t: 'sub', event: 'app.menuCommand' }]);
    stopB();
    expect(socket().sent).toEqual([
      { t: 'sub', event: 'app.menuCommand' },
      { t: 'unsub', event: 'app.menuCommand' },
    ]);
  });
});
