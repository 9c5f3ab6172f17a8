import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SyncError } from './sync-error';

// PostgreSQL states that mean "try again shortly": too many connections, starting up,
// serialization failure, deadlock, lock timeout.
const BUSY_SQL_STATES = new Set(['53300', '57P03', '40001', '40P01', '55P03']);
const BUSY_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET/;

function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    (typeof code === 'string' && (BUSY_SQL_STATES.has(code) || code === 'ECONNREFUSED')) ||
    BUSY_MESSAGES.test(message)
  );
}

/** Every failure leaves as the §5 envelope; only a real server fault is a 500 and is logged. */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const fastify = error as Partial<FastifyError>;
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new SyncError(
      413,
      'BATCH_TOO_LARGE',
      'The body is larger than 5 MiB: send fewer changes',
    );
  const status = fastify.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new SyncError(status, 'MALFORMED', fastify.message ?? 'Bad request');
  if (isBusy(error))
    return new SyncError(503, 'BUSY', 'The server is busy: try again shortly', {
      retryAfterMs: 1000,
    });
  return new SyncError(500, 'INTERNAL', 'The server failed; retry the same request later');
}

export function handleError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const refusal = toSyncError(error);
  if (refusal.status >= 500) request.log.error({ err: error }, 'Request failed');
  if (refusal.details.retryAfterMs !== undefined)
    void reply.header('Retry-After', Math.ceil(refusal.details.retryAfterMs / 1000));
  return reply.status(refusal.status).send(refusal.toBody());
}
