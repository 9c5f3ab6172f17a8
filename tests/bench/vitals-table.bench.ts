// The readings table with a year of 5-minute glucose readings (105k rows) for one patient, in
// the real app in Chromium: how long until the first rows show and until all are loaded, and how
// smoothly it scrolls through them (frame intervals while scrolling from top to bottom), beside
// a plain table drawing every row of the same readings, which virtual scrolling avoids.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireBrowser } from '../../scripts/find-browser.mjs';
import { startBrowserModeProcess } from '../helpers/browser-mode-process';
import { quantile, report } from './report';

const ROWS = 105_120;
const FIVE_MINUTES = 300_000;

function glucoseCsv(end: number): string {
  const lines = ['time,glucose,glucose_context'];
  for (let index = ROWS - 1; index >= 0; index--) {
    const time = new Date(end - index * FIVE_MINUTES);
    const pad = (value: number) => String(value).padStart(2, '0');
    const stamp = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
    lines.push(`${stamp},${Math.round(110 + 45 * Math.sin(index / 40) + (index % 7))},random`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const host = await startBrowserModeProcess();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-table-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBrowser(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${host.url}#/`);
    await page.getByTestId('welcome-clinic').click();
    await page.getByTestId('welcome-name').fill('Bench');
    await page.getByTestId('welcome-start').click();
    await page.getByTestId('home-search').waitFor();
    await page.goto(`${host.origin}/#/patients/new`);
    await page.getByTestId('patient-givenName').fill('Glucose');
    await page.getByTestId('patient-familyName').fill('Year');
    await page.getByTestId('patient-dateOfBirth').fill('1970-01-01');
    await page.getByTestId('patient-save').click();
    await page.getByTestId('tab-readings').click();
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'cgm.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(glucoseCsv(Date.now() - 60_000)),
    });
    await page.getByTestId('import-confirm').click({ timeout: 120_000 });
    await page
      .getByTestId('toast')
      .filter({ hasText: 'readings imported' })
      .waitFor({ timeout: 300_000 });

    // Open the table afresh and time it.
    const patientUrl = page.url();
    await page.goto(`${host.origin}/#/`);
    await page.goto(patientUrl);
    const opened = Date.now();
    await page.getByTestId('reading-row').first().waitFor();
    const firstRows = Date.now() - opened;
    await page
      .getByTestId('table-count')
      .filter({ hasText: `${ROWS.toLocaleString('en')} of ${ROWS.toLocaleString('en')}` })
      .or(page.getByTestId('table-count').filter({ hasText: `${ROWS} of ${ROWS}` }))
      .waitFor({ timeout: 120_000 });
    const allRows = Date.now() - opened;

    // A brisk wheel scroll (three rows a frame) through part of the table, then jumps to far-away
    // places (dragging the scroll bar): frame intervals in each case.
    const scroll = (rowsPerFrame: number) =>
      page.evaluate(async (step) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="virtual-scroller"]');
        if (!scroller) throw new Error('no table');
        const intervals: number[] = [];
        let last = performance.now();
        for (let frame = 0; frame < 400; frame++) {
          scroller.scrollTop =
            (frame * step * 44) % (scroller.scrollHeight - scroller.clientHeight);
          await new Promise(requestAnimationFrame);
          const now = performance.now();
          intervals.push(now - last);
          last = now;
        }
        return intervals.slice(5);
      }, rowsPerFrame);
    const frames = await scroll(3);
    const jumps = await scroll(251);

    // The same readings drawn as one plain table: what the page would do without virtual rows.
    const plain = await page.evaluate((rows) => {
      const began = performance.now();
      const table = document.createElement('table');
      const body = document.createElement('tbody');
      for (let index = 0; index < rows; index++) {
        const row = document.createElement('tr');
        for (let cell = 0; cell < 10; cell++)
          row.appendChild(document.createElement('td')).textContent = String(index + cell);
        body.appendChild(row);
      }
      table.appendChild(body);
      document.body.appendChild(table);
      table.getBoundingClientRect(); // forces the layout of every row
      return performance.now() - began;
    }, ROWS);

    report({ name: 'vitals.table.rows', value: ROWS, unit: 'rows' });
    report({ name: 'vitals.table.firstRows', value: firstRows, unit: 'ms' });
    report({ name: 'vitals.table.allRowsLoaded', value: allRows, unit: 'ms' });
    report({ name: 'vitals.table.scrollFrame.p95', value: quantile(frames, 0.95), unit: 'ms' });
    report({ name: 'vitals.table.scrollFrame.median', value: quantile(frames, 0.5), unit: 'ms' });
    report({ name: 'vitals.table.jumpFrame.p95', value: quantile(jumps, 0.95), unit: 'ms' });
    report({
      name: 'vitals.table.firstRows.vsPlainTable',
      value: firstRows,
      unit: 'ms',
      baseline: 'a plain table laying out every one of the same rows at once',
      ratio: plain / firstRows,
    });
  } finally {
    await context.close();
    await host.stop();
  }
}

await main();
