import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyncTransport } from '../../../../electron/main/services/sync/sync-transport';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import { createBackoff } from '../../../../electron/main/services/sync/backoff';
import { createFileSecretStore } from '../../../../electron/main/services/sync/file-secret-store';
import { installationId } from '../../../../electron/main/services/sync/installation-id';
import { createPairingSettingsStore } from '../../../../electron/main/services/sync/pairing-settings';
import { hostSample } from '../../../helpers/sync/host-samples';
import { pullOf, pushOf, stamp, upsert } from '../../../helpers/sync/records';

const TOKEN = 'T'.repeat(43);
const CLINIC = '0190f5c2-0000-7000-8000-000000000001';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}
type Reply = (seen: Seen, signal: AbortSignal | undefined) => Promise<Response> | Response;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function setup(reply: Reply, options: { timeoutMs?: number; maxBytes?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-transport-'));
  const seen: Seen[] = [];
  const fetchFake: typeof fetch = async (input, init) => {
    const request = {
      url: input instanceof Request ? input.url : input instanceof URL ? input.href : input,
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)),
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    seen.push(request);
    return reply(request, init?.signal ?? undefined);
  };
  const secretStore = createFileSecretStore(path.join(dir, 'token'));
  const transport = createSyncTransport({
    fetch: fetchFake,
    now: () => 1_000,
    secretStore,
    settings: createPairingSettingsStore(dir),
    deviceId: installationId(path.join(dir, 'device-id')),
    logger: createMemoryLogger(),
    backoff: createBackoff({ random: () => 0.5 }),
    requestTimeoutMs: options.timeoutMs ?? 5_000,
    ...(options.maxBytes === undefined ? {} : { maxResponseBytes: options.maxBytes }),
  });
  return { transport, seen, dir, secretStore };
}

/** A fake clinic server answering pairing, and `answer` for everything else. */
function server(answer: (seen: Seen) => Response = () => json(200, {})): Reply {
  return (seen) => {
    if (seen.url.endsWith('/v1/pair')) {
      const { deviceId } = seen.body as { deviceId: string };
      return json(200, {
        deviceId,
        deviceToken: TOKEN,
        clinicId: CLINIC,
        patientId: null,
        role: 'staff',
        serverEpoch: 'e1',
      });
    }
    return answer(seen);
  };
}

async function paired(reply: Reply, options?: { timeoutMs?: number; maxBytes?: number }) {
  const context = setup(reply, options);
  const result = await context.transport.pair({
    serverUrl: 'https://sync.example/',
    code: '12345678',
    deviceName: 'Desk 1',
  });
  expect(result.outcome).toBe('paired');
  return context;
}

const pullBody = { changes: [], cursor: { epoch: 'e', seq: 0 }, hasMore: false, serverTime: 1 };

