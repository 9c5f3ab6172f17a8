import type { Result } from '@shared/contract/result';
import type { SyncCallResult } from '@shared/contract/sync';
import { toTransportResult } from '../db/sync/call-result';
import type { SyncTransport, TransportResult } from '../db/sync/transport';
import type { HostApi } from '../host/host-api';

async function fromHost<T>(call: Promise<Result<SyncCallResult<T>>>): Promise<TransportResult<T>> {
  // The host itself failed (browser-mode connection lost, a refused payload): nothing reached
  // the server, so it is retried like a network failure.
  try {
    const answer = await call;
    if (!answer.ok) return { kind: 'unreachable', message: answer.error.message };
    return toTransportResult(answer.value);
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The sync loop's transport in the app: the main process does the HTTP and holds the token. */
export function hostSyncTransport(api: HostApi): SyncTransport {
  return {
    push: (request) => fromHost(api.sync.push(request)),
    pull: (request) => fromHost(api.sync.pull(request)),
  };
}
