import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HostStatus } from '@shared/sync/host-report';
import type { RecordTransition } from '../sync/apply-push';
import type { RecordMetrics, RecordObserver } from './record-observers';

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  pushSeconds: Histogram<'outcome'>;
  pullSeconds: Histogram<'outcome'>;
  changes: Counter<'outcome' | 'code'>;
  records: RecordMetrics;
  /** Feeds the changes a push applied to the record observers. */
  observeTransitions(transitions: readonly RecordTransition[]): void;
}

export interface MetricsOptions {
  /** Hosts per status, read when Prometheus scrapes. */
  hostCounts: () => Promise<Record<HostStatus, number>>;
  observers: readonly RecordObserver[];
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Acknowledging takes minutes, resolving hours: buckets from 30 s to 3 days.
const RESPONSE_TIME_BUCKETS = [
  30,
  60,
  300,
  900,
  1800,
  3600,
  4 * 3600,
  12 * 3600,
  86_400,
  3 * 86_400,
];

/** One registry per server instance (not prom-client's global one), so tests can run several. */
export function createServerMetrics(options: MetricsOptions): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'healthdesk_' });
  const registers = [registry];
  const records: RecordMetrics = {
    alerts: new Counter({
      name: 'healthdesk_alerts_total',
      help: 'Alerts synced to the server, by severity',
      labelNames: ['severity'],
      registers,
    }),
    incidents: new Counter({
      name: 'healthdesk_incidents_total',
      help: 'Incident events synced to the server (opened, acknowledged, resolved)',
      labelNames: ['event'],
      registers,
    }),
    mtta: new Histogram({
      name: 'healthdesk_incident_time_to_acknowledge_seconds',
      help: 'Time from an incident being opened to its acknowledgement (MTTA)',
      buckets: RESPONSE_TIME_BUCKETS,
      registers,
    }),
    mttr: new Histogram({
      name: 'healthdesk_incident_time_to_resolve_seconds',
      help: 'Time from an incident being opened to its resolution (MTTR)',
      buckets: RESPONSE_TIME_BUCKETS,
      registers,
    }),
  };
  new Gauge({
    name: 'healthdesk_hosts',
    help: 'Staff PCs by status: up, stale (3 reports missed), unknown (never reported)',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await options.hostCounts();
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  const observers = new Map<string, RecordObserver[]>();
  for (const observer of options.observers) {
    observers.set(observer.table, [...(observers.get(observer.table) ?? []), observer]);
  }
  return {
    registry,
    requests: new Counter({
      name: 'healthdesk_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    pushSeconds: new Histogram({
      name: 'healthdesk_push_duration_seconds',
      help: 'Time to answer a push',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    pullSeconds: new Histogram({
      name: 'healthdesk_pull_duration_seconds',
      help: 'Time to answer a pull',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    changes: new Counter({
      name: 'healthdesk_changes_total',
      help: 'Pushed changes by outcome (applied, superseded, rejected) and rejection code',
      labelNames: ['outcome', 'code'],
      registers,
    }),
    records,
    observeTransitions(transitions) {
      for (const transition of transitions) {
        for (const observer of observers.get(transition.table) ?? [])
          observer.observe(transition, records);
      }
    },
  };
}
