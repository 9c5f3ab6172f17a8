import type { HostAlert, HostAlertMetric } from '@shared/contract/host-metrics';
import { formatDuration, formatPercent } from '../../format/numbers';

export type HealthLevel = 'ok' | 'warning' | 'critical' | 'unknown';

/** The message keys of each alert metric: i18n keys cannot hold dots. */
export const METRIC_KEYS: Record<HostAlertMetric, string> = {
  'disk.usedPercent': 'diskUsedPercent',
  'memory.availablePercent': 'memoryAvailablePercent',
  'cpu.busyPercent': 'cpuBusyPercent',
  'sampler.staleSeconds': 'samplerStaleSeconds',
};

// Which problem is named first when there are several: the one that can cost the most.
const URGENCY: readonly HostAlertMetric[] = [
  'sampler.staleSeconds',
  'disk.usedPercent',
  'memory.availablePercent',
  'cpu.busyPercent',
];

export interface HealthSummary {
  level: HealthLevel;
  /** i18n key under host.summary and its parameters. */
  key: string;
  params: Record<string, string>;
  /** How many other problems there are besides the one named. */
  more: number;
}

/** An alert's figure in words: "93 %", "45 s". */
export function alertValue(alert: HostAlert, locale: string): string {
  if (alert.value === null) return '—';
  return alert.metric === 'sampler.staleSeconds'
    ? formatDuration(Math.round(alert.value) * 1000, locale)
    : formatPercent(alert.value, locale);
}

/**
 * One line about this PC's health from its alerts: the most urgent firing alert (critical), or
 * else the most urgent condition already over its threshold but not yet for long enough
 * (warning), or "All good", or "unknown" while no rule has the data it needs.
 */
export function summariseHealth(alerts: readonly HostAlert[], locale: string): HealthSummary {
  const byUrgency = [...alerts].sort(
    (a, b) => URGENCY.indexOf(a.metric) - URGENCY.indexOf(b.metric),
  );
  const firing = byUrgency.filter((alert) => alert.state === 'firing');
  const breached = byUrgency.filter(
    (alert) => alert.state === 'ok' && alert.breachedSince !== null,
  );
  const named = firing[0] ?? breached[0];
  if (named) {
    return {
      level: firing.length > 0 ? 'critical' : 'warning',
      key: METRIC_KEYS[named.metric],
      params: { subject: named.subject ?? '', value: alertValue(named, locale) },
      more: (firing.length > 0 ? firing.length : breached.length) - 1,
    };
  }
  const measured = alerts.filter(
    (alert) => alert.metric !== 'sampler.staleSeconds' && alert.state !== 'unknown',
  );
  if (measured.length === 0) return { level: 'unknown', key: 'unknown', params: {}, more: 0 };
  return { level: 'ok', key: 'allGood', params: {}, more: 0 };
}
