import type { SyncErrorCode } from '@shared/sync/protocol';
import type { HealthDeskDb } from '../database';
import type { SyncTransport, TransportResult } from './transport';

/** What one sync round needs, and how it ends. */
export type SyncOutcome =
  | { kind: 'done'; pushed: number; pulled: number; rejected: number }
  /** Nothing is wrong with the data; try again later (network down, server busy or failing). */
  | {
      kind: 'retry';
      /** `clock-skew`: this computer's clock is ahead of the server's; changes wait (§5). */
      reason: 'unreachable' | 'busy' | 'server-error' | 'clock-skew';
      retryAfterMs?: number;
      message: string;
    }
  /** Syncing cannot go on until a person acts. */
  | {
      kind: 'stopped';
      reason: 'unauthenticated' | 'revoked' | 'update-required' | 'malformed' | 'resync-loop';
      code: SyncErrorCode;
      message: string;
    };

export interface SyncDeps {
  db: HealthDeskDb;
  transport: SyncTransport;
  now: () => number;
  /** Records per pull page (PULL_PAGE unless a slow link wants smaller answers). */
  pullLimit?: number;
  /**
   * On a patient's device, that patient: changes to other profiles are never sent, and after a
   * restore only the records it may write go back (§9).
   */
  scopePatientId?: string | null;
}

/** How a round ends on an answer that is not ok. */
export function classify(
  result: Exclude<TransportResult<unknown>, { kind: 'ok' }>,
): Exclude<SyncOutcome, { kind: 'done' }> {
  if (result.kind === 'unreachable')
    return { kind: 'retry', reason: 'unreachable', message: result.message };
  const { code, message, retryAfterMs } = result.error;
  switch (code) {
    case 'UNAUTHENTICATED':
      return { kind: 'stopped', reason: 'unauthenticated', code, message };
    case 'DEVICE_REVOKED':
      return { kind: 'stopped', reason: 'revoked', code, message };
    case 'PROTOCOL_UNSUPPORTED':
    case 'SCHEMA_TOO_OLD':
      return { kind: 'stopped', reason: 'update-required', code, message };
    case 'MALFORMED':
    case 'BATCH_TOO_LARGE':
      return { kind: 'stopped', reason: 'malformed', code, message };
    case 'BUSY':
      return {
        kind: 'retry',
        reason: 'busy',
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        message,
      };
    default:
      return { kind: 'retry', reason: 'server-error', message };
  }
}
