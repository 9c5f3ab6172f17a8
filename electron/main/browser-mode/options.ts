import path from 'node:path';
import { defaultDataDir } from '../services/paths';

/** The fixed default port: IndexedDB data belongs to an origin, and the port is part of it. */
export const DEFAULT_BROWSER_PORT = 5749;

export interface BrowserModeOptions {
  port: number;
  dataDir: string;
}

/** Reads `--port`/`--data-dir` (or HEALTHDESK_PORT/HEALTHDESK_DATA_DIR) with clear errors. */
export function parseBrowserModeOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): BrowserModeOptions {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const match = /^--(port|data-dir)(?:=(.*))?$/.exec(arg);
    if (!match)
      throw new Error(`Unknown option ${arg}. Use --port <number> and --data-dir <folder>.`);
    const value = match[2] ?? argv[++index];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    flags.set(match[1] ?? '', value);
  }
  const portText = flags.get('port') ?? env.HEALTHDESK_PORT ?? String(DEFAULT_BROWSER_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`The port must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const dataDir = path.resolve(
    flags.get('data-dir') ?? env.HEALTHDESK_DATA_DIR ?? path.join(defaultDataDir(), 'browser-mode'),
  );
  return { port, dataDir };
}
