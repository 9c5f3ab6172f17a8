import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, chromium, expect } from '@playwright/test';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { CHROMIUM_ARGS, requireBrowser } from '../../scripts/find-browser.mjs';
import type { BrowserModeProcess } from '../helpers/browser-mode-process';
import { startBrowserModeProcess } from '../helpers/browser-mode-process';

/** The app as a user sees it: open it, and wait on its own signals rather than on timers. */
export class AppPage {
  constructor(
    readonly page: Page,
    readonly host: BrowserModeProcess,
  ) {}

  async open(hash = '#/about'): Promise<void> {
    await this.page.goto(`${this.host.url}${hash}`);
    await this.waitForMark('healthdesk:mounted');
  }

  async waitForMark(name: string): Promise<void> {
    await this.page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, name);
  }
}

/** A Chromium with a fresh on-disk profile, traced so a failure keeps what happened. */
export async function launchProfile(): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBrowser(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  await context.tracing.start({ screenshots: true, snapshots: true });
  return context;
}

/** Closes a profile, keeping its trace and a screenshot when the test failed. */
export async function closeProfile(
  context: BrowserContext,
  testInfo: TestInfo,
  name = '',
): Promise<void> {
  const failed = testInfo.status !== testInfo.expectedStatus;
  if (failed) {
    await context.tracing.stop({ path: testInfo.outputPath(`${name}trace.zip`) });
    const page = context.pages()[0];
    if (page)
      await page
        .screenshot({ path: testInfo.outputPath(`${name}failure.png`), fullPage: true })
        .catch(() => undefined);
  } else {
    await context.tracing.stop();
  }
  await context.close();
}

interface WorkerFixtures {
  host: BrowserModeProcess;
}
interface TestFixtures {
  app: AppPage;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  host: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startBrowserModeProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],

  // A fresh on-disk profile for every test: IndexedDB behaves as it does for a user.
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use, testInfo) => {
    const context = await launchProfile();
    await use(context);
    await closeProfile(context, testInfo);
  },

  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },

  app: async ({ page, host }, use) => {
    await use(new AppPage(page, host));
  },
});

export { expect };
