import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireBrowser } from '../../scripts/find-browser.mjs';

export interface ChromiumProcess {
  readonly pid: number;
  readonly browser: Browser;
  /** The profile's first tab. */
  readonly page: Page;
  /**
   * SIGKILL to the browser and its helpers at the same instant, as a crash: nothing gets a chance
   * to flush or shut down. The helpers matter: IndexedDB runs in Chromium's storage service
   * process, not in the browser process. Resolves once none of them is left running, so the
   * profile is free to reopen.
   */
  kill(): Promise<void>;
  close(): Promise<void>;
  /** What Chromium printed, for failure messages. */
  output(): string;
}

/**
 * Starts Chromium as our own child process on a persistent profile and connects Playwright to
 * it over the DevTools protocol, so a test holds the browser's process id and can kill it.
 */
export async function launchChromiumProcess(profileDir: string): Promise<ChromiumProcess> {
  const child = spawn(
    requireBrowser(),
    [
      ...CHROMIUM_ARGS,
      '--headless',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // Its own process group: the browser's helpers are in it, and only they.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('Chromium did not start');
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', () => {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`Chromium exited with code ${code} before it was ready:\n${output}`)),
    );
  });
  const killGroup = async () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    await groupGone(pid);
  };
  try {
    const browser = await chromium.connectOverCDP(endpoint);
    const context = browser.contexts()[0];
    const page = context?.pages()[0] ?? (await context?.newPage());
    if (!page) throw new Error('Chromium has no default profile context');
    return {
      pid,
      browser,
      page,
      output: () => output,
      kill: killGroup,
      async close() {
        // browser.close() only disconnects from a browser Playwright did not launch.
        const session = await browser.newBrowserCDPSession();
        await session.send('Browser.close').catch(() => undefined);
        await killGroup(); // helpers that outlive a clean close, such as crash handlers
      },
    };
  } catch (error) {
    await killGroup();
    throw error;
  }
}

/**
 * Waits until no process of the group is running (zombies hold no files or locks). Helpers are
 * not our children once the browser is gone, so there is no exit event to wait on: poll /proc.
 */
async function groupGone(group: number): Promise<void> {
  while (runningInGroup(group)) await delay(20);
}

function runningInGroup(group: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited while we looked
    }
    // Fields after the command name: state, ppid, pgrp, ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
