import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  url: string;
  pid: number;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  output(): string;
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** A free TCP port on loopback, so a restarted server can come back at the same address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port');
  return address.port;
}

/**
 * Runs the server as `npm run server` does (TypeScript through tsx, or a built bundle), as a
 * process of its own that a test can kill, and resolves once it logged that it is ready.
 */
export async function startServerProcess(options: {
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** A built entry (the Docker bundle) instead of server/main.ts through tsx. */
  entry?: string;
}): Promise<ServerProcess> {
  const command = options.entry
    ? [options.entry, ...options.args]
    : ['--import', 'tsx', path.join(root, 'server/main.ts'), ...options.args];
  const child: ChildProcess = spawn(process.execPath, command, {
    cwd: root,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.node.json'),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    match: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        logs.push(line);
        for (const waiter of [...waiters]) {
          if (waiter.match(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  function waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000) {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The server did not log what was awaited:\n${output}`)),
        timeoutMs,
      );
      waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`The server exited with code ${code}:\n${output}`));
      });
    });
  }

  const ready = await waitForLog((line) => line.msg === 'HealthDesk sync server ready', 60_000);
  return {
    url: String(ready.url),
    pid: child.pid ?? 0,
    logs,
    output: () => output,
    waitForLog,
    async kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
