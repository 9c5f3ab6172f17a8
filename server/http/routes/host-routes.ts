import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hostHistoryQuerySchema, hostReportSchema } from '@shared/sync/host-report';
import { uuidSchema } from '@shared/sync/protocol';
import { hostHistory } from '../../hosts/host-history';
import { ingestHostReport } from '../../hosts/ingest-report';
import { listHosts } from '../../hosts/list-hosts';
import type { AppContext } from '../app-context';
import { authenticate } from '../app-context';
import { parseInput } from '../parse-body';

const historyParamsSchema = z.object({ deviceId: uuidSchema });

/** §13 host reports: staff PCs report their health; staff devices read the clinic's PCs. */
export function registerHostRoutes(app: FastifyInstance, context: AppContext): void {
  const { db, now } = context;

  app.post('/v1/hosts/report', async (request) => {
    const device = await authenticate(context, request);
    return ingestHostReport(db, device, parseInput(hostReportSchema, request.body), now());
  });

  app.get('/v1/hosts', async (request) => {
    const device = await authenticate(context, request);
    return listHosts(db, device, now());
  });

  app.get('/v1/hosts/:deviceId/history', async (request) => {
    const device = await authenticate(context, request);
    const { deviceId } = parseInput(historyParamsSchema, request.params);
    return hostHistory(db, device, deviceId, parseInput(hostHistoryQuerySchema, request.query));
  });
}
