// Finds a Chromium-family browser for the e2e tests and benchmarks, in this order:
// CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own download, an installed Chrome.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Flags that keep Chromium quiet on machines with a closed network and no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SYSTEM_BROWSERS = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env.LOCALAPPDATA ?? ''}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
};

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * @returns {{ path: string, source: string } | null}
 */
export function findBrowser(env = process.env, platform = process.platform) {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
      : null;
  }
  const [debian, ...others] = SYSTEM_BROWSERS[platform] ?? [];
  if (debian && existsSync(debian)) return { path: debian, source: 'system' };
  const bundled = playwrightChromium();
  if (bundled) return { path: bundled, source: 'playwright' };
  for (const candidate of others)
    if (existsSync(candidate)) return { path: candidate, source: 'system' };
  return null;
}

export const NO_BROWSER_MESSAGE =
  'No Chromium or Chrome was found for the browser tests. Install one (on Debian: apt-get install -y chromium) ' +
  'or set CHROMIUM_PATH to its executable.';

/** The browser's path, or an error that says how to get one. */
export function requireBrowser(env = process.env) {
  if (env.CHROMIUM_PATH && !existsSync(env.CHROMIUM_PATH)) {
    throw new Error(`CHROMIUM_PATH points to ${env.CHROMIUM_PATH}, which does not exist.`);
  }
  const found = findBrowser(env);
  if (!found) throw new Error(NO_BROWSER_MESSAGE);
  return found.path;
}
