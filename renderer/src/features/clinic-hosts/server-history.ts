import type { HistoryGap, HostAggregate, HostHistory } from '@shared/contract/host-metrics';
import type { HostHistoryResponse, HostPoint } from '@shared/sync/host-report';
import { HOST_HOUR_MS, HOST_MINUTE_MS } from '@shared/sync/host-report';

function toAggregate(point: HostPoint, stepMs: number): HostAggregate {
  return {
    start: point.t,
    stepMs,
    // The server counts minutes, not one-second samples; the charts do not use it.
    count: point.minutes,
    cpuPercent: point.cpu,
    memoryPercent: point.memory,
    load1: point.load,
    netRxBytesPerSec: point.netRx,
    netTxBytesPerSec: point.netTx,
    diskReadBytesPerSec: point.diskRead,
    diskWriteBytesPerSec: point.diskWrite,
    fileSystems: point.fileSystems.map((fs) => ({
      ...fs,
      usedPercent: fs.sizeBytes > 0 ? Math.min(100, (fs.usedBytes / fs.sizeBytes) * 100) : 0,
    })),
  };
}

/**
 * Stretches of [from, to) that no point covers, longer than two steps: the PC sent nothing
 * then (it was off, or HealthDesk was not running). Shorter ones are the minute or hour still
 * being reported.
 */
function missingStretches(
  points: readonly HostAggregate[],
  from: number,
  to: number,
): HistoryGap[] {
  const gaps: HistoryGap[] = [];
  let covered = from;
  for (const point of [...points, null]) {
    const start = point ? Math.max(from, point.start) : to;
    const stepMs = point?.stepMs ?? points.at(-1)?.stepMs ?? HOST_MINUTE_MS;
    if (start - covered > 2 * stepMs) gaps.push({ from: covered, to: start });
    if (point) covered = Math.max(covered, point.start + point.stepMs);
  }
  return gaps;
}

/**
 * A PC's history from the clinic server in the shape of this PC's own history, so the host
 * view's chart builders draw both.
 */
export function toHostHistory(
  response: HostHistoryResponse,
  from: number,
  to: number,
): HostHistory {
  const stepMs = response.step === '1m' ? HOST_MINUTE_MS : HOST_HOUR_MS;
  const points = response.points.map((point) => toAggregate(point, stepMs));
  return {
    tier: response.step === '1m' ? 'minute' : 'hour',
    stepMs,
    from,
    to,
    points,
    gaps: missingStretches(points, from, to),
  };
}
