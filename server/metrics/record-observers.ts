import { z } from 'zod';
import type { Counter, Histogram } from 'prom-client';
import type { RecordTransition } from '../sync/apply-push';

/** The metrics that come from synced records rather than from the server's own work. */
export interface RecordMetrics {
  alerts: Counter<'severity'>;
  incidents: Counter<'event'>;
  /** Mean time to acknowledge and to resolve an incident, in seconds. */
  mtta: Histogram;
  mttr: Histogram;
}

/**
 * Watches one synced table's records as pushes change them. A hook, because the tables it reads
 * (alerts, incidents) arrive with later issues: an observer is active only for a table the
 * registry of synced tables has, so nothing changes until the table exists.
 */
export interface RecordObserver {
  table: string;
  observe(transition: RecordTransition, metrics: RecordMetrics): void;
}

const time = z.number().int().nonnegative();
const alertFields = z.looseObject({ severity: z.string().max(40).optional() });
const incidentFields = z.looseObject({
  createdAt: time.optional(),
  acknowledgedAt: time.nullable().optional(),
  resolvedAt: time.nullable().optional(),
});

function became(before: unknown, after: unknown): after is number {
  return typeof after === 'number' && typeof before !== 'number';
}

/** Alerts: counted when first stored, by severity. */
export const alertsObserver: RecordObserver = {
  table: 'alerts',
  observe({ before, after }, metrics) {
    if (before !== null || after._deleted === true) return;
    const fields = alertFields.safeParse(after);
    metrics.alerts.inc({
      severity: fields.success ? (fields.data.severity ?? 'unknown') : 'unknown',
    });
  },
};

/**
 * Incidents: opened when first stored; acknowledged and resolved when those times are first set,
 * each observed from `createdAt` into the MTTA and MTTR histograms.
 */
export const incidentsObserver: RecordObserver = {
  table: 'incidents',
  observe({ before, after }, metrics) {
    const now = incidentFields.safeParse(after);
    if (!now.success) return;
    const was = before === null ? null : incidentFields.safeParse(before);
    const previous = was?.success ? was.data : {};
    if (before === null) metrics.incidents.inc({ event: 'opened' });
    const { createdAt, acknowledgedAt, resolvedAt } = now.data;
    if (became(previous.acknowledgedAt, acknowledgedAt)) {
      metrics.incidents.inc({ event: 'acknowledged' });
      if (createdAt !== undefined)
        metrics.mtta.observe(Math.max(0, acknowledgedAt - createdAt) / 1000);
    }
    if (became(previous.resolvedAt, resolvedAt)) {
      metrics.incidents.inc({ event: 'resolved' });
      if (createdAt !== undefined) metrics.mttr.observe(Math.max(0, resolvedAt - createdAt) / 1000);
    }
  },
};

/** The observers whose tables exist among `tables`. */
export function activeRecordObservers(
  tables: readonly string[],
  candidates: readonly RecordObserver[] = [alertsObserver, incidentsObserver],
): RecordObserver[] {
  return candidates.filter((observer) => tables.includes(observer.table));
}
