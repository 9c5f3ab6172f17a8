import os from 'node:os';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostContract } from '@shared/contract/host-contract';
import type { HostSample } from '@shared/contract/host-metrics';
import type { HostMethod } from '@shared/contract/host-contract';
import { HOST_ERROR_CODES, resultSchema } from '@shared/contract/result';
import type { ConnectedHost } from '../../helpers/host-transports';
import { HOST_TRANSPORTS } from '../../helpers/host-transports';

const FUZZ_RUNS = 1000;

/** Payloads a buggy or hostile page could send: anything at all, and near misses of valid ones. */
function payloadArbitrary(method: HostMethod) {
  const generic = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 300 }),
  );
  if (method === 'app.openExternal') {
    return fc.oneof(
      generic,
      fc.record({ url: fc.oneof(fc.webUrl(), fc.string(), fc.anything({ maxDepth: 1 })) }),
      fc.record({
        url: fc.webUrl({ validSchemes: ['https', 'http', 'file', 'javascript', 'ftp'] }),
      }),
      fc.record({ url: fc.webUrl(), extra: fc.anything({ maxDepth: 1 }) }),
    );
  }
  if (method === 'host.getHistory') {
    const time = fc.oneof(
      fc.integer({ min: -10, max: 2 ** 53 }),
      fc.double(),
      fc.constant(Date.now()),
    );
    return fc.oneof(
      generic,
      fc.record({ from: time, to: time, stepMs: fc.integer({ min: -5, max: 40 * 86_400_000 }) }),
      fc
        .record({
          ago: fc.integer({ min: 1, max: 400 * 86_400_000 }),
          stepMs: fc.integer({ min: 1000, max: 86_400_000 }),
        })
        .map(({ ago, stepMs }) => ({ from: Date.now() - ago, to: Date.now(), stepMs })),
    );
  }
  if (method === 'host.getRecentSamples')
    return fc.oneof(generic, fc.record({ seconds: fc.oneof(fc.integer(), fc.double()) }));
  return syncPayloads[method] ? fc.oneof(generic, syncPayloads[method]) : generic;
}

const stamp = fc
  .integer({ min: 0, max: 2 ** 40 })
  .map((ms) => `${String(ms).padStart(15, '0')}:00000:dev`);
const change = fc
  .record({
    changeId: fc.uuid(),
    table: fc.constantFrom('patients', 'vitals'),
    id: fc.uuid(),
    stamp,
  })
  .map(({ stamp: hlc, ...rest }) => ({
    ...rest,
    op: 'upsert',
    patientId: null,
    fields: { notes: 'x' },
    fieldHlc: { notes: hlc },
  }));

/**
 * Well-formed sync calls, so that fuzzing reaches past the schemas: an unpaired device answers
 * them without touching the network, and a pairing request to a server it must not trust is
 * refused before any request.
 */
const syncPayloads: Partial<Record<HostMethod, fc.Arbitrary<unknown>>> = {
  'sync.push': fc.record({
    protocolVersion: fc.constant(1),
    schemaVersion: fc.integer({ min: 1, max: 5 }),
    batchId: fc.uuid(),
    changes: fc.array(change, { minLength: 1, maxLength: 3 }),
  }),
  'sync.pull': fc.record({
    protocolVersion: fc.constant(1),
    schemaVersion: fc.integer({ min: 1, max: 5 }),
    cursor: fc.oneof(
      fc.constant(null),
      fc.record({ epoch: fc.string({ minLength: 1 }), seq: fc.nat() }),
    ),
  }),
  'sync.pair': fc.record({
    serverUrl: fc.oneof(
      fc
        .webUrl({ validSchemes: ['http'] })
        .filter((url) => !/^http:\/\/(localhost|127\.|10\.|192\.168\.)/.test(url)),
      fc.webUrl({ validSchemes: ['ftp', 'file'] }),
      fc.constantFrom(
        'http://192.168.1.20:8787',
        'http://127.0.0.1',
        'not a url',
        'javascript:alert(1)',
      ),
    ),
    code: fc.stringMatching(/^\d{8}$/),
  }),
  'sync.createPairingCode': fc.record({
    role: fc.constantFrom('staff', 'patient'),
    patientId: fc.option(fc.uuid()),
  }),
  'sync.getHostHistory': fc.record({ deviceId: fc.uuid(), from: fc.nat(), to: fc.nat() }),
};

