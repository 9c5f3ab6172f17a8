import { appendFile } from 'node:fs/promises';
import type { HistoryFs } from '../../electron/main/host-monitor/history/history-fs';
import { nodeHistoryFs } from '../../electron/main/host-monitor/history/history-fs';

/**
 * The real history file system without the flush to the platters after each append: unit tests
 * write thousands of records, and a storm of fdatasync calls slows every other test on the
 * machine that touches the disk (Chromium reopening IndexedDB, for one). What is tested is the
 * format and the logic; the real, durable file system runs in the integration tests.
 */
export function testHistoryFs(): HistoryFs {
  return { ...nodeHistoryFs(), appendDurably: (file, text) => appendFile(file, text) };
}
