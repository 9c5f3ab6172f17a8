import { expect, test } from './fixtures';
import { ClinicPages } from './pages/clinic';

test('imports readings from a CSV file, leaving out the bad rows and saying why', async ({
  app,
  page,
}) => {
  const clinic = new ClinicPages(app);
  await clinic.startClinic();
  await clinic.createPatient({
    givenName: 'Grace',
    familyName: 'Okafor',
    dateOfBirth: '1970-03-03',
    sex: 'female',
  });
  await page.getByTestId('tab-readings').click();
  await page.getByTestId('import-open').click();

  await page.getByTestId('import-file').setInputFiles({
    name: 'photo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]),
  });
  await expect(page.getByTestId('import-refused')).toHaveText(
    'This is not a text file. Save the readings as CSV and try again.',
  );
  await page.getByTestId('import-file').setInputFiles({
    name: 'wrong.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('date,pulse\n2026-01-01,60\n'),
  });
  await expect(page.getByTestId('import-refused')).toHaveText(
    'These columns are not known: date, pulse.',
  );

  const rows = ['time,systolic,diastolic,heart_rate,glucose,glucose_context'];
  for (let day = 1; day <= 30; day++)
    rows.push(
      `2026-10-${String(day).padStart(2, '0')} 08:00,${120 + (day % 15)},${78 + (day % 6)},${66 + (day % 9)},${95 + day},fasting`,
    );
  rows.push('2026-10-31 08:00,80,120,70,,', '2026-02-30 08:00,120,80,70,,');
  await page.getByTestId('import-file').setInputFiles({
    name: 'monitor.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n')),
  });
  await expect(page.getByTestId('import-ready')).toHaveText('30 readings ready to import.');
  await expect(page.getByTestId('import-problems')).toContainText(
    'Row 32, systolic: Systolic must be higher than diastolic.',
  );
  await expect(page.getByTestId('import-problems')).toContainText(
    'Row 33, takenAt: Enter a real date.',
  );
  await page.getByTestId('import-confirm').click();
  await expect(
    page.getByTestId('toast').filter({ hasText: '30 readings imported.' }),
  ).toBeVisible();
  await expect(page.getByTestId('table-count')).toHaveText('30 of 30 readings');

  await page.getByTestId('filter-withdrawn').check();
  await page.getByTestId('reading-row').first().getByTestId('row-history').click();
  await expect(page.getByTestId('history-entry').first()).toContainText('Imported');
});
