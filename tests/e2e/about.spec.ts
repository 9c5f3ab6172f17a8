import os from 'node:os';
import { expect, test } from './fixtures';

test.describe('About this PC', () => {
  test('shows this machine’s real processor cores, name and memory', async ({ app, page }) => {
    await app.open('#/about');
    await app.waitForMark('healthdesk:first-data');
    await expect(page.getByTestId('about-cores')).toHaveAttribute(
      'data-cores',
      String(os.cpus().length),
    );
    await expect(page.getByTestId('about-hostname')).toHaveText(os.hostname());
    await expect(page.getByTestId('about-memory')).toHaveAttribute(
      'data-bytes',
      String(os.totalmem()),
    );
    await expect(page.getByTestId('about-runtime')).toHaveAttribute('data-runtime', 'browser');
  });

  test('takes the token out of the address bar and survives a reload', async ({ app, page }) => {
    await app.open('#/about');
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await app.waitForMark('healthdesk:first-data');
    await expect(page.getByTestId('about-hostname')).toHaveText(os.hostname());
  });

  test('switches to Spanish with the keyboard alone and remembers it', async ({ app, page }) => {
    await app.open('#/about');
    await page.getByTestId('language-picker').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'Español' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acerca de este equipo');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acerca de este equipo');
  });

  test('offers a skip link to the content for keyboard users', async ({ app, page }) => {
    await app.open('#/about');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('explains what to do when opened without the printed address', async ({ page, host }) => {
    await page.goto(`${host.origin}/#/about`);
    await expect(page.getByTestId('missing-token')).toContainText('npm start');
  });
});
