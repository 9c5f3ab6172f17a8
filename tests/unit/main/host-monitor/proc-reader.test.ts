import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcReader } from '../../../../electron/main/host-monitor/sampler-process/proc-reader';

describe('proc reader', () => {
  it('reads a file afresh each time through one open handle', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hd-proc-')), 'counter');
    writeFileSync(file, 'one');
    const reader = createProcReader();
    expect(reader.read(file)).toBe('one');
    writeFileSync(file, 'two, longer');
    expect(reader.read(file)).toBe('two, longer');
    reader.close();
  });

  it('grows its buffer for a file larger than it', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hd-proc-')), 'big');
    const text = 'cpu0 1 2 3 4\n'.repeat(500);
    writeFileSync(file, text);
    const reader = createProcReader(64);
    expect(reader.read(file)).toBe(text);
    expect(reader.read(file)).toBe(text);
    reader.close();
  });

  it.runIf(process.platform === 'linux')('sees a kernel file change between readings', async () => {
    const reader = createProcReader();
    const before = reader.read('/proc/uptime');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reader.read('/proc/uptime')).not.toBe(before);
    reader.close();
  });

  it('throws for a missing file, and opens it once it exists', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hd-proc-'));
    const file = path.join(dir, 'late');
    const reader = createProcReader();
    expect(() => reader.read(file)).toThrow(/ENOENT/);
    writeFileSync(file, 'here');
    expect(reader.read(file)).toBe('here');
    rmSync(dir, { recursive: true });
    reader.close();
  });
});
