import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../../server/db/data-dir-lock';

function dir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'healthdesk-lock-'));
}

function leaveLock(folder: string, holder: { pid: number; hostname: string }, ageMs = 0): void {
  const file = path.join(folder, LOCK_FILE);
  writeFileSync(file, JSON.stringify({ ...holder, startedAt: 0 }));
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
}

describe('data directory lock', () => {
  it('lets one process in and tells the second who holds the directory', async () => {
    const folder = dir();
    const lock = await lockDataDir(folder);
    const second = lockDataDir(folder, { pid: process.pid + 1 });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`process ${process.pid} on ${os.hostname()}`);
    await lock.release();
    expect(existsSync(path.join(folder, LOCK_FILE))).toBe(false);
    await (await lockDataDir(folder)).release();
  });

  it('takes over the lock of a killed process on this host, or of a previous life of this PID', async () => {
    const folder = dir();
    leaveLock(folder, { pid: 999_999, hostname: os.hostname() });
    const lock = await lockDataDir(folder, { isAlive: () => false });
    await lock.release();
    leaveLock(folder, { pid: 1, hostname: 'container' });
    await (
      await lockDataDir(folder, { pid: 1, hostname: 'container', isAlive: () => true })
    ).release();
  });

  it('refuses a fresh lock from another host, and takes one not refreshed for the stale time', async () => {
    const folder = dir();
    leaveLock(folder, { pid: 42, hostname: 'other-host' });
    await expect(lockDataDir(folder, { staleMs: 30_000 })).rejects.toBeInstanceOf(
      DataDirLockedError,
    );
    leaveLock(folder, { pid: 42, hostname: 'other-host' }, 60_000);
    await (await lockDataDir(folder, { staleMs: 30_000 })).release();
  });

  it('does not take the lock of a live process on this host', async () => {
    const folder = dir();
    leaveLock(folder, { pid: 4242, hostname: os.hostname() }, 60_000);
    await expect(
      lockDataDir(folder, { isAlive: () => true, staleMs: 30_000 }),
    ).rejects.toBeInstanceOf(DataDirLockedError);
  });
});
