import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  crc32c,
  inspectLogTail,
  maskChecksum,
  repairIndexedDbLogs,
} from '../../../electron/main/services/leveldb-log-repair';

const BLOCK = 32 * 1024;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/** One physical record as LevelDB's log writer lays it out. */
function record(type: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt16LE(payload.length, 4);
  header.writeUInt8(type, 6);
  header.writeUInt32LE(maskChecksum(crc32c(Buffer.concat([header.subarray(6), payload]))), 0);
  return Buffer.concat([header, payload]);
}

/** A log of whole records, each split into fragments across 32 KiB blocks as the writer does. */
function log(payloads: Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const payload of payloads) {
    let rest = payload;
    let first = true;
    do {
      const left = BLOCK - (offset % BLOCK);
      if (left < 7) {
        parts.push(Buffer.alloc(left));
        offset += left;
        continue;
      }
      const size = Math.min(rest.length, left - 7);
      const last = size === rest.length;
      const type = first && last ? FULL : first ? FIRST : last ? LAST : MIDDLE;
      const piece = record(type, rest.subarray(0, size));
      parts.push(piece);
      offset += piece.length;
      rest = rest.subarray(size);
      first = false;
    } while (rest.length > 0);
  }
  return Buffer.concat(parts);
}

const payload = (size: number, fill: number) => Buffer.alloc(size, fill);

describe('LevelDB log tails', () => {
  it('CRC-32C matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('leaves a log of complete records alone', () => {
    expect(inspectLogTail(log([payload(40, 1), payload(70_000, 2), payload(12, 3)]))).toEqual({
      kind: 'whole',
    });
    expect(inspectLogTail(Buffer.alloc(0))).toEqual({ kind: 'whole' });
  });

  it('finds a header whose payload was never written (the crash that emptied a database)', () => {
    const whole = log([payload(40, 1), payload(50, 2)]);
    const orphan = record(FULL, payload(714, 3)).subarray(0, 7);
    expect(inspectLogTail(Buffer.concat([whole, orphan]))).toEqual({
      kind: 'torn',
      keep: whole.length,
    });
  });

  it('finds a torn header and a half-written payload', () => {
    const whole = log([payload(40, 1)]);
    const next = record(FULL, payload(300, 2));
    expect(inspectLogTail(Buffer.concat([whole, next.subarray(0, 3)]))).toEqual({
      kind: 'torn',
      keep: whole.length,
    });
    expect(inspectLogTail(Buffer.concat([whole, next.subarray(0, 100)]))).toEqual({
      kind: 'torn',
      keep: whole.length,
    });
  });

  it('drops the fragments of a large write whose last fragment was never written', () => {
    const whole = log([payload(40, 1)]);
    const large = log([payload(40, 1), payload(80_000, 2)]).subarray(whole.length);
    // Cut after the first fragment, and after the middle one.
    for (const cut of [BLOCK - whole.length, 2 * BLOCK - whole.length])
      expect(inspectLogTail(Buffer.concat([whole, large.subarray(0, cut)]))).toEqual({
        kind: 'torn',
        keep: whole.length,
      });
  });

  it('treats a zero-filled tail and a last record with a wrong checksum as torn', () => {
    const whole = log([payload(40, 1)]);
    expect(inspectLogTail(Buffer.concat([whole, Buffer.alloc(500)]))).toEqual({
      kind: 'torn',
      keep: whole.length,
    });
    const garbled = record(FULL, payload(30, 2));
    garbled[20] = 0xff;
    expect(inspectLogTail(Buffer.concat([whole, garbled]))).toEqual({
      kind: 'torn',
      keep: whole.length,
    });
  });

  it('reports damage before the end and changes nothing there', () => {
    const first = log([payload(40, 1)]);
    const torn = record(FULL, payload(714, 2)).subarray(0, 7);
    // What reuse made of a torn tail: new records behind the orphan header.
    const appended = Buffer.concat([first, torn, record(FULL, payload(12, 3))]);
    expect(inspectLogTail(appended)).toEqual({ kind: 'damaged', at: first.length });
    const garbled = Buffer.concat([first, record(FULL, payload(30, 2)), first]);
    garbled[first.length + 20] = 0xff;
    expect(inspectLogTail(garbled)).toEqual({ kind: 'damaged', at: first.length });
  });
});

describe('repairing the IndexedDB logs of a profile', () => {
  function database(files: Record<string, Buffer | string>): { root: string; dir: string } {
    const root = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-idb-'));
    const dir = path.join(root, 'app_healthdesk_0.indexeddb.leveldb');
    mkdirSync(dir);
    for (const [name, content] of Object.entries(files))
      writeFileSync(path.join(dir, name), content);
    return { root, dir };
  }

  it('cuts the torn tail off the newest log and the current MANIFEST only', () => {
    const whole = log([payload(40, 1), payload(50, 2)]);
    const tornTail = Buffer.concat([whole, record(FULL, payload(714, 3)).subarray(0, 7)]);
    const { root, dir } = database({
      CURRENT: 'MANIFEST-000004\n',
      'MANIFEST-000004': tornTail,
      'MANIFEST-000002': tornTail,
      '000003.log': tornTail,
      '000012.log': tornTail,
      '000009.log': tornTail,
    });
    const report = repairIndexedDbLogs(root);
    expect(report.damaged).toEqual([]);
    expect(report.repaired.map((repair) => path.basename(repair.file)).sort()).toEqual([
      '000012.log',
      'MANIFEST-000004',
    ]);
    expect(readFileSync(path.join(dir, '000012.log'))).toEqual(whole);
    expect(readFileSync(path.join(dir, 'MANIFEST-000004'))).toEqual(whole);
    for (const untouched of ['000009.log', '000003.log', 'MANIFEST-000002'])
      expect(statSync(path.join(dir, untouched)).size).toBe(tornTail.length);
  });

  it('reports a damaged log without changing it, and copes with no database at all', () => {
    const first = log([payload(40, 1)]);
    const damaged = Buffer.concat([
      first,
      record(FULL, payload(714, 2)).subarray(0, 7),
      record(FULL, payload(12, 3)),
    ]);
    const { root, dir } = database({ '000005.log': damaged });
    const report = repairIndexedDbLogs(root);
    expect(report).toEqual({ repaired: [], damaged: [path.join(dir, '000005.log')] });
    expect(readFileSync(path.join(dir, '000005.log'))).toEqual(damaged);
    expect(repairIndexedDbLogs(path.join(root, 'missing'))).toEqual({ repaired: [], damaged: [] });
  });
});
