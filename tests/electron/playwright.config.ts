import { defineConfig } from '@playwright/test';

// Runs the packaged-style app in a real Electron runtime. Not part of `npm test` on machines
// where Electron's binary cannot be downloaded; run it with `npm run test:electron` elsewhere.
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/electron',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 60_000,
});
