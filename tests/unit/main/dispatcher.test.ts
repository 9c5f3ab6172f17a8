import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMethod } from '@shared/contract/define';
import { MAX_MESSAGE_BYTES } from '@shared/contract/result';
import { createDispatcher } from '../../../electron/main/api/dispatcher';
import { HostCallError } from '../../../electron/main/api/host-call-error';
import { createMemoryLogger } from '../../../electron/main/services/logger';

const contract = {
  methods: {
    'math.double': defineMethod(
      z.object({ n: z.number() }).strict(),
      z.object({ result: z.number() }),
    ),
    'math.broken': defineMethod(z.undefined(), z.object({ result: z.number() })),
    'math.throws': defineMethod(z.undefined(), z.number()),
    'math.refuses': defineMethod(z.undefined(), z.number()),
    'math.slow': defineMethod(z.undefined(), z.number()),
    'math.secret': defineMethod(z.undefined(), z.object({ shown: z.string() })),
  },
  events: {},
};

function setup() {
  const logger = createMemoryLogger();
  const dispatcher = createDispatcher(
    contract,
    {
      'math.double': ({ n }) => ({ result: n * 2 }),
      'math.broken': () => ({ result: 'two' }) as unknown as { result: number },
      'math.throws': () => {
        throw new Error('disk on fire at /home/patient/records');
      },
      'math.refuses': () => {
        throw new HostCallError('UNSUPPORTED', 'Not on this platform');
      },
      'math.slow': () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 200)),
      'math.secret': () => ({ shown: 'yes', hidden: 'token' }) as { shown: string },
    },
    { logger, timeoutMs: 50 },
  );
  return { logger, dispatcher };
}

describe('dispatcher', () => {
  it('parses the request and answers with the handler’s value', async () => {
    const { dispatcher, logger } = setup();
    expect(await dispatcher.dispatch('math.double', { n: 21 })).toEqual({
      ok: true,
      value: { result: 42 },
    });
    expect(logger.lines).toEqual([]);
  });

  it('refuses unknown methods, including inherited property names', async () => {
    const { dispatcher, logger } = setup();
    for (const name of ['math.triple', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await dispatcher.dispatch(name, undefined)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
    expect(logger.lines).toHaveLength(6);
  });

  it('refuses a request that does not match the schema and says where', async () => {
    const { dispatcher, logger } = setup();
    const result = await dispatcher.dispatch('math.double', { n: 'forty' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!result.ok) expect(result.error.message).toContain('at n');
    expect(await dispatcher.dispatch('math.double', { n: 1, extra: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'warn']);
  });

  it('refuses oversized requests before parsing them', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('math.double', {
      n: 1,
      pad: 'x'.repeat(MAX_MESSAGE_BYTES),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('turns a thrown error into INTERNAL without leaking its message, and logs it once', async () => {
    const { dispatcher, logger } = setup();
    const result = await dispatcher.dispatch('math.throws', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).not.toContain('/home/patient');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.level).toBe('error');
  });

  it('passes a service’s own error code through', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.dispatch('math.refuses', undefined)).toEqual({
      ok: false,
      error: { code: 'UNSUPPORTED', message: 'Not on this platform' },
    });
  });

  it('answers TIMEOUT when a service hangs', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.dispatch('math.slow', undefined)).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT' },
    });
  });

  it('never sends a value that breaks the contract, and strips fields it does not declare', async () => {
    const { dispatcher, logger } = setup();
    expect(await dispatcher.dispatch('math.broken', undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(logger.lines[0]?.level).toBe('error');
    expect(await dispatcher.dispatch('math.secret', undefined)).toEqual({
      ok: true,
      value: { shown: 'yes' },
    });
  });
});
