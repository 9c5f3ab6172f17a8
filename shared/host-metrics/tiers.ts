import type { HistoryRequest, HistoryTier } from '../contract/host-metrics';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Resolution of each history tier. */
export const TIER_STEP_MS: Readonly<Record<HistoryTier, number>> = {
  second: SECOND,
  minute: MINUTE,
  hour: HOUR,
};

/** How far back each tier reaches. */
export const TIER_RETENTION_MS: Readonly<Record<HistoryTier, number>> = {
  second: HOUR,
  minute: 7 * DAY,
  hour: 400 * DAY,
};

/** A chart never needs more points than this; longer ranges get a coarser step. */
export const MAX_HISTORY_POINTS = 5000;

const REACH_SLACK_MS = MINUTE;
const FINE_TO_COARSE: readonly HistoryTier[] = ['second', 'minute', 'hour'];

export interface HistoryPlan {
  tier: HistoryTier;
  stepMs: number;
  from: number;
  to: number;
}

/**
 * Which tier answers a history request: of the tiers that still reach back to `from`, the
 * coarsest whose resolution is no coarser than the step asked for (cheapest to read), else the
 * finest that reaches. The step becomes a whole multiple of the tier's resolution, widened so
 * that the answer stays under MAX_HISTORY_POINTS.
 */
export function planHistoryQuery(request: HistoryRequest, now: number): HistoryPlan {
  // A request for "the last hour" is made a moment before it arrives: allow a minute for that.
  const reaching = FINE_TO_COARSE.filter(
    (tier) => tier === 'hour' || request.from >= now - TIER_RETENTION_MS[tier] - REACH_SLACK_MS,
  );
  const fitting = reaching.filter((tier) => TIER_STEP_MS[tier] <= request.stepMs);
  const tier = fitting.at(-1) ?? reaching[0] ?? 'hour';
  const resolution = TIER_STEP_MS[tier];
  const span = request.to - request.from;
  const wanted = Math.max(request.stepMs, span / MAX_HISTORY_POINTS);
  const stepMs = Math.ceil(wanted / resolution) * resolution;
  return { tier, stepMs, from: request.from, to: request.to };
}
