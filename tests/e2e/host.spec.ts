import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ClinicPages } from './pages/clinic';

/** Mount points of this machine's real block devices, as the kernel (or df) lists them. */
function machineMounts(): string[] {
  if (existsSync('/proc/mounts')) {
    return readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([device]) => device?.startsWith('/dev/'))
      .map(([, mount]) => mount ?? '');
  }
  return execFileSync('df', ['-P'], { encoding: 'utf8' })
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).at(-1) ?? '');
}

/** Waits for the view to show a sample newer than `after` and returns its time. */
async function nextSampleTime(page: Page, after: number): Promise<number> {
  const handle = await page.waitForFunction((previous) => {
    const t = Number(
      document.querySelector('[data-testid=host-sample-time]')?.getAttribute('data-t'),
    );
    return t > previous ? t : null;
  }, after);
  return (await handle.jsonValue()) as number;
}

test.describe('PC health', () => {
  test('shows this machine’s real figures, updated every second', async ({ app, page }) => {
    await app.open('#/host');
    await expect(page.getByTestId('host-cpu-cores')).toHaveAttribute(
      'data-cores',
      String(os.cpus().length),
    );
    await expect(page.getByTestId('host-memory-total')).toHaveAttribute(
      'data-bytes',
      String(os.totalmem()),
    );
    const mounts = machineMounts();
    await expect
      .poll(async () =>
        (
          await page
            .getByTestId('host-fs')
            .evaluateAll((items) => items.map((item) => item.getAttribute('data-mount')))
        ).some((mount) => mount !== null && mounts.includes(mount)),
      )
      .toBe(true);

    const times = [await nextSampleTime(page, 0)];
    for (let i = 0; i < 3; i++) times.push(await nextSampleTime(page, times.at(-1) ?? 0));
    for (let i = 1; i < times.length; i++) {
      const step = (times[i] ?? 0) - (times[i - 1] ?? 0);
      // One second apart; two when two samples arrive within one frame on a busy machine.
      expect(step).toBeGreaterThanOrEqual(900);
      expect(step).toBeLessThanOrEqual(2100);
    }
    await expect(page.getByTestId('host-health-summary')).toBeVisible();
    await expect(page.getByTestId('host-chart-cpu').locator('canvas').first()).toBeVisible();
  });

  test('pauses the charts from the keyboard while readings go on', async ({ app, page }) => {
    await app.open('#/host');
    const first = await nextSampleTime(page, 0);
    await page.getByTestId('host-pause').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('host-paused')).toBeVisible();
    await nextSampleTime(page, first + 1);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('host-paused')).toBeHidden();
  });

  test('zooms out to history served from the tiers', async ({ app, page }) => {
    await app.open('#/host');
    await nextSampleTime(page, 0);
    await page.getByRole('radio', { name: 'History' }).check();
    await expect(page.getByTestId('host-history')).toHaveAttribute('data-tier', 'second');
    await page.getByRole('radio', { name: 'Last week' }).check();
    await expect(page.getByTestId('host-history')).toHaveAttribute('data-tier', 'minute');
    await page.getByRole('radio', { name: 'Last year' }).check();
    await expect(page.getByTestId('host-history')).toHaveAttribute('data-tier', 'hour');
  });

  test('lists this machine’s busiest processes only when asked', async ({ app, page }) => {
    await app.open('#/host');
    await expect(page.getByTestId('host-processes')).toHaveCount(0);
    await page.getByTestId('host-processes-toggle').click();
    await expect(page.getByTestId('host-processes').locator('tbody tr').first()).toBeVisible();
  });

  test('is reachable from the navigation', async ({ app, page }) => {
    await app.open('#/about');
    await page.getByTestId('nav-host').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('PC health');
  });

  test('is summed up on the front desk’s home, one click from the charts', async ({
    app,
    page,
  }) => {
    const clinic = new ClinicPages(app);
    await clinic.startClinic();
    const summary = page.getByTestId('home-host-health').getByTestId('host-health-summary');
    await expect(summary).toHaveAttribute('data-level', /^(ok|warning|critical)$/);
    await page.getByTestId('home-host-health').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('PC health');
  });
});
