import type { HostErrorCode } from '@shared/contract/result';

/** Thrown by a service to answer a call with a specific error code instead of INTERNAL. */
export class HostCallError extends Error {
  readonly code: HostErrorCode;

  constructor(code: HostErrorCode, message: string) {
    super(message);
    this.name = 'HostCallError';
    this.code = code;
  }
}
