import type { SyncCallResult } from '@shared/contract/sync';
import type { TransportResult } from './transport';

/**
 * What the sync loop needs from an answer of the host API's `sync.push` / `sync.pull`
 * (docs/sync-protocol.md, "The host API for the renderer's sync loop"). The server's own
 * `retryAfterMs` is kept as it asked; where it gave none (a 5xx from a proxy, say), main's
 * backoff fills in. A device that is not paired is told apart by its code like an unknown token:
 * both mean "pair again" and stop the loop.
 */
export function toTransportResult<T>(result: SyncCallResult<T>): TransportResult<T> {
  switch (result.outcome) {
    case 'ok':
      return { kind: 'ok', body: result.body };
    case 'error': {
      const { error } = result.body;
      return {
        kind: 'refused',
        status: result.status,
        error:
          error.retryAfterMs === undefined && result.retryAfterMs !== undefined
            ? { ...error, retryAfterMs: result.retryAfterMs }
            : error,
      };
    }
    case 'unreachable':
      return { kind: 'unreachable', message: result.message };
    case 'not-paired':
      return {
        kind: 'refused',
        status: 401,
        error: {
          code: 'UNAUTHENTICATED',
          message: 'This device is not paired with a clinic server: pair it to sync',
        },
      };
  }
}
