import type { UtilityProcess } from 'electron';
import path from 'node:path';
import type { SamplerLauncher } from '../host-monitor/launch-sampler';
import { SAMPLER_ENTRY_FILE } from '../host-monitor/launch-sampler';
import { samplerSettingsArgument } from '../host-monitor/sampler-messages';

/** The part of Electron's `utilityProcess` module the sampler needs (a fake in unit tests). */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args: string[],
    options: { serviceName: string; stdio: 'inherit' },
  ): Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill' | 'on' | 'once'>;
}

/**
 * How the Electron app starts the host sampler: the bundled `sampler-process.js` in `builtDir`
 * as a utility process, Chromium's own kind of child process with Node (it needs no runAsNode
 * fuse, and Chromium ends it with the app). Only `exit` is listened to for failures: Electron
 * always emits it after its `error` event.
 */
export function utilitySampler(
  utilityProcess: UtilityProcessApi,
  builtDir: string,
): SamplerLauncher {
  const entry = path.join(builtDir, SAMPLER_ENTRY_FILE);
  return (settings) => {
    const child = utilityProcess.fork(entry, [samplerSettingsArgument(settings)], {
      serviceName: 'HealthDesk host sampler',
      stdio: 'inherit',
    });
    let exited = false;
    const ended = new Promise<void>((resolve) =>
      child.once('exit', () => {
        exited = true;
        resolve();
      }),
    );
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => {
        if (!exited) child.postMessage(message);
      },
      on(event: 'message' | 'error' | 'exit', listener: (value: never) => void) {
        if (event === 'message') child.on('message', listener as (message: unknown) => void);
        if (event === 'exit') child.on('exit', listener as (code: number) => void);
        return undefined;
      },
      terminate() {
        if (!exited) child.kill();
        return ended;
      },
      unref: () => undefined,
    };
  };
}
