import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BrowserModeProcess {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the built browser-mode host (`out/main/browser.js`) as its own process, exactly as
 * `npm start` would, and resolves once it printed its address.
 */
export async function startBrowserModeProcess(
  options: { port?: number; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<BrowserModeProcess> {
  const entry = path.join(root, 'out/main/browser.js');
  if (!existsSync(entry))
    throw new Error('out/main/browser.js is missing: run "npm run build" first (npm test does).');
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'healthdesk-e2e-data-'));
  const child = spawn(
    process.execPath,
    [entry, '--port', String(options.port ?? 0), '--data-dir', dataDir],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Browser mode did not start in time:\n${output}`)),
      20_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+) in/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Browser mode exited with code ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
