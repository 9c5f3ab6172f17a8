import path from 'node:path';
import type { HistoryGap, HostAggregate } from '@shared/contract/host-metrics';
import type { Logger } from '../../services/logger';
import type { Clock } from '../clock';
import type { HistoryFs } from './history-fs';
import type { HistoryRecord } from './history-record';
import { decodeRecord, encodeRecord } from './history-record';
import type { SegmentLayout } from './segment-layout';

export interface SegmentRead {
  aggregates: HostAggregate[];
  gaps: HistoryGap[];
}

/**
 * One persisted history tier: append-only files of checksummed JSON lines. Appends never throw:
 * when the disk is full (or any write fails) writing pauses with one warning, records wait in a
 * bounded queue (still visible to reads), and writing resumes by itself once a retry succeeds.
 */
export interface SegmentStore {
  append(record: HistoryRecord): Promise<void>;
  /** Aggregates starting in [from, to) and gaps overlapping it. Damaged lines are skipped. */
  read(from: number, to: number): Promise<SegmentRead>;
  /** The content of the newest file that holds any record. */
  readNewest(): Promise<SegmentRead>;
  /** Deletes files wholly older than the tier's retention. */
  prune(): Promise<void>;
  /** Resolves once every record appended so far is written (or queued while paused). */
  idle(): Promise<void>;
  readonly paused: boolean;
}

export interface SegmentStoreOptions {
  dir: string;
  layout: SegmentLayout;
  fs: HistoryFs;
  clock: Clock;
  logger: Logger;
  retryAfterMs?: number;
  /** Records kept in memory while writing is paused (a day of minutes by default). */
  maxPendingLines?: number;
}

const LINES_PER_YIELD = 200;

// Reading a week of minutes is ~10,000 lines at ~10 µs each: yield every couple of milliseconds
// so the thread that serves the host API never stalls on it.
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A gap cut at segment boundaries, so each file knows the gaps in its own span. */
export function splitGap(gap: HistoryGap, layout: SegmentLayout): HistoryGap[] {
  const pieces: HistoryGap[] = [];
  let from = gap.from;
  while (from < gap.to) {
    const span = layout.spanOf(layout.segmentFor(from));
    const to = Math.min(gap.to, span?.end ?? gap.to);
    pieces.push({ from, to });
    from = to;
  }
  return pieces;
}

