import type { Contract, MethodNameOf, RequestOf, ResponseOf } from '@shared/contract/define';
import { hasMethod } from '@shared/contract/define';
import type { Failure, Result } from '@shared/contract/result';
import { MAX_MESSAGE_BYTES, fail, ok, serialisedSize } from '@shared/contract/result';
import { safeParseWith } from '@shared/sync/wire-checks';
import type { Logger } from '../services/logger';
import { HostCallError } from './host-call-error';

export type Handlers<C extends Contract> = {
  [M in MethodNameOf<C>]: (
    request: RequestOf<C, M>,
  ) => Promise<ResponseOf<C, M>> | ResponseOf<C, M>;
};

export interface Dispatcher {
  /** Validates and runs one call. Never throws: every failure is an error envelope. */
  dispatch(method: unknown, request: unknown, origin?: string): Promise<Result<unknown>>;
  /** Records a call refused by a transport before it reached dispatch (bad sender, bad frame). */
  reject(
    code: 'UNAUTHORIZED' | 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE',
    message: string,
    origin?: string,
  ): Failure;
}

export interface DispatcherOptions {
  logger: Logger;
  /** A call that takes longer than this answers TIMEOUT (the work itself may still finish). */
  timeoutMs?: number;
}

/**
 * The one place where a call from the renderer is checked and answered, whichever transport
 * carried it. Each refused call is logged exactly once, here, without its payload.
 */
export function createDispatcher<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  options: DispatcherOptions,
): Dispatcher {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;

  function reject(
    code: 'UNAUTHORIZED' | 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNKNOWN_METHOD',
    message: string,
    origin?: string,
    method?: string,
  ): Failure {
    logger.warn('Refused a host API call', { code, method, origin, reason: message });
    return fail(code, message);
  }

  async function dispatch(
    method: unknown,
    request: unknown,
    origin?: string,
  ): Promise<Result<unknown>> {
    if (!hasMethod(contract, method)) {
      const shown = typeof method === 'string' ? method.slice(0, 64) : typeof method;
      return reject('UNKNOWN_METHOD', `There is no method called ${shown}`, origin);
    }
    if (serialisedSize(request) > MAX_MESSAGE_BYTES) {
      return reject('PAYLOAD_TOO_LARGE', `The request to ${method} is too large`, origin, method);
    }
    const spec = contract.methods[method];
    const handler = handlers[method];
    if (!spec || typeof handler !== 'function') {
      return reject('UNKNOWN_METHOD', `There is no handler for ${method}`, origin, method);
    }
    const parsed = safeParseWith(spec.request, spec.accepts?.request, request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return reject(
        'BAD_REQUEST',
        `Invalid request to ${method}${where}: ${issue?.message ?? 'invalid'}`,
        origin,
        method,
      );
    }
    try {
      const value = await withTimeout(
        Promise.resolve(handler(parsed.data as RequestOf<C, typeof method>)),
        timeoutMs,
        method,
      );
      const checked = safeParseWith(spec.response, spec.accepts?.response, value);
      if (!checked.success) {
        logger.error('A service returned a value that does not match the contract', { method });
        return fail('INTERNAL', `HealthDesk could not complete ${method}`);
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof HostCallError) {
        logger.warn('A host API call failed', { method, code: error.code, reason: error.message });
        return fail(error.code, error.message);
      }
      logger.error('A host API call threw', {
        method,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      return fail('INTERNAL', `HealthDesk could not complete ${method}`);
    }
  }

  return {
    dispatch,
    reject: (code, message, origin) => reject(code, message, origin),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, method: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, rejectTimeout) => {
    timer = setTimeout(
      () => rejectTimeout(new HostCallError('TIMEOUT', `${method} took longer than ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
