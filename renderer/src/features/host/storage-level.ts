import { DEFAULT_HOST_ALERT_RULES } from '@shared/host-alerts/rules';

export type StorageLevel = 'ok' | 'warning' | 'critical';

/** The disk rule's threshold (90 %) is where a file system becomes critical. */
const CRITICAL =
  DEFAULT_HOST_ALERT_RULES.find((rule) => rule.metric === 'disk.usedPercent')?.threshold ?? 90;
/** Ten points below it, the bar warns, so there is time to act before the alert. */
const WARNING = CRITICAL - 10;

export function storageLevel(usedPercent: number): StorageLevel {
  if (usedPercent >= CRITICAL) return 'critical';
  if (usedPercent >= WARNING) return 'warning';
  return 'ok';
}

export const STORAGE_THRESHOLDS = { warning: WARNING, critical: CRITICAL } as const;
