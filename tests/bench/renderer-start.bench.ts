// Renderer cold start in Chromium with an on-disk profile: from navigation to the app mounted,
// and to the first real data (About this PC) on screen. And the initial JavaScript (gzip).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireBrowser } from '../../scripts/find-browser.mjs';
import { startBrowserModeProcess } from '../helpers/browser-mode-process';
import { median, quantile, report } from './report';

const RUNS = 10;
const root = path.resolve(import.meta.dirname, '../..');

function initialJavaScriptBytes(): number {
  const html = readFileSync(path.join(root, 'out/renderer/index.html'), 'utf8');
  const files = [
    ...html.matchAll(
      /<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g,
    ),
  ].map((match) => match[1] ?? '');
  return files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(root, 'out/renderer', file))).length,
    0,
  );
}

async function main(): Promise<void> {
  const host = await startBrowserModeProcess();
  const mounted: number[] = [];
  const firstData: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-profile-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: requireBrowser(),
        args: CHROMIUM_ARGS,
        headless: true,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${host.url}#/about`);
      await page.waitForFunction(
        () => performance.getEntriesByName('healthdesk:first-data').length > 0,
      );
      const marks = await page.evaluate(() => ({
        mounted: performance.getEntriesByName('healthdesk:mounted')[0]?.startTime ?? Number.NaN,
        firstData:
          performance.getEntriesByName('healthdesk:first-data')[0]?.startTime ?? Number.NaN,
      }));
      mounted.push(marks.mounted);
      firstData.push(marks.firstData);
      await context.close();
    }
  } finally {
    await host.stop();
  }
  report({ name: 'renderer.coldStart.mounted.median', value: median(mounted), unit: 'ms' });
  report({ name: 'renderer.coldStart.firstData.median', value: median(firstData), unit: 'ms' });
  report({
    name: 'renderer.coldStart.firstData.p95',
    value: quantile(firstData, 0.95),
    unit: 'ms',
  });
  report({ name: 'renderer.initialJs.gzip', value: initialJavaScriptBytes() / 1024, unit: 'KiB' });
}

await main();
