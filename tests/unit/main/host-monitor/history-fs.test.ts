import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHistoryFs } from '../../../../electron/main/host-monitor/history/history-fs';

describe('history file system', () => {
  it('appends durably, and treats a missing folder or file as empty', async () => {
    const fs = nodeHistoryFs();
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'hd-fs-')), 'minute');
    expect(await fs.list(dir)).toEqual([]);
    expect(await fs.size(path.join(dir, 'x.jsonl'))).toBe(0);
    await fs.mkdir(dir);
    const file = path.join(dir, 'x.jsonl');
    await fs.appendDurably(file, 'one\n');
    await fs.appendDurably(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
    expect(await fs.size(file)).toBe(8);
    expect(await fs.list(dir)).toEqual(['x.jsonl']);
    await fs.remove(file);
    expect(await fs.list(dir)).toEqual([]);
  });
});
