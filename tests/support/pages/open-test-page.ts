import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireBrowser } from '../../../scripts/find-browser.mjs';
import type { TestPage } from './build-test-pages';
import { buildTestPages } from './build-test-pages';
import type { StaticServer } from './serve-directory';
import { serveDirectory } from './serve-directory';

/** The test pages, built and served for as long as a benchmark or test runs. */
export async function serveTestPages(pages: readonly TestPage[]): Promise<StaticServer> {
  const dir = await buildTestPages(pages);
  const server = await serveDirectory(dir);
  return {
    origin: server.origin,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PageSession {
  /** Opens a test page in a fresh browser on the session's profile; earlier ones stay open. */
  open(page: TestPage): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * The page's address under another name of this machine: `localhost` is another origin than
   * 127.0.0.1, so a page there keeps its IndexedDB in a store of its own.
   */
  urlOn(page: TestPage, host: 'localhost' | '127.0.0.1'): string;
  /** Closes every browser it opened, the server, and deletes the profile. */
  close(): Promise<void>;
}

/** Test pages served on one origin with one on-disk profile, for a benchmark's whole run. */
export async function startPageSession(pages: readonly TestPage[]): Promise<PageSession> {
  const server = await serveTestPages(pages);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-profile-'));
  const contexts: BrowserContext[] = [];
  return {
    async open(page) {
      const opened = await openTestPage(profile, `${server.origin}/${page}.html`);
      contexts.push(opened.context);
      return opened;
    },
    urlOn(page, host) {
      const url = new URL(`${server.origin}/${page}.html`);
      url.hostname = host;
      return url.href;
    },
    async close() {
      for (const context of contexts) await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A test page in Chromium with an on-disk profile: IndexedDB then behaves as it does for a user
 * (an incognito context keeps it in memory and is about twice as fast).
 */
export async function openTestPage(
  profileDir: string,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: requireBrowser(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  return { context, page };
}
