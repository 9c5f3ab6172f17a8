import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pairingCodeRequestSchema, roleSchema, uuidSchema } from '@shared/sync/protocol';
import { clinicNameSchema, createAdminOps } from '../../admin/admin-ops';
import { writeBackup } from '../../admin/backup';
import { runMaintenance } from '../../maintenance';
import type { AppContext } from '../app-context';
import { authenticate, isAdmin, requireAdmin } from '../app-context';
import { parseInput } from '../parse-body';
import { SyncError } from '../sync-error';

const deviceParamsSchema = z.object({ deviceId: uuidSchema });
const clinicQuerySchema = z.object({ clinicId: uuidSchema.optional() });
const scopeSchema = z.object({ role: roleSchema, patientId: uuidSchema.nullable() });

/**
 * Administration. Pairing codes may be asked for by a staff device of the clinic (§11.1) or by
 * the server's admin token; everything else needs the admin token, which only the admin CLI on
 * the server's own machine has (it forwards here while a PGlite server holds the data directory).
 */
export function registerAdminRoutes(app: FastifyInstance, context: AppContext): void {
  const ops = createAdminOps(context.db, context.now);

  app.post('/v1/admin/pairing-codes', async (request) => {
    const device = isAdmin(context, request) ? null : await authenticate(context, request);
    const order = parseInput(pairingCodeRequestSchema, request.body);
    if (device && (device.role !== 'staff' || device.clinicId !== order.clinicId))
      throw new SyncError(
        403,
        'FORBIDDEN',
        'Only a staff device of this clinic can pair devices to it',
      );
    return ops.issuePairingCode(order.clinicId, order.role, order.patientId ?? null);
  });

  app.post('/v1/admin/clinics', async (request) => {
    await requireAdmin(context, request);
    return ops.createClinic(parseInput(z.object({ name: clinicNameSchema }), request.body).name);
  });

  app.get('/v1/admin/clinics', async (request) => {
    await requireAdmin(context, request);
    return { clinics: await ops.listClinics() };
  });

  app.get('/v1/admin/devices', async (request) => {
    await requireAdmin(context, request);
    const { clinicId } = parseInput(clinicQuerySchema, request.query);
    return { devices: await ops.listDevices(clinicId ?? null) };
  });

  app.post('/v1/admin/devices/:deviceId/revoke', async (request) => {
    await requireAdmin(context, request);
    return ops.revokeDevice(parseInput(deviceParamsSchema, request.params).deviceId);
  });

  app.post('/v1/admin/devices/:deviceId/scope', async (request) => {
    await requireAdmin(context, request);
    const { deviceId } = parseInput(deviceParamsSchema, request.params);
    const scope = parseInput(scopeSchema, request.body);
    return ops.rescopeDevice(deviceId, scope.role, scope.patientId);
  });

  app.post('/v1/admin/maintenance', async (request) => {
    await requireAdmin(context, request);
    return runMaintenance(context.db, context.now(), context.maintenance);
  });

  app.get('/v1/admin/backup', async (request, reply) => {
    await requireAdmin(context, request);
    const stream = new PassThrough();
    writeBackup(context.db, context.now(), async (line) => {
      if (!stream.write(line)) await once(stream, 'drain');
    }).then(
      () => stream.end(),
      (error: unknown) => {
        request.log.error({ err: error }, 'Backup failed');
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return reply.type('application/x-ndjson').send(stream);
  });
}
