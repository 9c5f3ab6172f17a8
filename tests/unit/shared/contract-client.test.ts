import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ClientTransport } from '@shared/contract/client';
import { createClient } from '@shared/contract/client';
import { defineMethod } from '@shared/contract/define';
import { hostContract } from '@shared/contract/host-contract';
import { MAX_MESSAGE_BYTES } from '@shared/contract/result';

function transport(invoke: ClientTransport['invoke']): ClientTransport {
  return { invoke, subscribe: () => () => undefined };
}

describe('contract client', () => {
  it('has one function per method, grouped by namespace', () => {
    const api = createClient(
      hostContract,
      transport(() => Promise.resolve(null)),
    );
    expect(Object.keys(api).sort()).toEqual(['app', 'host', 'on', 'sync', 'system']);
    expect(Object.keys(api.app).sort()).toEqual(['getInfo', 'openExternal']);
    expect(Object.keys(api.host).sort()).toEqual(['getHistory', 'getRecentSamples', 'getSnapshot']);
    expect(Object.isFrozen(api) && Object.isFrozen(api.app)).toBe(true);
  });

  it('sends nothing too large and says so', async () => {
    let sent = 0;
    const api = createClient(
      hostContract,
      transport(() => Promise.resolve(sent++)),
    );
    const result = await api.app.openExternal({
      url: 'https://a.example/' + 'x'.repeat(MAX_MESSAGE_BYTES),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(sent).toBe(0);
  });

  it('reports a transport failure as DISCONNECTED', async () => {
    const api = createClient(
      hostContract,
      transport(() => Promise.reject(new Error('socket closed'))),
    );
    expect(await api.app.getInfo()).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
  });

  it('refuses a contract whose method names would clash with the event function', () => {
    const clashing = { methods: { 'on.thing': defineMethod(z.undefined(), z.null()) }, events: {} };
    expect(() =>
      createClient(
        clashing,
        transport(() => Promise.resolve(null)),
      ),
    ).toThrow(/not allowed/);
  });

  it('refuses to subscribe to an event the contract does not have', () => {
    const api = createClient(
      hostContract,
      transport(() => Promise.resolve(null)),
    );
    expect(() =>
      (api.on as (event: string, listener: () => void) => void)('app.secret', () => undefined),
    ).toThrow(/Unknown event/);
  });
});
