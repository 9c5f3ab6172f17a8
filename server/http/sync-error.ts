import type { ErrorBody, ResyncReason, SyncErrorCode } from '@shared/sync/protocol';

export interface SyncErrorDetails {
  minSchemaVersion?: number;
  retryAfterMs?: number;
  reason?: ResyncReason;
}

/**
 * A refusal with its HTTP status and CSP/1 error code (§5). Services throw it; the HTTP layer
 * turns it into the error envelope, so every non-2xx answer has the same shape.
 */
export class SyncError extends Error {
  readonly status: number;
  readonly code: SyncErrorCode;
  readonly details: SyncErrorDetails;

  constructor(
    status: number,
    code: SyncErrorCode,
    message: string,
    details: SyncErrorDetails = {},
  ) {
    super(message);
    this.name = 'SyncError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
