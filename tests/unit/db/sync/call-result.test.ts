import { describe, expect, it } from 'vitest';
import { toTransportResult } from '../../../../renderer/src/db/sync/call-result';

describe('toTransportResult', () => {
  it('passes a body through', () => {
    const body = { changes: [], cursor: null, hasMore: false };
    expect(toTransportResult({ outcome: 'ok', status: 200, body })).toEqual({ kind: 'ok', body });
  });

  it("turns the server's refusal into a refusal with its status and error", () => {
    const error = {
      code: 'RESYNC_REQUIRED' as const,
      message: 'restored',
      reason: 'epoch' as const,
    };
    expect(toTransportResult({ outcome: 'error', status: 409, body: { error } })).toEqual({
      kind: 'refused',
      status: 409,
      error,
    });
  });

  it("keeps the server's retryAfterMs, and fills in main's where the server gave none", () => {
    const busy = { code: 'BUSY' as const, message: 'busy', retryAfterMs: 1_000 };
    expect(
      toTransportResult({
        outcome: 'error',
        status: 503,
        body: { error: busy },
        retryAfterMs: 4_000,
      }),
    ).toEqual({ kind: 'refused', status: 503, error: busy });

    const failing = { code: 'INTERNAL' as const, message: 'failed' };
    expect(
      toTransportResult({
        outcome: 'error',
        status: 500,
        body: { error: failing },
        retryAfterMs: 2_500,
      }),
    ).toEqual({ kind: 'refused', status: 500, error: { ...failing, retryAfterMs: 2_500 } });
  });

  it('reports no answer as unreachable with its message', () => {
    expect(
      toTransportResult({
        outcome: 'unreachable',
        reason: 'timeout',
        message: 'The server did not answer within 20 s',
        retryAfterMs: 1_000,
      }),
    ).toEqual({ kind: 'unreachable', message: 'The server did not answer within 20 s' });
  });

  it('reads a device that is not paired as an unknown token, which stops the loop', () => {
    const result = toTransportResult({ outcome: 'not-paired' });
    expect(result).toMatchObject({
      kind: 'refused',
      status: 401,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(result.kind === 'refused' && result.error.message).toMatch(/pair/);
  });
});
