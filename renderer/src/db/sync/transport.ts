import type {
  ErrorBody,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
} from '@shared/sync/protocol';

/** What one request to the clinic server came back with, as the sync loop needs to tell apart. */
export type TransportResult<T> =
  | { kind: 'ok'; body: T }
  | { kind: 'refused'; status: number; error: ErrorBody['error'] }
  | { kind: 'unreachable'; message: string };

/**
 * The renderer's view of the server. The main process does the HTTP and holds the token
 * (SYNC-PROTOCOL §3); in tests an in-memory implementation stands in.
 */
export interface SyncTransport {
  push(request: PushRequest): Promise<TransportResult<PushResponse>>;
  pull(request: PullRequest): Promise<TransportResult<PullResponse>>;
}
