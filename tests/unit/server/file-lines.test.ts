import { once } from 'node:events';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLines } from '../../../server/admin/file-lines';

describe('reading a backup file line by line', () => {
  it('loses no line when the reader starts late', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'healthdesk-lines-')), 'b.jsonl');
    const lines = Array.from({ length: 50 }, (_, i) => `{"line":${i}}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const reader = fileLines(file);
    // Let the file system finish a whole read of the file before iterating, as a restore that
    // first opens a transaction on PostgreSQL does.
    const other = createReadStream(file);
    other.resume();
    await once(other, 'close');
    const seen: string[] = [];
    for await (const line of reader) seen.push(line);
    expect(seen).toEqual(lines);
  });
});
