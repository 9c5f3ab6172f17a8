import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { bearerToken } from '../../auth/authenticate';
import { sameSecret } from '../../auth/secrets';
import type { AppContext } from '../app-context';
import { SyncError } from '../sync-error';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export function registerOpsRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', async () => {
    try {
      await sql`select 1`.execute(context.db);
    } catch {
      throw new SyncError(503, 'BUSY', 'The database is not reachable', { retryAfterMs: 1000 });
    }
    return { status: 'ready' };
  });

  app.get('/metrics', async (request, reply) => {
    if (context.metricsToken !== null) {
      const token = bearerToken(request.headers.authorization);
      if (token === null || !sameSecret(token, context.metricsToken))
        throw new SyncError(401, 'UNAUTHENTICATED', 'The metrics need their token');
    }
    const body = await context.metrics.registry.metrics();
    return reply.type(context.metrics.registry.contentType).send(body);
  });
}
