import { TIER_RETENTION_MS } from '@shared/host-metrics/tiers';

/** How one persisted tier is cut into files: one file per UTC day or month. */
export interface SegmentLayout {
  tier: 'minute' | 'hour';
  /** The file that holds time `t`. */
  segmentFor(t: number): string;
  /** The time span a file covers, or null for a name that is not a segment. */
  spanOf(file: string): { start: number; end: number } | null;
  retentionMs: number;
  /** A segment never grows past this; typical ones are a fifth of it. */
  maxSegmentBytes: number;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Minute aggregates, one file per UTC day: about 1,440 records, under 1 MB. */
export const DAILY_MINUTES: SegmentLayout = {
  tier: 'minute',
  segmentFor(t) {
    const date = new Date(t);
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}.jsonl`;
  },
  spanOf(file) {
    const match = /^(\d{4})-(\d{2})-(\d{2})\.jsonl$/.exec(file);
    if (!match) return null;
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return { start, end: start + 24 * 3600 * 1000 };
  },
  retentionMs: TIER_RETENTION_MS.minute,
  maxSegmentBytes: 4 * 1024 * 1024,
};

/** Hour aggregates, one file per UTC month: about 744 records. */
export const MONTHLY_HOURS: SegmentLayout = {
  tier: 'hour',
  segmentFor(t) {
    const date = new Date(t);
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}.jsonl`;
  },
  spanOf(file) {
    const match = /^(\d{4})-(\d{2})\.jsonl$/.exec(file);
    if (!match) return null;
    const year = Number(match[1]);
    const month = Number(match[2]) - 1;
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  },
  retentionMs: TIER_RETENTION_MS.hour,
  maxSegmentBytes: 4 * 1024 * 1024,
};
