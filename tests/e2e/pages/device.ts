import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import type { BrowserModeProcess } from '../../helpers/browser-mode-process';
import { startBrowserModeProcess } from '../../helpers/browser-mode-process';
import { AppPage, closeProfile, launchProfile } from '../fixtures';

/** One PC: its own HealthDesk (browser mode, own data folder) and its own browser profile. */
export class Device {
  private constructor(
    readonly name: string,
    readonly host: BrowserModeProcess,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly app: AppPage,
  ) {}

  static async open(name: string): Promise<Device> {
    const host = await startBrowserModeProcess();
    const context = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    return new Device(name, host, context, page, new AppPage(page, host));
  }

  async close(testInfo: TestInfo): Promise<void> {
    await closeProfile(this.context, testInfo, `${this.name}-`);
    await this.host.stop();
  }

  settingsStatus() {
    return this.page.getByTestId('sync-settings').getByTestId('sync-status');
  }

  /** Pairs through Settings, as a person does with the code the clinic gave them. */
  async pair(serverUrl: string, code: string): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await this.page.getByTestId('pair-server').fill(serverUrl);
    await this.page.getByTestId('pair-code').fill(code);
    await this.page.getByTestId('pair-device-name').fill(this.name);
    await this.page.getByTestId('pair-insecure-lan').check();
    await this.page.getByTestId('pair-submit').click();
    await expect(this.settingsStatus()).toHaveText(/Synced/);
  }

  async syncNow(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await this.page.getByTestId('sync-now').click();
    await expect(this.settingsStatus()).toHaveText(/Synced/);
  }

  /** The code another device pairs with, as shown on this one. */
  async pairingCode(): Promise<string> {
    await this.page.getByTestId('create-pairing-code').click();
    const digits = await this.page.getByTestId('pairing-code-digits').textContent();
    return (digits ?? '').replace(/\s/g, '');
  }
}
