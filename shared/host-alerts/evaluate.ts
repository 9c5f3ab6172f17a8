import type {
  HostAlert,
  HostAlertMetric,
  HostSample,
  HostSlowMetrics,
} from '../contract/host-metrics';
import type { HostAlertRule } from './rules';

/** What the rules look at, at one moment. */
export interface HostAlertInput {
  now: number;
  /** The newest one-second sample, or null before the first. */
  latest: HostSample | null;
  /** The newest slow metrics (file systems), or null before the first. */
  slow: HostSlowMetrics | null;
  /** When the sampling started: staleness counts from here until the first sample. */
  startedAt: number;
  /** Older data than this is missing data: its alerts become unknown. */
  maxSampleAgeMs: number;
  maxSlowAgeMs: number;
}

interface Reading {
  subject: string | null;
  value: number | null;
}

function fresh<T extends { t: number }>(data: T | null, now: number, maxAgeMs: number): T | null {
  return data && now - data.t <= maxAgeMs ? data : null;
}

/** The figures a metric has at this moment: one per mount for disks, otherwise one. */
function read(metric: HostAlertMetric, input: HostAlertInput): Reading[] {
  const latest = fresh(input.latest, input.now, input.maxSampleAgeMs);
  switch (metric) {
    case 'disk.usedPercent': {
      const fileSystems = fresh(input.slow, input.now, input.maxSlowAgeMs)?.fileSystems;
      if (!fileSystems || fileSystems.length === 0) return [{ subject: null, value: null }];
      return fileSystems.map((fs) => ({ subject: fs.mount, value: fs.usedPercent }));
    }
    case 'memory.availablePercent': {
      const memory = latest?.memory;
      return [
        {
          subject: null,
          value:
            memory && memory.totalBytes > 0
              ? (memory.availableBytes / memory.totalBytes) * 100
              : null,
        },
      ];
    }
    case 'cpu.busyPercent':
      return [{ subject: null, value: latest?.cpu ? 100 - latest.cpu.total.idle : null }];
    case 'sampler.staleSeconds':
      return [
        {
          subject: null,
          value: Math.max(0, input.now - (input.latest?.t ?? input.startedAt)) / 1000,
        },
      ];
  }
}

function keyOf(ruleId: string, subject: string | null): string {
  return `${ruleId}\u0000${subject ?? ''}`;
}

/**
 * Evaluates every rule against the current figures. Pure: the previous result is the only
 * state. A condition must hold without a break for the rule's duration before the alert fires;
 * missing data makes the alert unknown and restarts that count, so a gap never fires an alert.
 * Alerts for subjects that disappeared (an unmounted disk) are dropped.
 */
export function evaluateHostAlerts(
  rules: readonly HostAlertRule[],
  previous: readonly HostAlert[],
  input: HostAlertInput,
): HostAlert[] {
  const before = new Map(previous.map((alert) => [keyOf(alert.ruleId, alert.subject), alert]));
  const alerts: HostAlert[] = [];
  for (const rule of rules) {
    for (const { subject, value } of read(rule.metric, input)) {
      const prior = before.get(keyOf(rule.id, subject));
      const breached =
        value === null
          ? false
          : rule.comparison === 'above'
            ? value > rule.threshold
            : value < rule.threshold;
      const breachedSince = breached ? (prior?.breachedSince ?? input.now) : null;
      const state: HostAlert['state'] =
        value === null
          ? 'unknown'
          : breachedSince !== null && input.now - breachedSince >= rule.forMs
            ? 'firing'
            : 'ok';
      alerts.push({
        ruleId: rule.id,
        metric: rule.metric,
        subject,
        comparison: rule.comparison,
        threshold: rule.threshold,
        forMs: rule.forMs,
        state,
        value: value === null ? null : Math.round(value * 100) / 100,
        since: prior?.state === state ? prior.since : input.now,
        breachedSince,
      });
    }
  }
  return alerts;
}

/**
 * Whether any alert changed between two evaluations in a way worth telling a view: its state,
 * whether its condition holds (a warning before it fires), or it appeared or went away.
 */
export function alertStatesChanged(
  previous: readonly HostAlert[],
  next: readonly HostAlert[],
): boolean {
  if (previous.length !== next.length) return true;
  const before = new Map(previous.map((alert) => [keyOf(alert.ruleId, alert.subject), alert]));
  return next.some((alert) => {
    const prior = before.get(keyOf(alert.ruleId, alert.subject));
    return (
      prior?.state !== alert.state ||
      (prior.breachedSince === null) !== (alert.breachedSince === null)
    );
  });
}
