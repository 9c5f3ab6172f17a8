import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostAggregate } from '@shared/contract/host-metrics';
import {
  encodeRecord,
  decodeRecord,
} from '../../../../electron/main/host-monitor/history/history-record';
import {
  DAILY_MINUTES,
  MONTHLY_HOURS,
} from '../../../../electron/main/host-monitor/history/segment-layout';
import {
  createSegmentStore,
  splitGap,
} from '../../../../electron/main/host-monitor/history/segment-store';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import { createFakeClock } from '../../../helpers/fake-clock';
import { faultyFs } from '../../../helpers/faulty-fs';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

function minute(start: number, busy = 10): HostAggregate {
  const stat = { min: busy, avg: busy, max: busy };
  return {
    start,
    stepMs: MINUTE,
    count: 60,
    cpuPercent: stat,
    memoryPercent: stat,
    load1: null,
    netRxBytesPerSec: null,
    netTxBytesPerSec: null,
    diskReadBytesPerSec: null,
    diskWriteBytesPerSec: null,
    fileSystems: [],
  };
}

function setup(overrides: { retryAfterMs?: number; maxPendingLines?: number } = {}) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'healthdesk-history-')), 'minute');
  const clock = createFakeClock(T0);
  const logger = createMemoryLogger();
  const faulty = faultyFs();
  const store = createSegmentStore({
    dir,
    layout: DAILY_MINUTES,
    fs: faulty.fs,
    clock,
    logger,
    ...overrides,
  });
  const warnings = () => logger.lines.filter((line) => line.level === 'warn');
  return { dir, clock, logger, store, warnings, ...faulty };
}

