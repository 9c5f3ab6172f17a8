import type { FastifyInstance, FastifyRequest } from 'fastify';

const rawBodies = new WeakMap<FastifyRequest, string>();

/**
 * Parses JSON bodies with Fastify's own parser (same limits, same refusal of `__proto__`), and
 * keeps each body's text: a push identifies its batch by a hash of the text it was sent as,
 * rather than of the request serialised again.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    rawBodies.set(request, text);
    void parse(request, text, done);
  });
}

/** The text a JSON body arrived as, if it had one. */
export function rawBodyOf(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}
