import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AppPage } from '../fixtures';

export interface NewPatient {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
  mrn?: string;
}

/** The clinic front desk as a nurse uses it. */
export class ClinicPages {
  readonly page: Page;

  constructor(readonly app: AppPage) {
    this.page = app.page;
  }

  async startClinic(nurse = 'Nurse Kim'): Promise<void> {
    await this.app.open('#/');
    await this.page.getByTestId('welcome-clinic').click();
    await this.page.getByTestId('welcome-name').fill(nurse);
    await this.page.getByTestId('welcome-start').click();
    await expect(this.page.getByTestId('home-search')).toBeVisible();
  }

  async createPatient(patient: NewPatient): Promise<void> {
    await this.page.goto(`${this.app.host.origin}/#/patients/new`);
    await this.page.getByTestId('patient-givenName').fill(patient.givenName);
    await this.page.getByTestId('patient-familyName').fill(patient.familyName);
    await this.page.getByTestId('patient-dateOfBirth').fill(patient.dateOfBirth);
    await this.page.getByTestId('patient-sex').selectOption(patient.sex ?? 'unknown');
    if (patient.mrn) await this.page.getByTestId('patient-mrn').fill(patient.mrn);
    await this.page.getByTestId('patient-save').click();
    await expect(this.page.getByTestId('patient-name')).toHaveText(
      `${patient.givenName} ${patient.familyName}`,
    );
  }

  /** Types values into the entry form field by field, with the keyboard only, and presses Enter. */
  async typeReading(
    values: Partial<
      Record<
        | 'systolic'
        | 'diastolic'
        | 'heartRate'
        | 'spo2'
        | 'temperature'
        | 'respiratoryRate'
        | 'glucose'
        | 'weight',
        string
      >
    >,
  ): Promise<void> {
    const order = [
      'systolic',
      'diastolic',
      'arm',
      'position',
      'heartRate',
      'spo2',
      'temperature',
      'respiratoryRate',
      'glucose',
      'glucoseContext',
      'weight',
    ] as const;
    await expect(this.page.getByTestId('entry-systolic')).toBeFocused();
    const last = order.reduce((found, field, index) => (field in values ? index : found), 0);
    for (const [index, field] of order.entries()) {
      if (index > last) break;
      const value = (values as Record<string, string | undefined>)[field];
      if (value !== undefined) await this.page.keyboard.type(value);
      if (index < last) await this.page.keyboard.press('Tab');
    }
    await this.page.keyboard.press('Enter');
  }

  latest(card: string) {
    return this.page.getByTestId(`latest-${card}`);
  }
}
