import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'server.lock';

const lockSchema = z.object({ pid: z.number().int(), hostname: z.string(), startedAt: z.number() });

export interface DataDirLock {
  file: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** A lock not refreshed for this long belongs to a process that is gone (another host, PID reuse). */
  staleMs?: number;
  now?: () => number;
  pid?: number;
  hostname?: string;
  isAlive?: (pid: number) => boolean;
}

export class DataDirLockedError extends Error {
  readonly holder: z.infer<typeof lockSchema> | null;
  constructor(dir: string, holder: z.infer<typeof lockSchema> | null) {
    super(
      holder
        ? `The data directory ${dir} is in use by another HealthDesk server (process ${holder.pid} on ${holder.hostname}). PGlite allows one process per data directory: stop that server, or use PostgreSQL (DATABASE_URL) to run several.`
        : `The data directory ${dir} is locked by another HealthDesk server.`,
    );
    this.name = 'DataDirLockedError';
    this.holder = holder;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per PGlite data directory: two processes on one directory silently lose
 * committed rows. The lock is a file created exclusively and refreshed while held. A lock left by
 * a killed process is taken over when that process is gone (same host) or when it has not been
 * refreshed for `staleMs` (another host or container sharing the volume).
 */
export async function lockDataDir(dir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const staleMs = options.staleMs ?? 30_000;
  const now = options.now ?? Date.now;
  const pid = options.pid ?? process.pid;
  const hostname = options.hostname ?? os.hostname();
  const isAlive = options.isAlive ?? processIsAlive;
  const content = JSON.stringify({ pid, hostname, startedAt: now() });

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, content, { flag: 'wx', mode: 0o600 });
      return holdLock(file, staleMs, now);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    const refreshedAt = await stat(file).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    const age = now() - refreshedAt;
    // On this host the holder's PID says whether it still runs; a PID equal to ours is a previous
    // life of this process (containers restart as the same PID). A very old lock is a reused PID.
    const stale =
      holder !== null && holder.hostname === hostname
        ? holder.pid === pid || !isAlive(holder.pid) || age > 10 * staleMs
        : age > staleMs;
    if (!stale) throw new DataDirLockedError(dir, holder);
    await rm(file, { force: true });
  }
  throw new DataDirLockedError(dir, await readHolder(file));
}

async function readHolder(file: string): Promise<z.infer<typeof lockSchema> | null> {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function holdLock(file: string, staleMs: number, now: () => number): DataDirLock {
  const timer = setInterval(
    () => {
      const at = new Date(now());
      utimes(file, at, at).catch(() => undefined);
    },
    Math.max(1000, Math.floor(staleMs / 3)),
  );
  timer.unref();
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await rm(file, { force: true });
    },
  };
}