describe.each(HOST_TRANSPORTS)('host API over $name', (transport) => {
  const { runtime } = transport;
  let host: ConnectedHost;

  beforeEach(async () => {
    host = await transport.connect();
  });
  afterEach(async () => {
    await host.close();
  });

  it('answers app.getInfo with this app and the runtime it runs in', async () => {
    const result = await host.api.app.getInfo();
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'HealthDesk',
        version: '9.9.9-test',
        runtime,
        platform: process.platform,
        arch: process.arch,
        dataDir: host.dataDir,
      },
    });
  });

  it('answers system.getStaticInfo with the real figures of this machine', async () => {
    const result = await host.api.system.getStaticInfo();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.cpu.cores).toBe(os.cpus().length);
    expect(result.value.os.hostname).toBe(os.hostname());
    expect(result.value.memory.totalBytes).toBe(os.totalmem());
    for (const disk of result.value.disks) expect(disk.sizeBytes).toBeGreaterThan(0);
  });

  it('streams samples of this machine from the sampler worker while subscribed', async () => {
    const samples: HostSample[] = [];
    const unsubscribe = host.api.on('host.sample', (sample) => samples.push(sample));
    await expect.poll(() => samples.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [first, second] = samples as [HostSample, HostSample];
    expect(second.t).toBeGreaterThan(first.t);
    expect(first.cpu?.cores).toHaveLength(os.cpus().length);
    expect(first.memory?.totalBytes).toBe(os.totalmem());
    unsubscribe();
    await expect.poll(() => host.host.events.listenerCount('host.sample')).toBe(0);

    const snapshot = await host.api.host.getSnapshot();
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.hostname).toBe(os.hostname());
    expect(snapshot.value.latest?.t).toBeGreaterThanOrEqual(second.t);
    expect(snapshot.value.alerts.map((alert) => alert.ruleId)).toContain('sampler-stale');
    const recent = await host.api.host.getRecentSamples({ seconds: 60 });
    expect(recent.ok && recent.value.samples.length).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it('opens https links and refuses every other kind without opening it', async () => {
    expect(await host.api.app.openExternal({ url: 'https://example.org/help' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://example.org',
      'not a url',
    ]) {
      const refused = await host.api.app.openExternal({ url });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('BAD_REQUEST');
    }
    expect(host.opened).toEqual(['https://example.org/help']);
  });

  it('refuses an argument given to a method that takes none', async () => {
    const raw = await host.transport.invoke('app.getInfo', { sneaky: true });
    expect(raw).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('delivers subscribed events and stops after unsubscribing', async () => {
    const received: unknown[] = [];
    const unsubscribe = host.api.on('app.menuCommand', (payload) => received.push(payload));
    await expect.poll(() => host.host.events.listenerCount('app.menuCommand')).toBe(1);
    host.host.events.emit('app.menuCommand', { command: 'show-about' });
    await expect.poll(() => received).toEqual([{ command: 'show-about' }]);

    unsubscribe();
    await expect.poll(() => host.host.events.listenerCount('app.menuCommand')).toBe(0);
    host.host.events.emit('app.menuCommand', { command: 'show-about' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
  });

  it('drops event payloads that do not match the contract', async () => {
    const received: unknown[] = [];
    host.api.on('app.menuCommand', (payload) => received.push(payload));
    await expect.poll(() => host.host.events.listenerCount('app.menuCommand')).toBe(1);
    // A main-process bug must not reach the page as an unexpected shape.
    const emitUnchecked = host.host.events.emit.bind(host.host.events) as (
      event: string,
      payload: unknown,
    ) => void;
    emitUnchecked('app.menuCommand', { command: 'format-disk' });
    host.host.events.emit('app.menuCommand', { command: 'show-about' });
    await expect.poll(() => received).toEqual([{ command: 'show-about' }]);
  });

  it('answers an unknown method with an error and keeps serving', async () => {
    const outcome = await host.transport.invoke('patients.deleteAll', undefined).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if ('value' in outcome)
      expect(outcome.value).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    else expect(String(outcome.error)).toMatch(/No handler registered/);
    expect((await host.api.app.getInfo()).ok).toBe(true);
  });

  it.each(Object.keys(hostContract.methods) as HostMethod[])(
    `answers ${FUZZ_RUNS} generated payloads to %s with a valid envelope, logging each refusal once`,
    async (method) => {
      const envelope = resultSchema(hostContract.methods[method].response);
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(payloadArbitrary(method), async (payload) => {
          const raw = await host.transport.invoke(method, payload);
          const parsed = envelope.safeParse(raw);
          expect(parsed.success).toBe(true);
          if (parsed.success && !parsed.data.ok) {
            refused++;
            expect(HOST_ERROR_CODES).toContain(parsed.data.error.code);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      const refusals = host.logger.lines.filter(
        (line) => line.message === 'Refused a host API call',
      );
      expect(refusals).toHaveLength(refused);
      for (const url of host.opened) expect(url).toMatch(/^(https:|mailto:)/);
      // Nothing generated may reach the network: this device is not paired.
      expect(host.fetched).toEqual([]);
      expect((await host.api.app.getInfo()).ok).toBe(true);
    },
    60_000,
  );
});
