import type { HostAlertMetric } from '../contract/host-metrics';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * A host alert rule: the metric, which side of the threshold is bad, and how long the condition
 * must hold without a break before the alert fires (like Prometheus' `for:`). Plain data, so the
 * incidents feature can store, show and later edit rules.
 */
export interface HostAlertRule {
  id: string;
  metric: HostAlertMetric;
  comparison: 'above' | 'below';
  threshold: number;
  forMs: number;
}

export const DEFAULT_HOST_ALERT_RULES: readonly HostAlertRule[] = Object.freeze([
  {
    id: 'disk-nearly-full',
    metric: 'disk.usedPercent',
    comparison: 'above',
    threshold: 90,
    forMs: 5 * MINUTE,
  },
  {
    id: 'memory-low',
    metric: 'memory.availablePercent',
    comparison: 'below',
    threshold: 5,
    forMs: 2 * MINUTE,
  },
  {
    id: 'cpu-saturated',
    metric: 'cpu.busyPercent',
    comparison: 'above',
    threshold: 95,
    forMs: 10 * MINUTE,
  },
  {
    id: 'sampler-stale',
    metric: 'sampler.staleSeconds',
    comparison: 'above',
    threshold: 30,
    forMs: 0,
  },
]);
