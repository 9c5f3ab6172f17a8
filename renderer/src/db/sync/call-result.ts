import type { SyncCallResult } from '@shared/contract/sync';
import type { TransportResult } from './transport';

/**
 * What the main process answered for one server call, as the sync loop tells it apart. A device
 * that is not paired is treated like one the server no longer knows: the loop stops until a
 * person pairs it.
 */
export function toTransportResult<T>(result: SyncCallResult<T>): TransportResult<T> {
  switch (result.outcome) {
    case 'ok':
      return { kind: 'ok', body: result.body };
    case 'error': {
      const error = { ...result.body.error };
      if (error.retryAfterMs === undefined && result.retryAfterMs !== undefined)
        error.retryAfterMs = result.retryAfterMs;
      return { kind: 'refused', status: result.status, error };
    }
    case 'unreachable':
      return { kind: 'unreachable', message: result.message };
    case 'not-paired':
      return {
        kind: 'refused',
        status: 401,
        error: { code: 'UNAUTHENTICATED', message: 'This device is not paired with a clinic' },
      };
  }
}
