import { SYNCED_TABLES } from '@shared/domain/tables';
import type { Db } from '../db/database';
import { countHostsByStatus } from '../hosts/list-hosts';
import { activeRecordObservers } from '../metrics/record-observers';
import { createServerMetrics } from '../metrics/server-metrics';
import type { AppContext } from './app-context';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ContextSettings {
  minSchemaVersion: number;
  adminToken: string | null;
  pairAttemptsPerMinute: number;
  metricsToken: string | null;
  tombstoneRetentionDays: number;
}

/** Everything the routes share, from the database, the clock and the server's settings. */
export function createAppContext(db: Db, now: () => number, settings: ContextSettings): AppContext {
  return {
    db,
    now,
    metrics: createServerMetrics({
      hostCounts: () => countHostsByStatus(db, now()),
      observers: activeRecordObservers(Object.keys(SYNCED_TABLES)),
    }),
    minSchemaVersion: settings.minSchemaVersion,
    adminToken: settings.adminToken,
    pairLimits: {
      perIp: { limit: settings.pairAttemptsPerMinute, windowMs: 60_000 },
      // A guesser spread over many addresses: at most 30 minutes' worth of one address per 10 min.
      overall: { limit: settings.pairAttemptsPerMinute * 30, windowMs: 10 * 60_000 },
    },
    metricsToken: settings.metricsToken,
    maintenance: { tombstoneRetentionMs: settings.tombstoneRetentionDays * DAY_MS },
  };
}
