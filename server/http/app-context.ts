import type { FastifyRequest } from 'fastify';
import type { DeviceContext } from '../auth/device-context';
import { authenticateDevice, bearerToken } from '../auth/authenticate';
import { sameSecret } from '../auth/secrets';
import type { Db } from '../db/database';
import type { MaintenanceOptions } from '../maintenance';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { RateLimit } from '../pairing/pair-rate-limit';
import { SyncError } from './sync-error';

/** What every route needs, passed in once (no module-level state). */
export interface AppContext {
  db: Db;
  now: () => number;
  metrics: ServerMetrics;
  minSchemaVersion: number;
  /** The server's own admin token (admin CLI on this machine), accepted from loopback only. */
  adminToken: string | null;
  /** Per client IP, and for all attempts together (a spread-out guessing attack). */
  pairLimits: { perIp: RateLimit; overall: RateLimit };
  metricsToken: string | null;
  maintenance: MaintenanceOptions;
}

export function authenticate(context: AppContext, request: FastifyRequest): Promise<DeviceContext> {
  return authenticateDevice(context.db, request.headers.authorization, context.now());
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Whether the request carries the admin token from this machine (the raw socket, not a proxy header). */
export function isAdmin(context: AppContext, request: FastifyRequest): boolean {
  const token = bearerToken(request.headers.authorization);
  return (
    context.adminToken !== null &&
    token !== null &&
    isLoopback(request.socket.remoteAddress) &&
    sameSecret(token, context.adminToken)
  );
}

/** Admin-only routes: a device token, even a valid one, is not enough. */
export async function requireAdmin(context: AppContext, request: FastifyRequest): Promise<void> {
  if (isAdmin(context, request)) return;
  await authenticate(context, request);
  throw new SyncError(403, 'FORBIDDEN', 'This needs the server administrator');
}
