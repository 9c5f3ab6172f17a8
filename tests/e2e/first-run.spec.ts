import { expect, test } from './fixtures';

test('explore the demo clinic, then remove it in one click', async ({ app, page }) => {
  await app.open('#/');
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('clinic-readings-today')).not.toHaveText('0');
  await expect(page.getByTestId('clinic-out-of-range').locator('li').first()).toBeVisible();

  await page.getByTestId('nav-patients').click();
  await expect(page.getByTestId('patient-row')).toHaveCount(40);
  await page.getByTestId('patient-row').first().getByRole('link').click();
  await expect(page.getByTestId('latest-bloodPressure')).toBeVisible();
  await page.getByTestId('tab-trends').click();
  await page.getByTestId('trend-range-365').check();
  await expect(page.getByTestId('trend-count')).not.toHaveText('0 readings');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('remove-demo').click();
  await expect(page.getByTestId('welcome-clinic')).toBeVisible();
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  expect(names).not.toContain('healthdesk-demo');
});

test('personal mode: my own profile, glucose in mmol/L, and my trends', async ({ app, page }) => {
  await app.open('#/');
  await page.getByTestId('welcome-personal').click();
  await page.getByTestId('me-givenName').fill('Sam');
  await page.getByTestId('me-familyName').fill('Lee');
  await page.getByTestId('me-dateOfBirth').fill('1985-05-20');
  await page.getByTestId('welcome-start').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My health');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('unit-glucose-mmol/L').check();
  await page.getByTestId('nav-home').click();
  await expect(page.locator('label', { hasText: 'Blood glucose' })).toContainText('mmol/L');
  await page.getByTestId('entry-glucose').fill('3,2');
  await page.getByTestId('entry-glucose-context').selectOption('fasting');
  await page.getByTestId('entry-save').click();
  await expect(page.getByTestId('latest-glucose').getByTestId('latest-value')).toHaveText(
    '3.2 mmol/L',
  );
  // 3.2 mmol/L is 58 mg/dL: low, stored in canonical units and judged on them.
  await expect(page.getByTestId('latest-glucose').getByTestId('latest-category')).toHaveText(/Low/);
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open('healthdesk');
        request.onsuccess = () => {
          const all = request.result.transaction('vitals').objectStore('vitals').getAll();
          all.onsuccess = () =>
            resolve((all.result as { glucose: number }[])[0]?.glucose ?? Number.NaN);
        };
      }),
  );
  expect(stored).toBeCloseTo(57.7, 1);

  await page.getByTestId('nav-patients').click();
  await page.getByTestId('new-patient').click();
  await page.getByTestId('patient-givenName').fill('Kim');
  await page.getByTestId('patient-familyName').fill('Lee');
  await page.getByTestId('patient-dateOfBirth').fill('2015-09-01');
  await page.getByTestId('patient-save').click();
  // Saving opens the new profile; going home before that lands would be overtaken by it.
  await expect(page.getByRole('heading', { level: 1, name: 'Kim Lee' })).toBeVisible();
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('profile-select')).toBeVisible();
  await expect(page.getByTestId('profile-select').locator('option')).toHaveText([
    'Sam Lee',
    'Kim Lee',
  ]);
});
