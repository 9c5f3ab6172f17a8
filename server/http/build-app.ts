import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { COMPACT_STAMPS_HEADER, MAX_BODY_BYTES } from '@shared/sync/protocol';
import type { AppContext } from './app-context';
import { handleError } from './error-handler';
import { keepRawJsonBodies } from './raw-body';
import { registerAdminRoutes } from './routes/admin-routes';
import { registerHostRoutes } from './routes/host-routes';
import { registerOpsRoutes } from './routes/ops-routes';
import { registerSyncRoutes } from './routes/sync-routes';
import { SyncError } from './sync-error';

export interface AppOptions {
  logger: FastifyBaseLogger;
  /** Behind a load balancer: take the client address from X-Forwarded-For (for pairing limits). */
  trustProxy?: boolean | string;
  /** Serve HTTPS directly (otherwise put a TLS-terminating proxy in front). */
  https?: { cert: Buffer; key: Buffer } | null;
}

const LATENCY_ROUTES = new Set(['/v1/push', '/v1/pull']);

/** The sync server's HTTP face; `context` carries the database, clock and metrics. */
export async function buildApp(context: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy ?? false,
    requestTimeout: 120_000,
    // Probes and scrapes every few seconds would drown the log.
    logController: new LogController({
      disableRequestLogging: (request) => request.url === '/healthz' || request.url === '/metrics',
    }),
    ...(options.https ? { https: options.https } : {}),
  });

  // Closing waits for the answers in flight, and their keep-alive connections would then stay
  // open until the keep-alive timeout (72 s) ran out, holding a restart up that long: once
  // closing has begun, answers close their connection.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    void reply.header(COMPACT_STAMPS_HEADER, 'yes');
    done(null, payload);
  });

  keepRawJsonBodies(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send(new SyncError(404, 'NOT_FOUND', 'There is no such endpoint').toBody()),
  );
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    context.metrics.requests.inc({ method: request.method, route, status });
    const seconds = reply.elapsedTime / 1000;
    const outcome = reply.statusCode < 400 ? 'ok' : 'error';
    if (LATENCY_ROUTES.has(route))
      (route === '/v1/push' ? context.metrics.pushSeconds : context.metrics.pullSeconds).observe(
        { outcome },
        seconds,
      );
    done();
  });

  registerOpsRoutes(app, context);
  registerSyncRoutes(app, context);
  registerHostRoutes(app, context);
  registerAdminRoutes(app, context);
  await app.ready();
  return app;
}
