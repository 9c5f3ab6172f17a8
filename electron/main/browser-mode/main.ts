import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost } from '../api/create-host';
import { forkSampler } from '../host-monitor/launch-sampler';
import { createLogger } from '../services/logger';
import { tokenFile } from '../services/sync/create-sync-service';
import { createFileSecretStore } from '../services/sync/file-secret-store';
import { startBrowserHost } from './browser-host';
import { parseBrowserModeOptions } from './options';

/**
 * Browser mode: the main-process services in plain Node, serving the built renderer to any
 * Chromium on this machine. Used where no Electron runtime is available, and by the e2e tests.
 */
async function main(): Promise<void> {
  const logger = createLogger({
    level: process.env.HEALTHDESK_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const options = parseBrowserModeOptions(process.argv.slice(2), process.env);
  const pkg = JSON.parse(await readFile(path.join(here, '../../package.json'), 'utf8')) as {
    productName?: string;
    version?: string;
  };
  await mkdir(options.dataDir, { recursive: true });
  const host = createHost({
    runtime: 'browser',
    name: pkg.productName ?? 'HealthDesk',
    version: pkg.version ?? '0.0.0',
    dataDir: options.dataDir,
    logger,
    openExternal: () => Promise.resolve(false),
    // No safeStorage outside Electron: a private file, reported as not secure.
    secretStore: createFileSecretStore(tokenFile(options.dataDir)),
    launchSampler: forkSampler(here),
  });
  const browser = await startBrowserHost({
    host,
    rendererDir: path.join(here, '../renderer'),
    port: options.port,
    logger: logger.child('browser-mode'),
  });
  process.stdout.write(
    `HealthDesk is running in browser mode. Open ${browser.url} in Chromium or Chrome.\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void browser
      .close()
      .then(() => host.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message)
    ? ' Another HealthDesk may already be running; use --port to pick another port.'
    : '';
  process.stderr.write(`HealthDesk could not start in browser mode: ${message}.${hint}\n`);
  process.exit(1);
});
