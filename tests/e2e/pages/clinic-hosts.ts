import type { Locator, Page } from '@playwright/test';

/** The Clinic PCs page as a member of staff uses it. */
export class ClinicHostsPage {
  constructor(readonly page: Page) {}

  row(name: string): Locator {
    return this.page
      .getByTestId('clinic-host')
      .filter({ has: this.page.getByTestId('clinic-host-name').getByText(name, { exact: true }) });
  }

  rows(): Locator {
    return this.page.getByTestId('clinic-host');
  }

  async showHistory(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Show history of ${name}` }).click();
  }

  problem(): Locator {
    return this.page.getByTestId('clinic-hosts-problem');
  }

  async refresh(): Promise<void> {
    await this.page.getByTestId('clinic-hosts-refresh').click();
  }
}
