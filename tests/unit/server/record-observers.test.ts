import { describe, expect, it } from 'vitest';
import {
  activeRecordObservers,
  alertsObserver,
  incidentsObserver,
} from '../../../server/metrics/record-observers';
import { createServerMetrics } from '../../../server/metrics/server-metrics';

function metricsWith() {
  return createServerMetrics({
    hostCounts: () => Promise.resolve({ up: 0, stale: 0, unknown: 0 }),
    observers: [alertsObserver, incidentsObserver],
  });
}

async function value(
  metrics: ReturnType<typeof metricsWith>,
  name: string,
  labels: Record<string, string> = {},
) {
  // A histogram's _sum and _count are values of the histogram itself.
  const base = name.replace(/_(sum|count)$/, '');
  const metric = metrics.registry.getSingleMetric(name) ?? metrics.registry.getSingleMetric(base);
  const data = await metric?.get();
  return data?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === name &&
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  )?.value;
}

describe('record observers (alerts and incidents)', () => {
  it('stay off until the synced-table registry has their tables', () => {
    expect(activeRecordObservers(['patients', 'vitals'])).toEqual([]);
    expect(activeRecordObservers(['patients', 'incidents']).map((o) => o.table)).toEqual([
      'incidents',
    ]);
  });

  it('count alerts by severity once, when first stored', async () => {
    const metrics = metricsWith();
    metrics.observeTransitions([
      { table: 'alerts', before: null, after: { severity: 'critical' } },
      {
        table: 'alerts',
        before: { severity: 'critical' },
        after: { severity: 'critical', ackedBy: 'x' },
      },
      { table: 'alerts', before: null, after: {} },
      { table: 'vitals', before: null, after: { severity: 'critical' } },
    ]);
    expect(await value(metrics, 'healthdesk_alerts_total', { severity: 'critical' })).toBe(1);
    expect(await value(metrics, 'healthdesk_alerts_total', { severity: 'unknown' })).toBe(1);
  });

  it('observe MTTA and MTTR from when an incident opened, once each', async () => {
    const metrics = metricsWith();
    const opened = { createdAt: 1_000_000, acknowledgedAt: null, resolvedAt: null };
    const acked = { ...opened, acknowledgedAt: 1_000_000 + 120_000 };
    const resolved = { ...acked, resolvedAt: 1_000_000 + 3_600_000 };
    metrics.observeTransitions([
      { table: 'incidents', before: null, after: opened },
      { table: 'incidents', before: opened, after: acked },
      { table: 'incidents', before: acked, after: { ...acked, notes: 'edit' } },
      { table: 'incidents', before: acked, after: resolved },
    ]);
    expect(await value(metrics, 'healthdesk_incidents_total', { event: 'opened' })).toBe(1);
    expect(await value(metrics, 'healthdesk_incidents_total', { event: 'acknowledged' })).toBe(1);
    expect(await value(metrics, 'healthdesk_incidents_total', { event: 'resolved' })).toBe(1);
    expect(await value(metrics, 'healthdesk_incident_time_to_acknowledge_seconds_sum')).toBe(120);
    expect(await value(metrics, 'healthdesk_incident_time_to_resolve_seconds_sum')).toBe(3600);
  });
});