describe('sync transport in the main process', () => {
  it('answers every call of an unpaired device without touching the network', async () => {
    const { transport, seen } = setup(() => {
      throw new Error('no network');
    });
    expect(
      await transport.push(pushOf([upsert('patients', CLINIC, null, { a: 1 }, stamp(1))])),
    ).toEqual({ outcome: 'not-paired' });
    expect(await transport.pull(pullOf(null))).toEqual({ outcome: 'not-paired' });
    expect(await transport.listHosts()).toEqual({ outcome: 'not-paired' });
    expect(await transport.createPairingCode('staff', null)).toEqual({ outcome: 'not-paired' });
    expect(
      (await transport.reportHosts({ hostname: 'h', platform: 'linux', bootTime: 1, samples: [] }))
        .result,
    ).toEqual({ outcome: 'not-paired' });
    expect(await transport.getStatus()).toMatchObject({
      paired: false,
      connection: 'unknown',
      tokenStorage: { secure: false },
    });
    expect(seen).toEqual([]);
  });

  it('refuses insecure or invalid server addresses before any request', async () => {
    const { transport, seen } = setup(server());
    expect(
      await transport.pair({
        serverUrl: 'http://sync.example',
        code: '12345678',
        allowInsecureLan: true,
      }),
    ).toMatchObject({ outcome: 'insecure-url' });
    expect(
      await transport.pair({ serverUrl: 'http://192.168.1.5:8787', code: '12345678' }),
    ).toMatchObject({ outcome: 'insecure-url' });
    expect(await transport.pair({ serverUrl: 'sync.example', code: '12345678' })).toMatchObject({
      outcome: 'invalid-url',
    });
    expect(seen).toEqual([]);
    expect(
      await transport.pair({
        serverUrl: 'http://192.168.1.5:8787',
        code: '12345678',
        allowInsecureLan: true,
      }),
    ).toMatchObject({ outcome: 'paired', status: { insecureLan: true } });
  });

  it('pairs with one stable device id and keeps the token to itself', async () => {
    const { transport, seen, dir } = await paired(
      server((request) => json(200, { ...pullBody, echo: request.headers.authorization })),
    );
    const status = await transport.getStatus();
    expect(status).toMatchObject({
      paired: true,
      serverUrl: 'https://sync.example',
      clinicId: CLINIC,
      role: 'staff',
      deviceName: 'Desk 1',
      serverEpoch: 'e1',
    });
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600);
    const results = [
      status,
      await transport.pull(pullOf(null)),
      await transport.unpair(),
      await transport.getStatus(),
    ];
    for (const result of results) expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(seen[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    await transport.pair({ serverUrl: 'https://sync.example', code: '87654321' });
    expect((seen.at(-1)?.body as { deviceId: string }).deviceId).toBe(
      (seen[0]?.body as { deviceId: string }).deviceId,
    );
  });

  it('passes a refused pairing on with its code', async () => {
    const { transport } = setup(() =>
      json(429, { error: { code: 'BUSY', message: 'slow down', retryAfterMs: 30_000 } }),
    );
    expect(await transport.pair({ serverUrl: 'https://sync.example', code: '12345678' })).toEqual({
      outcome: 'refused',
      code: 'BUSY',
      message: 'slow down',
      retryAfterMs: 30_000,
    });
    expect((await transport.getStatus()).paired).toBe(false);
  });

  it('returns status and parsed body for answers and refusals alike', async () => {
    let next: Response = json(200, { batchId: CLINIC, serverTime: 5, results: [] });
    const { transport } = await paired(server(() => next));
    const push = pushOf([upsert('patients', CLINIC, null, { a: 1 }, stamp(1))]);
    expect(await transport.push(push)).toEqual({
      outcome: 'ok',
      status: 200,
      body: { batchId: CLINIC, serverTime: 5, results: [] },
    });
    next = json(409, {
      error: { code: 'RESYNC_REQUIRED', message: 'resync', reason: 'epoch' },
    });
    expect(await transport.pull(pullOf(null))).toEqual({
      outcome: 'error',
      status: 409,
      body: { error: { code: 'RESYNC_REQUIRED', message: 'resync', reason: 'epoch' } },
    });
    expect((await transport.getStatus()).connection).toBe('online');
  });

  it('sends "*" stamps only to a server that said it reads them, one stamp per field otherwise', async () => {
    let compact = false;
    const { transport, seen } = await paired(
      server((request) =>
        // A server that reads no "*" refuses such a batch as malformed, as CSP/1 says.
        (!compact && JSON.stringify(request.body).includes('"*"')) ||
        JSON.stringify(request.body).includes('"unreadable"')
          ? json(400, { error: { code: 'MALFORMED', message: 'bad stamps' } })
          : json(
              200,
              { batchId: CLINIC, serverTime: 5, results: [] },
              compact ? { 'csp-compact-stamps': 'yes' } : {},
            ),
      ),
    );
    const s = stamp(1);
    const later = stamp(2);
    const push = pushOf([
      { ...upsert('patients', CLINIC, null, { a: 1, b: 2 }, s), fieldHlc: { '*': s, b: later } },
    ]);
    const sentStamps = () => {
      const body = seen.at(-1)?.body as { changes: { fieldHlc: unknown }[] };
      return body.changes[0]?.fieldHlc;
    };
    await transport.push(push);
    expect(sentStamps()).toEqual({ a: s, b: later });
    // An older server's answers do not have the header; this one's now say it reads "*".
    compact = true;
    await transport.push(push);
    expect(sentStamps()).toEqual({ a: s, b: later });
    await transport.push(push);
    expect(sentStamps()).toEqual({ '*': s, b: later });
    // The server was put back to an older version: it refuses the compact batch, which goes
    // again at once with one stamp per field, and so does the next.
    compact = false;
    const sent = seen.length;
    expect(await transport.push(push)).toMatchObject({ outcome: 'ok', status: 200 });
    expect(seen.length).toBe(sent + 2);
    expect(sentStamps()).toEqual({ a: s, b: later });
    await transport.push(push);
    expect(seen.length).toBe(sent + 3);
    expect(sentStamps()).toEqual({ a: s, b: later });
    // A batch without "*" refused as malformed is not sent twice.
    compact = true;
    await transport.pull(pullOf(null));
    const unreadable = pushOf([upsert('patients', CLINIC, null, { unreadable: 1 }, s)]);
    expect(await transport.push(unreadable)).toMatchObject({ outcome: 'error', status: 400 });
    expect(seen.length).toBe(sent + 5);
  });

  it('says when to retry after 5xx and 429, never sooner than the server asked, growing with failures', async () => {
    let next: Response = json(500, { error: { code: 'INTERNAL', message: 'x' } });
    const { transport } = await paired(server(() => next));
    const first = await transport.pull(pullOf(null));
    const second = await transport.pull(pullOf(null));
    expect(first).toMatchObject({ outcome: 'error', status: 500, retryAfterMs: 750 });
    expect(second).toMatchObject({ retryAfterMs: 1500 });
    next = json(503, { error: { code: 'BUSY', message: 'busy', retryAfterMs: 60_000 } });
    expect(await transport.pull(pullOf(null))).toMatchObject({ retryAfterMs: 60_000 });
    expect(await transport.getStatus()).toMatchObject({
      connection: 'offline',
      consecutiveFailures: 3,
      lastError: { code: 'BUSY' },
    });
    next = json(200, pullBody);
    await transport.pull(pullOf(null));
    expect(await transport.getStatus()).toMatchObject({
      connection: 'online',
      consecutiveFailures: 0,
      lastSuccessAt: 1_000,
    });
  });

  it('tells a person what the server said about this device', async () => {
    let next: Response = json(401, { error: { code: 'UNAUTHENTICATED', message: 'who?' } });
    const { transport } = await paired(server(() => next));
    await transport.pull(pullOf(null));
    expect((await transport.getStatus()).connection).toBe('unauthenticated');
    next = json(403, { error: { code: 'DEVICE_REVOKED', message: 'gone' } });
    await transport.pull(pullOf(null));
    expect((await transport.getStatus()).connection).toBe('revoked');
    next = json(426, { error: { code: 'SCHEMA_TOO_OLD', message: 'update', minSchemaVersion: 3 } });
    expect(await transport.pull(pullOf(null))).toMatchObject({
      status: 426,
      body: { error: { minSchemaVersion: 3 } },
    });
    expect((await transport.getStatus()).connection).toBe('update-required');
  });

  it('gives up on a server that does not answer in time', async () => {
    // The fake never answers; only the deadline's abort ends the call.
    const { transport } = await paired(
      (seen, signal) =>
        seen.url.endsWith('/v1/pair')
          ? server()(seen, signal)
          : new Promise<Response>((_, reject) =>
              signal?.addEventListener('abort', () => reject(new Error('aborted'))),
            ),
      { timeoutMs: 50 },
    );
    expect(await transport.pull(pullOf(null))).toMatchObject({
      outcome: 'unreachable',
      reason: 'timeout',
      retryAfterMs: 750,
    });
    expect((await transport.getStatus()).connection).toBe('offline');
  });

  it('treats a network error, a proxy’s page and an oversized answer as no answer', async () => {
    let mode = 'network';
    const { transport } = await paired(
      server(() => {
        if (mode === 'network')
          throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
        if (mode === 'html') return new Response('<html>Bad gateway</html>', { status: 502 });
        return json(200, { ...pullBody, padding: 'x'.repeat(2000) });
      }),
      { maxBytes: 1000 },
    );
    expect(await transport.pull(pullOf(null))).toMatchObject({
      outcome: 'unreachable',
      reason: 'network',
      message: expect.stringContaining('ECONNREFUSED') as unknown,
    });
    mode = 'html';
    expect(await transport.pull(pullOf(null))).toMatchObject({
      outcome: 'unreachable',
      reason: 'bad-response',
    });
    mode = 'big';
    expect(await transport.pull(pullOf(null))).toMatchObject({
      outcome: 'unreachable',
      reason: 'bad-response',
      message: expect.stringContaining('too large') as unknown,
    });
  });

  it('rotates the token into the secret store and uses the new one', async () => {
    const { transport, seen, secretStore } = await paired(
      server((request) =>
        request.url.endsWith('/v1/token/rotate')
          ? json(200, { deviceToken: 'N'.repeat(43), previousValidUntil: 99 })
          : json(200, pullBody),
      ),
    );
    expect(await transport.rotateToken()).toEqual({
      outcome: 'ok',
      status: 200,
      body: { previousValidUntil: 99 },
    });
    expect(await secretStore.read()).toBe('N'.repeat(43));
    await transport.pull(pullOf(null));
    expect(seen.at(-1)?.headers.authorization).toBe(`Bearer ${'N'.repeat(43)}`);
  });

  it('sends host samples oldest first in batches of 500 and says how many were stored', async () => {
    let calls = 0;
    const { transport, seen } = await paired(
      server(() =>
        ++calls === 3
          ? json(503, { error: { code: 'BUSY', message: 'later' } })
          : json(200, { accepted: 500, ignored: 0, rebooted: false, serverTime: 1 }),
      ),
    );
    const samples = Array.from({ length: 1200 }, (_, i) => hostSample((1200 - i) * 60_000));
    const { sent, result } = await transport.reportHosts({
      hostname: 'desk',
      platform: 'win32',
      bootTime: 5,
      samples,
    });
    expect(sent).toBe(1000);
    expect(result).toMatchObject({ outcome: 'error', status: 503 });
    const bodies = seen
      .slice(1)
      .map((s) => s.body as { deviceId: string; samples: { t: number }[] });
    expect(bodies.map((b) => b.samples.length)).toEqual([500, 500, 200]);
    expect(bodies[0]?.samples[0]?.t).toBe(60_000);
    expect(bodies[0]?.deviceId).toBe((seen[0]?.body as { deviceId: string }).deviceId);
  });
});
