import path from 'node:path';
import type {
  FileSystemUsage,
  HistoryGap,
  HistoryRequest,
  HostAggregate,
  HostHistory,
  HostSample,
} from '@shared/contract/host-metrics';
import type { AggregateBuilder } from '@shared/host-metrics/aggregate';
import {
  aggregateSamples,
  bucketStart,
  createAggregateBuilder,
  rebucket,
} from '@shared/host-metrics/aggregate';
import { TIER_STEP_MS, planHistoryQuery } from '@shared/host-metrics/tiers';
import type { Logger } from '../../services/logger';
import type { Clock } from '../clock';
import type { HistoryFs } from './history-fs';
import type { RingBuffer } from './ring-buffer';
import { createRingBuffer } from './ring-buffer';
import { DAILY_MINUTES, MONTHLY_HOURS } from './segment-layout';
import type { SegmentStore } from './segment-store';
import { createSegmentStore } from './segment-store';

const MINUTE = TIER_STEP_MS.minute;
const HOUR = TIER_STEP_MS.hour;
/** One hour of one-second samples. */
export const SECOND_TIER_CAPACITY = 3600;

export interface HostHistoryOptions {
  /** The app's data folder; history lives in `host-history/v1/` inside it. */
  dataDir: string;
  fs: HistoryFs;
  clock: Clock;
  logger: Logger;
  /** Seconds kept in memory (one hour unless a test says otherwise). */
  secondCapacity?: number;
  retryAfterMs?: number;
}

export interface HostHistoryStore {
  /** Loads the hour in progress and records the time HealthDesk was not running as a gap. */
  start(): Promise<void>;
  addSample(sample: HostSample): void;
  setFileSystems(fileSystems: readonly FileSystemUsage[]): void;
  /** One-second samples of the last `seconds`, oldest first. */
  recent(seconds: number): HostSample[];
  query(request: HistoryRequest): Promise<HostHistory>;
  /** Writes the minute in progress; the app is stopping. */
  close(): Promise<void>;
  /** Resolves once every record so far is on disk (or queued while writing is paused). */
  written(): Promise<unknown>;
  readonly writingPaused: boolean;
}

/** Adjacent or overlapping gaps as one, clipped to [from, to). */
function mergeGaps(gaps: readonly HistoryGap[], from: number, to: number): HistoryGap[] {
  const merged: HistoryGap[] = [];
  for (const gap of [...gaps].sort((a, b) => a.from - b.from)) {
    const clipped = { from: Math.max(from, gap.from), to: Math.min(to, gap.to) };
    if (clipped.from >= clipped.to) continue;
    const last = merged.at(-1);
    if (last && clipped.from <= last.to) last.to = Math.max(last.to, clipped.to);
    else merged.push(clipped);
  }
  return merged;
}

/**
 * The host's metric history, owned by the main process: one-second samples for the last hour
 * in a ring (memory never grows), minute aggregates (7 days) and hour aggregates (400 days) in
 * append-only files. An hour aggregate is merged from that hour's minutes when it ends, so a
 * restart in the middle of an hour loses nothing that was written.
 */
