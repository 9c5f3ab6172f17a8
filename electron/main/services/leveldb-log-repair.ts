import { readFileSync, readdirSync, truncateSync } from 'node:fs';
import path from 'node:path';

// Chromium keeps each origin's IndexedDB in a LevelDB folder and opens it with `reuse_logs`:
// after a restart it goes on appending to the write-ahead log (NNNNNN.log) and to the MANIFEST
// it found. When the app was killed in the middle of writing a log record, the log ends with a
// torn record. LevelDB ignores a torn record at the end of a log, but reuse then appends the new
// records right behind it: on the next start the torn record's header claims bytes that now
// belong to other records, the checksum fails ("Corruption: checksum mismatch"), and Chromium
// deletes the origin's whole database and starts an empty one. (LevelDB issue #1287.)
//
// Before the app's window exists, no Chromium process has the folder open, and a torn tail can
// be cut off: it is exactly what LevelDB would skip anyway, a record whose write never finished
// and so was never reported saved. Anything else that looks wrong is left as it is.

const BLOCK_SIZE = 32 * 1024;
const HEADER_SIZE = 7; // checksum (4), length (2), type (1)
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

export type LogTail =
  /** Every record is complete: nothing to do. */
  | { kind: 'whole' }
  /** The last record's write never finished; `keep` bytes end with the last complete one. */
  | { kind: 'torn'; keep: number }
  /** A bad record before the end: not a crash's torn tail, so not ours to change. */
  | { kind: 'damaged'; at: number };

/** Reads a LevelDB log (a write-ahead log or a MANIFEST) and says how its end looks. */
export function inspectLogTail(data: Uint8Array): LogTail {
  let position = 0;
  /** End of the last complete logical record (a FULL one, or a FIRST…LAST run). */
  let complete = 0;
  let inFragments = false;
  // A torn record must be the last thing written. If complete records follow it, something was
  // appended behind it (the reuse described above): that is damage, and cutting would lose them.
  const torn = (at: number): LogTail =>
    holdsRecord(data, at + 1) ? { kind: 'damaged', at } : { kind: 'torn', keep: complete };
  while (position < data.length) {
    const leftInBlock = BLOCK_SIZE - (position % BLOCK_SIZE);
    if (leftInBlock < HEADER_SIZE) {
      // The block's trailer: zero bytes the writer pads with.
      if (position + leftInBlock > data.length) return torn(position);
      position += leftInBlock;
      continue;
    }
    if (position + HEADER_SIZE > data.length) return torn(position);
    const view = new DataView(data.buffer, data.byteOffset + position, HEADER_SIZE);
    const checksum = view.getUint32(0, true);
    const length = view.getUint16(4, true);
    const type = view.getUint8(6);
    const end = position + HEADER_SIZE + length;
    if (type === 0 && length === 0) {
      // Zeros where a record should start: a tail the file system never filled in is torn;
      // zeros followed by data again are not something a crash leaves behind.
      return data.subarray(position).every((byte) => byte === 0)
        ? torn(position)
        : { kind: 'damaged', at: position };
    }
    if (HEADER_SIZE + length > leftInBlock) {
      return end >= data.length ? torn(position) : { kind: 'damaged', at: position };
    }
    if (end > data.length) return torn(position);
    if (unmaskChecksum(checksum) !== crc32c(data.subarray(position + 6, end))) {
      return end === data.length ? torn(position) : { kind: 'damaged', at: position };
    }
    if (type === FULL && !inFragments) complete = end;
    else if (type === FIRST && !inFragments) inFragments = true;
    else if (type === MIDDLE && inFragments) {
      // the run goes on
    } else if (type === LAST && inFragments) {
      inFragments = false;
      complete = end;
    } else return { kind: 'damaged', at: position };
    position = end;
  }
  return inFragments ? { kind: 'torn', keep: complete } : { kind: 'whole' };
}

/** Whether a complete record with a valid checksum starts anywhere from `from` on. */
function holdsRecord(data: Uint8Array, from: number): boolean {
  for (let position = from; position + HEADER_SIZE < data.length; position++) {
    const type = data[position + 6] ?? 0;
    if (type < FULL || type > LAST) continue;
    const view = new DataView(data.buffer, data.byteOffset + position, HEADER_SIZE);
    const end = position + HEADER_SIZE + view.getUint16(4, true);
    if (end > data.length || end - position > BLOCK_SIZE - (position % BLOCK_SIZE)) continue;
    if (unmaskChecksum(view.getUint32(0, true)) === crc32c(data.subarray(position + 6, end)))
      return true;
  }
  return false;
}

export interface LogRepair {
  file: string;
  /** Size before and after the torn tail was cut off. */
  from: number;
  to: number;
}

export interface RepairReport {
  repaired: LogRepair[];
  /** Logs damaged before their end, left untouched: Chromium will likely discard them. */
  damaged: string[];
}

/**
 * Cuts torn tails off the logs that LevelDB would reuse in every IndexedDB folder under
 * `indexedDbDir` (the profile's `IndexedDB` folder). Call it only while no Chromium process has
 * the profile open: before the app's first window, after the single-instance lock is held.
 */
export function repairIndexedDbLogs(indexedDbDir: string): RepairReport {
  const report: RepairReport = { repaired: [], damaged: [] };
  for (const folder of listDir(indexedDbDir)) {
    if (!folder.endsWith('.leveldb')) continue;
    const dir = path.join(indexedDbDir, folder);
    for (const file of reusableLogs(dir)) {
      const data = readFileSync(file);
      const tail = inspectLogTail(data);
      if (tail.kind === 'torn') {
        truncateSync(file, tail.keep);
        report.repaired.push({ file, from: data.length, to: tail.keep });
      } else if (tail.kind === 'damaged') report.damaged.push(file);
    }
  }
  return report;
}

/** The newest write-ahead log and the current MANIFEST: the two files LevelDB may reuse. */
function reusableLogs(dir: string): string[] {
  const entries = listDir(dir);
  const logs = entries
    .filter((name) => /^\d+\.log$/.test(name))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const files = logs.length > 0 ? [path.join(dir, logs[logs.length - 1] ?? '')] : [];
  let current = '';
  try {
    current = readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim();
  } catch {
    // no database here yet
  }
  if (/^MANIFEST-\d+$/.test(current) && entries.includes(current))
    files.push(path.join(dir, current));
  return files;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** LevelDB stores each record's CRC-32C masked, so that checksums of checksums stay useful. */
function unmaskChecksum(masked: number): number {
  const rotated = (masked - 0xa282ead8) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}

export function maskChecksum(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum of LevelDB's log records. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