describe('history records', () => {
  it('round-trip through a checksummed line', () => {
    const record = { kind: 'aggregate' as const, aggregate: minute(T0) };
    const line = encodeRecord(record);
    expect(line).toMatch(/^[0-9a-f]{8} \{/);
    expect(decodeRecord(line)).toEqual(record);
  });

  it('are refused when torn, damaged or not ours', () => {
    const line = encodeRecord({ kind: 'gap', gap: { from: 1, to: 2 } });
    expect(decodeRecord(line.slice(0, -5))).toBeNull();
    expect(decodeRecord(line.replace('"to":2', '"to":3'))).toBeNull();
    expect(decodeRecord('hello world')).toBeNull();
    expect(decodeRecord('')).toBeNull();
  });
});

describe('history segment store', () => {
  it('appends records into one file per day and reads a range back', async () => {
    const { store, dir } = setup();
    for (const start of [T0, T0 + MINUTE, T0 + DAY])
      await store.append({ kind: 'aggregate', aggregate: minute(start) });
    expect(readdirSync(dir).sort()).toEqual(['2026-01-05.jsonl', '2026-01-06.jsonl']);
    const read = await store.read(T0, T0 + DAY);
    expect(read.aggregates.map((a) => a.start)).toEqual([T0, T0 + MINUTE]);
    expect((await store.readNewest()).aggregates.map((a) => a.start)).toEqual([T0 + DAY]);
  });

  it('skips a damaged record with one warning and keeps the rest of the file', async () => {
    const { store, dir, warnings } = setup();
    await store.append({ kind: 'aggregate', aggregate: minute(T0) });
    const file = path.join(dir, '2026-01-05.jsonl');
    appendFileSync(
      file,
      encodeRecord({ kind: 'aggregate', aggregate: minute(T0 + MINUTE) }).replace(
        '"count":60',
        '"count":61',
      ) + '\n',
    );
    appendFileSync(file, 'garbage that is not a record\n');
    await store.append({ kind: 'aggregate', aggregate: minute(T0 + 2 * MINUTE) });
    const read = await store.read(T0, T0 + DAY);
    expect(read.aggregates.map((a) => a.start)).toEqual([T0, T0 + 2 * MINUTE]);
    await store.read(T0, T0 + DAY);
    expect(warnings()).toEqual([
      expect.objectContaining({
        message: 'Damaged history records were skipped; the rest were kept',
        fields: expect.objectContaining({ file: '2026-01-05.jsonl', damaged: 2 }) as unknown,
      }),
    ]);
  });

  it('keeps a record written after one torn by a crash', async () => {
    const { dir, clock, logger, fs } = setup();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '2026-01-05.jsonl');
    const torn = encodeRecord({ kind: 'aggregate', aggregate: minute(T0) });
    writeFileSync(file, torn.slice(0, torn.length - 20));
    // A new process (a restart) appends to the same file.
    const store = createSegmentStore({ dir, layout: DAILY_MINUTES, fs, clock, logger });
    await store.append({ kind: 'aggregate', aggregate: minute(T0 + MINUTE) });
    expect((await store.read(T0, T0 + DAY)).aggregates.map((a) => a.start)).toEqual([T0 + MINUTE]);
  });

  it('does not call a last line still being written damage', async () => {
    const { store, dir, warnings } = setup();
    await store.append({ kind: 'aggregate', aggregate: minute(T0) });
    const file = path.join(dir, '2026-01-05.jsonl');
    const next = encodeRecord({ kind: 'aggregate', aggregate: minute(T0 + MINUTE) });
    appendFileSync(file, next.slice(0, 40));
    expect((await store.read(T0, T0 + DAY)).aggregates.map((a) => a.start)).toEqual([T0]);
    appendFileSync(file, next.slice(40));
    expect((await store.read(T0, T0 + DAY)).aggregates.map((a) => a.start)).toEqual([
      T0,
      T0 + MINUTE,
    ]);
    expect(warnings()).toEqual([]);
  });

  it('skips a whole unreadable file with one warning and keeps the other files', async () => {
    const { store, faults, warnings } = setup();
    await store.append({ kind: 'aggregate', aggregate: minute(T0) });
    await store.append({ kind: 'aggregate', aggregate: minute(T0 + DAY) });
    faults.unreadable.add('2026-01-05.jsonl');
    const read = await store.read(T0, T0 + 2 * DAY);
    await store.read(T0, T0 + 2 * DAY);
    expect(read.aggregates.map((a) => a.start)).toEqual([T0 + DAY]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.message).toBe('A history file could not be read and was skipped');
  });

  it('pauses writing when the disk is full, says so once, and resumes without losing records', async () => {
    const { store, faults, clock, logger, dir } = setup({ retryAfterMs: MINUTE });
    await store.append({ kind: 'aggregate', aggregate: minute(T0) });
    faults.diskFull = true;
    faults.tearBeforeFull = true;
    for (let i = 1; i <= 5; i++) {
      await clock.advance(MINUTE / 2);
      await store.append({ kind: 'aggregate', aggregate: minute(T0 + i * MINUTE) });
    }
    expect(store.paused).toBe(true);
    const paused = logger.lines.filter((line) => line.message.startsWith('The disk is full'));
    expect(paused).toHaveLength(1);
    expect(paused[0]?.fields).toMatchObject({ code: 'ENOSPC', tier: 'minute' });
    // Records waiting for space are still served.
    expect((await store.read(T0, T0 + DAY)).aggregates).toHaveLength(6);

    faults.diskFull = false;
    await clock.advance(MINUTE);
    await store.append({ kind: 'aggregate', aggregate: minute(T0 + 6 * MINUTE) });
    expect(store.paused).toBe(false);
    expect(logger.lines.filter((line) => line.message === 'History writing resumed')).toHaveLength(
      1,
    );
    const onDisk = readFileSync(path.join(dir, '2026-01-05.jsonl'), 'utf8');
    // The half records the full disk took are skipped; every record is there once.
    const decoded = onDisk
      .split('\n')
      .map(decodeRecord)
      .filter((record) => record !== null);
    expect(
      decoded.map((record) => (record.kind === 'aggregate' ? record.aggregate.start : 0)),
    ).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => T0 + i * MINUTE));
  });

  it('holds a bounded number of records while the disk is full', async () => {
    const { store, faults, warnings } = setup({ maxPendingLines: 3 });
    faults.diskFull = true;
    for (let i = 0; i < 10; i++)
      await store.append({ kind: 'aggregate', aggregate: minute(T0 + i * MINUTE) });
    expect((await store.read(T0, T0 + DAY)).aggregates.map((a) => a.start)).toEqual(
      [7, 8, 9].map((i) => T0 + i * MINUTE),
    );
    expect(warnings().filter((line) => line.message.includes('overflowed'))).toHaveLength(1);
  });

  it('deletes files older than the tier keeps, when a new file starts', async () => {
    const { store, dir, clock } = setup();
    await store.append({ kind: 'aggregate', aggregate: minute(T0) });
    clock.set(T0 + 8 * DAY);
    await store.append({ kind: 'aggregate', aggregate: minute(T0 + 8 * DAY) });
    expect(readdirSync(dir)).toEqual(['2026-01-13.jsonl']);
    expect(existsSync(path.join(dir, '2026-01-05.jsonl'))).toBe(false);
  });

  it('stops growing a file at its size limit', async () => {
    const { dir, clock, logger, fs } = setup();
    const store = createSegmentStore({
      dir,
      layout: { ...DAILY_MINUTES, maxSegmentBytes: 2000 },
      fs,
      clock,
      logger,
    });
    for (let i = 0; i < 20; i++)
      await store.append({ kind: 'aggregate', aggregate: minute(T0 + i * MINUTE) });
    expect(readFileSync(path.join(dir, '2026-01-05.jsonl')).length).toBeLessThanOrEqual(2000);
    expect(logger.lines.filter((line) => line.message.includes('size limit'))).toHaveLength(1);
  });

  it('cuts a long gap at file boundaries and reads it back whole', async () => {
    const gap = { from: T0, to: T0 + 2 * DAY + MINUTE };
    expect(splitGap(gap, DAILY_MINUTES)).toHaveLength(3);
    expect(splitGap({ from: T0, to: T0 + 40 * DAY }, MONTHLY_HOURS)).toHaveLength(2);
    const { store } = setup();
    await store.append({ kind: 'gap', gap });
    const read = await store.read(T0 + DAY, T0 + DAY + MINUTE);
    expect(read.gaps).toEqual([{ from: Date.UTC(2026, 0, 6), to: Date.UTC(2026, 0, 7) }]);
  });
});
