import { describe, expect, it } from 'vitest';
import { toTransportResult } from '../../../renderer/src/db/sync/call-result';
import { describeSync } from '../../../renderer/src/sync/sync-summary';

describe('what the sync status says', () => {
  const paired = { paired: true, running: false, pending: 0 };

  it('tells an unpaired PC its records stay local, whatever happened before', () => {
    expect(describeSync({ ...paired, paired: false, outcome: null }).state).toBe('local');
  });

  it('says offline (not an error) when the server cannot be reached, and asks for nothing', () => {
    const summary = describeSync({
      ...paired,
      pending: 3,
      outcome: { kind: 'retry', reason: 'unreachable', message: 'ECONNREFUSED' },
    });
    expect(summary).toEqual({ state: 'offline', tone: 'warning', needsAction: false });
  });

  it('asks a person to act when the server no longer knows the PC, even while retrying', () => {
    const summary = describeSync({
      ...paired,
      running: true,
      outcome: { kind: 'stopped', reason: 'unauthenticated', code: 'UNAUTHENTICATED', message: '' },
    });
    expect(summary).toEqual({ state: 'unauthenticated', tone: 'error', needsAction: true });
  });

  it('is synced only when nothing waits after a finished round', () => {
    const done = { kind: 'done', pushed: 1, pulled: 0, rejected: 0 } as const;
    expect(describeSync({ ...paired, outcome: done }).state).toBe('synced');
    expect(describeSync({ ...paired, outcome: done, pending: 2 }).state).toBe('waiting');
  });
});

describe('the main process’s answer as the sync loop reads it', () => {
  it('keeps the server’s retry-after, and treats an unpaired PC as one the server does not know', () => {
    expect(
      toTransportResult({
        outcome: 'error',
        status: 503,
        body: { error: { code: 'BUSY', message: 'busy' } },
        retryAfterMs: 4000,
      }),
    ).toEqual({
      kind: 'refused',
      status: 503,
      error: { code: 'BUSY', message: 'busy', retryAfterMs: 4000 },
    });
    expect(toTransportResult({ outcome: 'not-paired' })).toMatchObject({
      kind: 'refused',
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(
      toTransportResult({
        outcome: 'unreachable',
        reason: 'timeout',
        message: 'no answer in 20 s',
        retryAfterMs: 2000,
      }),
    ).toEqual({ kind: 'unreachable', message: 'no answer in 20 s' });
  });
});
