import { hostSample } from '../helpers/sync/host-samples';
import { expect, test } from './fixtures';
import { ClinicPages } from './pages/clinic';
import { ClinicHostsPage } from './pages/clinic-hosts';
import { startClinicServer } from './pages/clinic-server';
import { Device } from './pages/device';
import { ReportingPc } from './pages/reporting-pc';

const MINUTE = 60_000;

test.describe('Clinic PCs', () => {
  test('are hidden from a PC that is not paired as staff', async ({ app, page }) => {
    await app.open('#/about');
    await expect(page.getByTestId('nav-host')).toBeVisible();
    await expect(page.getByTestId('nav-clinic-hosts')).toHaveCount(0);
    await app.open('#/clinic-hosts');
    await expect(page.getByTestId('clinic-hosts-not-staff')).toBeVisible();
  });

  // eslint-disable-next-line no-empty-pattern -- this test opens its own PC, not the shared one
  test('show a staff PC every PC of the clinic with its status and history, and the last list while the server is away', async ({}, testInfo) => {
    test.setTimeout(180_000);
    const server = await startClinicServer();
    let desk: Device | null = null;
    try {
      // The reception PC has reported its last half hour; the exam room PC never reported.
      const reception = await ReportingPc.pair(
        server.url,
        await server.pairingCode('staff'),
        'Reception',
      );
      const now = Date.now();
      const lastMinute = now - (now % MINUTE) - MINUTE;
      await reception.report(
        'reception-pc',
        Array.from({ length: 30 }, (_, i) => hostSample(lastMinute - (29 - i) * MINUTE, 70)),
      );
      await ReportingPc.pair(server.url, await server.pairingCode('staff'), 'Exam room');

      desk = await Device.open('Front desk');
      await new ClinicPages(desk.app).startClinic('Nurse Kim');
      const { page } = desk;
      await expect(page.getByTestId('nav-clinic-hosts')).toHaveCount(0);
      await desk.pair(server.url, server.firstCode);
      // Its own reporter tells the server at once that it is up.
      await expect
        .poll(async () => {
          const hosts = await reception.hosts();
          return hosts.find((host) => host.deviceName === 'Front desk')?.status;
        })
        .toBe('up');

      await page.getByTestId('nav-clinic-hosts').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clinic PCs');
      const clinic = new ClinicHostsPage(page);
      await expect(clinic.rows()).toHaveCount(3);
      await expect(clinic.row('Front desk')).toHaveAttribute('data-status', 'up');
      await expect(clinic.row('Front desk')).toContainText('(this PC)');
      await expect(clinic.row('Reception')).toHaveAttribute('data-status', 'up');
      await expect(clinic.row('Reception').getByTestId('clinic-host-status')).toHaveText('● Up');
      await expect(clinic.row('Reception').getByTestId('clinic-host-cpu')).toHaveText('70%');
      await expect(clinic.row('Reception').getByTestId('clinic-host-disk')).toHaveText(
        '/: 10% used',
      );
      await expect(clinic.row('Exam room')).toHaveAttribute('data-status', 'unknown');
      await expect(clinic.row('Exam room').getByTestId('clinic-host-last-seen')).toHaveText(
        'Never',
      );

      await clinic.showHistory('Reception');
      const charts = page.getByTestId('clinic-host-charts');
      await expect(charts).toHaveAttribute('data-points', '30');
      await expect(charts).toHaveAttribute('data-step', '1m');
      await expect(page.getByTestId('host-chart-cpu').locator('canvas').first()).toBeVisible();

      // The server goes away: the list stays, dated, and the app carries on.
      await server.stop();
      await clinic.refresh();
      await expect(clinic.problem()).toHaveAttribute('data-problem', 'unreachable');
      await expect(clinic.problem()).toContainText('Showing the list from');
      await expect(clinic.rows()).toHaveCount(3);
      await page.getByTestId('nav-host').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('PC health');

      // Opened again later, with the server still away: the list kept from last time.
      await page.reload();
      await desk.app.waitForMark('healthdesk:mounted');
      await page.getByTestId('nav-clinic-hosts').click();
      await expect(clinic.problem()).toHaveAttribute('data-problem', 'unreachable');
      await expect(clinic.row('Reception')).toHaveAttribute('data-status', 'up');
      await expect(clinic.rows()).toHaveCount(3);
    } finally {
      await desk?.close(testInfo);
      await server.stop();
    }
  });
});
