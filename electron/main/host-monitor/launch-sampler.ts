import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SamplerControl, SamplerSettings } from './sampler-messages';
import { samplerSettingsArgument } from './sampler-messages';

/**
 * The host sampler's process as the app's client sees it, whichever way it was started: a Node
 * child process (browser mode, tests) or an Electron utility process (the app); tests pass a
 * fake.
 */
export interface SamplerProcess {
  /** The OS's id of the sampler's process, once it runs. */
  readonly pid?: number | undefined;
  postMessage(message: SamplerControl): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  /** Ends the process; resolves once it has ended. */
  terminate(): Promise<unknown>;
  /** The app decides when it quits, never its background sampler. */
  unref(): void;
}

export type SamplerLauncher = (settings: SamplerSettings) => SamplerProcess;

/** The built entry's file name, beside the main bundles (see electron.vite.config.ts). */
export const SAMPLER_ENTRY_FILE = 'sampler-process.js';

/** A Node child process as a SamplerProcess. */
export function childSamplerProcess(child: ChildProcess): SamplerProcess {
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      if (child.connected) child.send(message);
    },
    on(event: 'message' | 'error' | 'exit', listener: (value: never) => void) {
      return child.on(event, listener as (...args: unknown[]) => void);
    },
    terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      return ended;
    },
    unref() {
      child.unref();
      child.channel?.unref();
    },
  };
}

/**
 * How browser mode (plain Node) starts the sampler: a child process running the bundled
 * `sampler-process.js` in `builtDir` or, from source (the development server, tests), the
 * TypeScript entry through tsx. The Electron app uses utilitySampler instead.
 */
export function forkSampler(builtDir: string): SamplerLauncher {
  const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
  const built = path.resolve(builtDir, SAMPLER_ENTRY_FILE);
  if (existsSync(built))
    return (settings) =>
      childSamplerProcess(fork(built, [samplerSettingsArgument(settings)], { stdio: [...stdio] }));

  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, 'sampler-process', 'main.ts');
  if (!existsSync(source)) throw new Error(`The host sampler is missing: ${built} was not built`);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  // The tsconfig that maps @shared, for tsx in the child.
  const env = {
    ...process.env,
    TSX_TSCONFIG_PATH: path.resolve(here, '../../../tsconfig.node.json'),
  };
  return (settings) =>
    childSamplerProcess(
      fork(source, [samplerSettingsArgument(settings)], {
        stdio: [...stdio],
        execArgv: ['--import', tsx],
        env,
      }),
    );
}
