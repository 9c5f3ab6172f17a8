import { expect, test } from './fixtures';
import { startClinicServer } from './pages/clinic-server';
import { ClinicPages } from './pages/clinic';
import { Device } from './pages/device';

// eslint-disable-next-line no-empty-pattern -- this test opens its own devices, not the shared one
test('two front-desk PCs and a patient at home share readings through the clinic server', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const server = await startClinicServer();
  const devices: Device[] = [];
  try {
    const deskA = await Device.open('Front desk 1');
    const deskB = await Device.open('Front desk 2');
    devices.push(deskA, deskB);
    const clinicA = new ClinicPages(deskA.app);
    await clinicA.startClinic('Nurse Kim');
    await deskA.pair(server.url, server.firstCode);
    await expect(deskA.page.getByTestId('sync-role')).toHaveText(/clinic PC/);

    // The second PC pairs with a code made on the first.
    await deskA.page.getByTestId('nav-settings').click();
    const staffCode = await deskA.pairingCode();
    await new ClinicPages(deskB.app).startClinic('Nurse Lee');
    await deskB.pair(server.url, staffCode);

    // The clinic server goes away; the front desk keeps working.
    await server.stop();
    await clinicA.createPatient({
      givenName: 'Ana',
      familyName: 'García',
      dateOfBirth: '1980-04-02',
      sex: 'female',
    });
    await clinicA.typeReading({ systolic: '152', diastolic: '96', heartRate: '88' });
    await expect(clinicA.latest('bloodPressure').getByTestId('latest-value')).toHaveText(/152\/96/);
    await clinicA.createPatient({
      givenName: 'Ben',
      familyName: 'Ortiz',
      dateOfBirth: '1975-01-10',
      sex: 'male',
    });
    const sidebar = deskA.page.locator('aside').getByTestId('sync-status');
    await expect(sidebar).toHaveText(/Offline.*3 changes are safe on this PC/);

    await server.start();
    await deskA.syncNow();
    await expect(deskA.page.getByTestId('sync-pending')).toHaveText('0');
    await deskB.syncNow();
    await deskB.page.getByTestId('nav-patients').click();
    await expect(deskB.page.getByTestId('patient-row')).toHaveCount(2);
    await deskB.page
      .getByTestId('patient-row')
      .filter({ hasText: 'García' })
      .getByRole('link')
      .click();
    await expect(
      deskB.page.getByTestId('latest-bloodPressure').getByTestId('latest-value'),
    ).toHaveText(/152\/96/);

    // A patient at home, with a reading of their own, pairs with a code made for Ana.
    const pairPatient = deskB.page.getByTestId('create-pairing-code');
    await expect(pairPatient).toHaveText('Pair this patient’s own device');
    const patientCode = await deskB.pairingCode();
    const home = await Device.open('Ana at home');
    devices.push(home);
    await home.app.open('#/');
    await home.page.getByTestId('welcome-personal').click();
    await home.page.getByTestId('me-givenName').fill('Ana');
    await home.page.getByTestId('me-familyName').fill('García');
    await home.page.getByTestId('me-dateOfBirth').fill('1980-04-02');
    await home.page.getByTestId('welcome-start').click();
    await home.page.getByTestId('entry-heartRate').fill('64');
    await home.page.getByTestId('entry-save').click();
    await expect(home.page.getByTestId('latest-heartRate').getByTestId('latest-value')).toHaveText(
      /64/,
    );
    await home.pair(server.url, patientCode);
    await expect(home.page.getByTestId('sync-role')).toHaveText(/patient’s device/);

    // Ana's device holds Ana only, with the clinic's reading and her own.
    await home.page.getByTestId('nav-patients').click();
    await expect(home.page.getByTestId('patient-row')).toHaveCount(1);
    await expect(home.page.getByTestId('patient-row')).toContainText('García');
    await home.page.getByTestId('patient-row').getByRole('link').click();
    await home.page.getByTestId('tab-readings').click();
    await expect(home.page.getByTestId('reading-row')).toHaveCount(2);

    // And the clinic sees the reading she took at home.
    await deskA.syncNow();
    await deskA.page.getByTestId('nav-patients').click();
    await deskA.page
      .getByTestId('patient-row')
      .filter({ hasText: 'García' })
      .getByRole('link')
      .click();
    await deskA.page.getByTestId('tab-readings').click();
    await expect(deskA.page.getByTestId('reading-row')).toHaveCount(2);
  } finally {
    for (const device of devices) await device.close(testInfo);
    await server.stop();
  }
});