export function createSegmentStore(options: SegmentStoreOptions): SegmentStore {
  const { dir, layout, fs, clock, logger } = options;
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const maxPending = options.maxPendingLines ?? 1440;
  const pending: { file: string; line: string }[] = [];
  // Bytes in each file written to by this process; a file not in here is touched for the first time.
  const sizes = new Map<string, number>();
  const warned = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  let pausedUntil: number | null = null;

  function warnOnce(key: string, message: string, fields: Record<string, string | number>): void {
    if (warned.has(key)) return;
    warned.add(key);
    logger.warn(message, { tier: layout.tier, ...fields });
  }

  function linesFor(record: HistoryRecord): { file: string; line: string }[] {
    if (record.kind === 'aggregate')
      return [{ file: layout.segmentFor(record.aggregate.start), line: encodeRecord(record) }];
    return splitGap(record.gap, layout).map((gap) => ({
      file: layout.segmentFor(gap.from),
      line: encodeRecord({ kind: 'gap', gap }),
    }));
  }

  async function writeLine(file: string, line: string): Promise<void> {
    const target = path.join(dir, file);
    let size = sizes.get(file);
    if (size === undefined) {
      await fs.mkdir(dir);
      size = await fs.size(target);
      // A record torn by a crash must not swallow this one: start on a fresh line.
      if (size > 0) line = '\n' + line;
      else await prune();
    }
    const text = line + '\n';
    const bytes = Buffer.byteLength(text);
    if (size + bytes > layout.maxSegmentBytes) {
      warnOnce(`full:${file}`, 'A history file reached its size limit; later records are dropped', {
        file,
      });
      sizes.set(file, size);
      return;
    }
    sizes.set(file, size);
    await fs.appendDurably(target, text);
    sizes.set(file, size + bytes);
  }

  async function flush(): Promise<void> {
    if (pausedUntil !== null && clock.now() < pausedUntil) return;
    for (let next = pending[0]; next; next = pending[0]) {
      try {
        await writeLine(next.file, next.line);
        pending.shift();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
        if (pausedUntil === null)
          logger.warn(
            code === 'ENOSPC' || code === 'EDQUOT'
              ? 'The disk is full: history writing is paused and retried every minute; HealthDesk keeps running'
              : 'History could not be written: writing is paused and retried every minute',
            { tier: layout.tier, code },
          );
        pausedUntil = clock.now() + retryAfterMs;
        // A failed append may have left part of a line: the next one must start afresh.
        sizes.delete(next.file);
        return;
      }
    }
    if (pausedUntil !== null) {
      pausedUntil = null;
      logger.info('History writing resumed', { tier: layout.tier });
    }
  }

  async function segments(): Promise<{ file: string; start: number; end: number }[]> {
    let files: string[];
    try {
      files = await fs.list(dir);
    } catch (error) {
      warnOnce('list', 'The history folder could not be read', { error: String(error) });
      return [];
    }
    // Files that only exist as records waiting for disk space count too.
    return [...new Set([...files, ...pending.map((entry) => entry.file)])]
      .map((file) => ({ file, span: layout.spanOf(file) }))
      .flatMap(({ file, span }) => (span ? [{ file, ...span }] : []))
      .sort((a, b) => a.start - b.start);
  }

  async function readRecords(file: string): Promise<HistoryRecord[]> {
    // Records still queued, taken before the file is read: one written meanwhile is then in
    // the file or in this list (or both, and counted once), never in neither.
    const queued = pending.filter((entry) => entry.file === file);
    const records: HistoryRecord[] = [];
    let text = '';
    try {
      text = await fs.readText(path.join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException | null)?.code !== 'ENOENT')
        warnOnce(`read:${file}`, 'A history file could not be read and was skipped', {
          file,
          error: String(error),
        });
    }
    const lines = text.split('\n');
    // A last line without its line break is being written right now, or was torn by a crash
    // (and the next write will start a new line after it): not damage, at least not yet.
    const unfinished = text.endsWith('\n') ? null : lines.pop();
    let damaged = 0;
    let count = 0;
    for (const line of lines) {
      if (++count % LINES_PER_YIELD === 0) await yieldToEventLoop();
      if (line === '') continue;
      const record = decodeRecord(line);
      if (record) records.push(record);
      else damaged++;
    }
    if (damaged > 0)
      warnOnce(`damaged:${file}`, 'Damaged history records were skipped; the rest were kept', {
        file,
        damaged,
      });
    const written = queued.length > 0 ? new Set(lines) : null;
    for (const entry of queued) {
      if (written?.has(entry.line)) continue;
      const record = decodeRecord(entry.line);
      if (record) records.push(record);
    }
    if (unfinished && !queued.some((entry) => entry.line === unfinished)) {
      const record = decodeRecord(unfinished);
      if (record) records.push(record);
    }
    return records;
  }

  function collect(records: readonly HistoryRecord[], from: number, to: number): SegmentRead {
    const result: SegmentRead = { aggregates: [], gaps: [] };
    for (const record of records) {
      if (record.kind === 'aggregate') {
        if (record.aggregate.start >= from && record.aggregate.start < to)
          result.aggregates.push(record.aggregate);
      } else if (record.gap.to > from && record.gap.from < to) {
        result.gaps.push(record.gap);
      }
    }
    return result;
  }

  async function prune(): Promise<void> {
    const cutoff = clock.now() - layout.retentionMs;
    for (const segment of await segments()) {
      if (segment.end > cutoff) continue;
      await fs.remove(path.join(dir, segment.file)).catch((error: unknown) => {
        warnOnce(`remove:${segment.file}`, 'An expired history file could not be deleted', {
          file: segment.file,
          error: String(error),
        });
      });
    }
  }

  return {
    get paused() {
      return pausedUntil !== null;
    },
    append(record) {
      pending.push(...linesFor(record));
      if (pending.length > maxPending) {
        pending.splice(0, pending.length - maxPending);
        warnOnce(
          'overflow',
          'History kept while writing was paused overflowed; the oldest was dropped',
          {},
        );
      }
      chain = chain.then(flush).catch((error: unknown) => {
        logger.error('History writing failed unexpectedly', { error: String(error) });
      });
      return chain;
    },
    idle: () => chain,
    async read(from, to) {
      const records: HistoryRecord[] = [];
      for (const segment of await segments()) {
        if (segment.end > from && segment.start < to)
          records.push(...(await readRecords(segment.file)));
      }
      return collect(records, from, to);
    },
    async readNewest() {
      const all = await segments();
      for (let index = all.length - 1; index >= 0; index--) {
        const records = await readRecords(all[index]?.file ?? '');
        if (records.length > 0) return collect(records, 0, Number.MAX_SAFE_INTEGER);
      }
      return { aggregates: [], gaps: [] };
    },
    prune: () =>
      prune().catch((error: unknown) => {
        logger.warn('Expired history could not be pruned', {
          tier: layout.tier,
          error: String(error),
        });
      }),
  };
}
