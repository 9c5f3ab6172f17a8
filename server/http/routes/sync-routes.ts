import type { FastifyInstance } from 'fastify';
import { pairRequestSchema, pullRequestSchema, pushRequestSchema } from '@shared/sync/protocol';
import { isPushRequest } from '@shared/sync/wire-checks';
import { rotateToken } from '../../auth/rotate-token';
import { sha256Hex } from '../../auth/secrets';
import { claimPairingCode } from '../../pairing/pairing-codes';
import { takeAttempt } from '../../pairing/pair-rate-limit';
import { applyPush } from '../../sync/apply-push';
import { pullChanges } from '../../sync/pull-changes';
import type { AppContext } from '../app-context';
import { authenticate } from '../app-context';
import { checkSyncEnvelope, parseInput } from '../parse-body';
import { rawBodyOf } from '../raw-body';
import { SyncError } from '../sync-error';

/** CSP/1's own endpoints (§4): pairing, push, pull and token rotation. */
export function registerSyncRoutes(app: FastifyInstance, context: AppContext): void {
  const { db, now, metrics } = context;

  app.post('/v1/pair', async (request) => {
    // Checked before the code: 8 digits can be guessed if nothing slows the guesser down.
    for (const [bucket, rule] of [
      [`ip:${request.ip}`, context.pairLimits.perIp],
      ['all', context.pairLimits.overall],
    ] as const) {
      const wait = await takeAttempt(db, bucket, rule, now());
      if (wait !== null)
        throw new SyncError(429, 'BUSY', 'Too many pairing attempts: wait and try again', {
          retryAfterMs: wait,
        });
    }
    const body = parseInput(pairRequestSchema, request.body);
    const paired = await claimPairingCode(db, body, now());
    request.log.info(
      { deviceId: paired.deviceId, clinicId: paired.clinicId, role: paired.role },
      'Device paired',
    );
    return paired;
  });

  app.post('/v1/push', async (request) => {
    const device = await authenticate(context, request);
    checkSyncEnvelope(request.body, context.minSchemaVersion);
    const body = parseInput(pushRequestSchema, request.body, {
      perChangeStorability: true,
      accepts: isPushRequest,
    });
    const raw = rawBodyOf(request);
    const outcome = await applyPush(
      db,
      device,
      body,
      now(),
      raw === undefined ? undefined : sha256Hex(raw),
    );
    if (outcome.response.replayed !== true) {
      const counts = new Map<string, { outcome: string; code: string; n: number }>();
      for (const result of outcome.response.results) {
        const code = result.code ?? '';
        const key = `${result.outcome}/${code}`;
        const entry = counts.get(key);
        if (entry) entry.n++;
        else counts.set(key, { outcome: result.outcome, code, n: 1 });
      }
      for (const { outcome: kind, code, n } of counts.values())
        metrics.changes.inc({ outcome: kind, code }, n);
      metrics.observeTransitions(outcome.transitions);
    }
    return outcome.response;
  });

  app.post('/v1/pull', async (request) => {
    const device = await authenticate(context, request);
    checkSyncEnvelope(request.body, context.minSchemaVersion);
    return pullChanges(db, device, parseInput(pullRequestSchema, request.body), now());
  });

  app.post('/v1/token/rotate', async (request) => {
    const device = await authenticate(context, request);
    const rotated = await rotateToken(db, device, request.headers.authorization, now());
    request.log.info({ deviceId: device.deviceId }, 'Device token rotated');
    return rotated;
  });
}
