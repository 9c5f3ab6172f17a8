import type { HostPoint, HostSample, HostStat } from '@shared/sync/host-report';

type StatKey = 'cpu' | 'memory' | 'load' | 'netRx' | 'netTx' | 'diskRead' | 'diskWrite';
const NULLABLE_STATS = ['load', 'netRx', 'netTx', 'diskRead', 'diskWrite'] as const;

function combine(parts: { stat: HostStat; minutes: number }[]): HostStat | null {
  if (parts.length === 0) return null;
  let weight = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const { stat, minutes } of parts) {
    weight += minutes;
    sum += stat.avg * minutes;
    min = Math.min(min, stat.min);
    max = Math.max(max, stat.max);
  }
  // Rounding could put the mean a hair outside [min, max]; keep the invariant the schema checks.
  return { min, avg: Math.min(max, Math.max(min, sum / weight)), max };
}

/**
 * Rolls points (minutes, or hours made of minutes) into one point starting at `t`: the lowest
 * min, the highest max, the mean weighted by minutes, and the file systems of the latest point.
 */
export function aggregatePoints(t: number, points: readonly HostPoint[]): HostPoint | null {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const latest = sorted.at(-1);
  if (!latest) return null;
  function statOf(key: StatKey): HostStat | null {
    return combine(
      sorted.flatMap((point) => {
        const stat = point[key];
        return stat ? [{ stat, minutes: point.minutes }] : [];
      }),
    );
  }
  const cpu = statOf('cpu');
  const memory = statOf('memory');
  if (!cpu || !memory) return null;
  const point: HostPoint = {
    t,
    cpu,
    memory,
    load: null,
    netRx: null,
    netTx: null,
    diskRead: null,
    diskWrite: null,
    fileSystems: latest.fileSystems,
    minutes: sorted.reduce((sum, p) => sum + p.minutes, 0),
  };
  for (const key of NULLABLE_STATS) point[key] = statOf(key);
  return point;
}

export function asPoint(sample: HostSample): HostPoint {
  return { ...sample, minutes: 1 };
}
