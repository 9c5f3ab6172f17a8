import { startBrowserModeProcess } from '../helpers/browser-mode-process';
import type { BrowserModeProcess } from '../helpers/browser-mode-process';
import { hostSample } from '../helpers/sync/host-samples';
import type { ClinicServer } from './clinic-server';
import { hostApiOf, startClinicServer } from './clinic-server';
import { AppPage, expect, test } from './fixtures';
import { ClinicHostsPage } from './pages/clinic-hosts';

const MINUTE = 60_000;

test.describe('Clinic PCs', () => {
  test('are hidden from a PC that is not paired as staff', async ({ app, page }) => {
    await app.open('#/about');
    await expect(page.getByTestId('nav-host')).toBeVisible();
    await expect(page.getByTestId('nav-clinic-hosts')).toHaveCount(0);
    await app.open('#/clinic-hosts');
    await expect(page.getByTestId('clinic-hosts-not-staff')).toBeVisible();
  });

  test.describe('on a staff PC paired with a real clinic server', () => {
    // A server and a HealthDesk of its own: the pairing must not reach other tests.
    let server: ClinicServer | undefined;
    let desk: BrowserModeProcess | undefined;
    test.beforeEach(async () => {
      test.setTimeout(120_000);
      [server, desk] = await Promise.all([startClinicServer(), startBrowserModeProcess()]);
    });
    test.afterEach(async () => {
      await desk?.stop();
      await server?.stop();
    });

    test('shows every PC with its status and history, and the last list while the server is away', async ({
      page,
    }) => {
      if (!server || !desk) throw new Error('The clinic server or HealthDesk did not start');
      const clinicServer = server;
      const clinicId = await server.createClinic('Riverside clinic');
      // The reception PC has reported its last half hour; the exam room PC never reported.
      const reception = await server.pairPc(clinicId, 'Reception');
      const now = Date.now();
      const lastMinute = now - (now % MINUTE) - MINUTE;
      await server.report(
        reception,
        'reception-pc',
        Array.from({ length: 30 }, (_, i) => hostSample(lastMinute - (29 - i) * MINUTE, 70)),
      );
      await server.pairPc(clinicId, 'Exam room');

      // This PC is paired through the host API, as the Settings page does it.
      const host = hostApiOf(desk);
      try {
        const code = await server.pairingCode(clinicId, 'staff');
        const paired = await host.api.sync.pair({
          serverUrl: server.url,
          code,
          allowInsecureLan: true,
          deviceName: 'Front desk',
        });
        expect(paired).toMatchObject({ ok: true, value: { outcome: 'paired' } });
        const status = await host.api.sync.getStatus();
        const deviceId = status.ok ? status.value.deviceId : null;
        // Its reporter tells the server at once that it is up.
        await expect.poll(() => clinicServer.lastSeen(reception, deviceId ?? '')).not.toBeNull();
      } finally {
        host.close();
      }

      const app = new AppPage(page, desk);
      await app.open('#/about');
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
      await app.waitForMark('healthdesk:mounted');
      await page.getByTestId('nav-clinic-hosts').click();
      await expect(clinic.problem()).toHaveAttribute('data-problem', 'unreachable');
      await expect(clinic.row('Reception')).toHaveAttribute('data-status', 'up');
      await expect(clinic.rows()).toHaveCount(3);
    });
  });
});
