import { defineConfig } from '@playwright/test';

// Browser tests drive the real renderer in Chromium through browser mode. Each test gets a
// fresh on-disk profile (see tests/e2e/fixtures.ts); failures keep a trace and a screenshot.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
});
