import type { SyncOutcome } from '../db/sync/sync-once';

export type SyncTone = 'ok' | 'info' | 'warning' | 'error';

export interface SyncSummary {
  /** A key under `sync.state`: what is happening, in words a person understands. */
  state:
    | 'local'
    | 'syncing'
    | 'starting'
    | 'synced'
    | 'waiting'
    | 'offline'
    | 'busy'
    | 'serverProblem'
    | 'clockSkew'
    | 'unauthenticated'
    | 'revoked'
    | 'updateRequired'
    | 'malformed'
    | 'resyncLoop';
  tone: SyncTone;
  /** The problem stops syncing until a person acts (pair again, update, call support). */
  needsAction: boolean;
}

const STOPPED: Record<Extract<SyncOutcome, { kind: 'stopped' }>['reason'], SyncSummary['state']> = {
  unauthenticated: 'unauthenticated',
  revoked: 'revoked',
  'update-required': 'updateRequired',
  malformed: 'malformed',
  'resync-loop': 'resyncLoop',
};

/** The one line of sync status the app shows, from the loop's last outcome. */
export function describeSync(input: {
  paired: boolean;
  running: boolean;
  outcome: SyncOutcome | null;
  pending: number;
}): SyncSummary {
  const { paired, running, outcome, pending } = input;
  if (!paired) return { state: 'local', tone: 'info', needsAction: false };
  if (outcome?.kind === 'stopped')
    return { state: STOPPED[outcome.reason], tone: 'error', needsAction: true };
  if (running) return { state: 'syncing', tone: 'info', needsAction: false };
  if (outcome === null) return { state: 'starting', tone: 'info', needsAction: false };
  if (outcome.kind === 'retry') {
    // Changes wait (nothing is lost) and go once the clock is right: a person should fix it.
    if (outcome.reason === 'clock-skew')
      return { state: 'clockSkew', tone: 'warning', needsAction: true };
    const state =
      outcome.reason === 'unreachable'
        ? 'offline'
        : outcome.reason === 'busy'
          ? 'busy'
          : 'serverProblem';
    return { state, tone: 'warning', needsAction: false };
  }
  return pending > 0
    ? { state: 'waiting', tone: 'info', needsAction: false }
    : { state: 'synced', tone: 'ok', needsAction: false };
}