export function createHostHistory(options: HostHistoryOptions): HostHistoryStore {
  const { clock, logger } = options;
  const root = path.join(options.dataDir, 'host-history', 'v1');
  const common = { fs: options.fs, clock, logger, retryAfterMs: options.retryAfterMs ?? 60_000 };
  const minutes: SegmentStore = createSegmentStore({
    ...common,
    dir: path.join(root, 'minute'),
    layout: DAILY_MINUTES,
  });
  const hours: SegmentStore = createSegmentStore({
    ...common,
    dir: path.join(root, 'hour'),
    layout: MONTHLY_HOURS,
  });
  const seconds: RingBuffer<HostSample> = createRingBuffer(
    options.secondCapacity ?? SECOND_TIER_CAPACITY,
  );
  const startedAt = clock.now();
  let minute: AggregateBuilder | null = null;
  let hourMinutes: HostAggregate[] = [];
  let fileSystems: readonly FileSystemUsage[] = [];

  function finishHour(): void {
    const [hour] = rebucket(hourMinutes, HOUR);
    hourMinutes = [];
    if (hour) void hours.append({ kind: 'aggregate', aggregate: hour });
  }

  function finishMinute(): void {
    if (!minute || minute.count === 0) return;
    const aggregate = minute.build();
    minute = null;
    void minutes.append({ kind: 'aggregate', aggregate });
    const first = hourMinutes[0];
    if (first && bucketStart(first.start, HOUR) !== bucketStart(aggregate.start, HOUR))
      finishHour();
    hourMinutes.push(aggregate);
  }

  async function start(): Promise<void> {
    await Promise.all([minutes.prune(), hours.prune()]);
    const [lastMinutes, lastHours] = await Promise.all([minutes.readNewest(), hours.readNewest()]);
    const ends = [
      ...lastMinutes.aggregates.map((aggregate) => aggregate.start + aggregate.stepMs),
      ...lastMinutes.gaps.map((gap) => gap.to),
    ];
    const hoursEnd = Math.max(
      0,
      ...lastHours.aggregates.map((aggregate) => aggregate.start + aggregate.stepMs),
    );
    // Minutes written after the last hour aggregate: finished hours are merged and written
    // now, the hour still in progress is carried on.
    const currentHour = bucketStart(startedAt, HOUR);
    const unmerged = lastMinutes.aggregates.filter((aggregate) => aggregate.start >= hoursEnd);
    for (const hour of rebucket(
      unmerged.filter((aggregate) => aggregate.start < currentHour),
      HOUR,
    )) {
      void hours.append({ kind: 'aggregate', aggregate: hour });
    }
    hourMinutes = [
      ...unmerged.filter((aggregate) => aggregate.start >= currentHour),
      ...hourMinutes,
    ];
    const lastEnd = ends.length > 0 ? Math.max(...ends) : null;
    if (lastEnd !== null && startedAt - lastEnd > MINUTE) {
      const gap = { from: lastEnd, to: startedAt };
      logger.info('Marked the time HealthDesk was not running as a gap in host history', gap);
      void minutes.append({ kind: 'gap', gap });
      void hours.append({ kind: 'gap', gap });
    }
    await idle();
  }

  function idle(): Promise<unknown> {
    return Promise.all([minutes.idle(), hours.idle()]);
  }

  function inProgress(tier: 'minute' | 'hour'): HostAggregate[] {
    const current = minute && minute.count > 0 ? [minute.build()] : [];
    return tier === 'minute' ? current : rebucket([...hourMinutes, ...current], HOUR);
  }

  async function query(request: HistoryRequest): Promise<HostHistory> {
    const plan = planHistoryQuery(request, clock.now());
    const first = bucketStart(plan.from, plan.stepMs);
    const inRange = (aggregate: HostAggregate) =>
      aggregate.start >= first && aggregate.start < plan.to;
    if (plan.tier === 'second') {
      const samples = seconds.newestWhile((sample) => sample.t >= first);
      return {
        ...plan,
        points: aggregateSamples(
          samples.filter((sample) => sample.t < plan.to),
          plan.stepMs,
        ),
        // Seconds are never written to disk: before this run started there are none.
        gaps: mergeGaps([{ from: plan.from, to: startedAt }], plan.from, plan.to),
      };
    }
    const store = plan.tier === 'minute' ? minutes : hours;
    const stored = await store.read(first, plan.to);
    const points = rebucket([...stored.aggregates, ...inProgress(plan.tier)], plan.stepMs);
    return {
      ...plan,
      points: points.filter(inRange),
      gaps: mergeGaps(stored.gaps, plan.from, plan.to),
    };
  }

  return {
    start,
    addSample(sample) {
      seconds.push(sample);
      const start = bucketStart(sample.t, MINUTE);
      if (minute && minute.start !== start) finishMinute();
      if (!minute) {
        minute = createAggregateBuilder(start, MINUTE);
        minute.setFileSystems(fileSystems);
      }
      minute.add(sample);
    },
    setFileSystems(latest) {
      fileSystems = latest;
      minute?.setFileSystems(latest);
    },
    recent(count) {
      const newest = seconds.newest();
      if (!newest) return [];
      const from = newest.t - count * 1000;
      return seconds.newestWhile((sample) => sample.t > from);
    },
    query,
    async close() {
      finishMinute();
      await idle();
    },
    written: idle,
    get writingPaused() {
      return minutes.paused || hours.paused;
    },
  };
}
