import { describe, expect, it } from 'vitest';
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

  it('asks for the clock to be fixed when this PC’s clock runs ahead of the server’s', () => {
    const summary = describeSync({
      ...paired,
      pending: 4,
      outcome: { kind: 'retry', reason: 'clock-skew', message: 'clock ahead' },
    });
    expect(summary).toEqual({ state: 'clockSkew', tone: 'warning', needsAction: true });
  });

  it('is synced only when nothing waits after a finished round', () => {
    const done = { kind: 'done', pushed: 1, pulled: 0, rejected: 0 } as const;
    expect(describeSync({ ...paired, outcome: done }).state).toBe('synced');
    expect(describeSync({ ...paired, outcome: done, pending: 2 }).state).toBe('waiting');
  });
});
