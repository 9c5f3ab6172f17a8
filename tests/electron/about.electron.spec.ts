import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

test.beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  expect(build.status).toBe(0);
});

test('the desktop app opens About this PC with this machine’s figures', async () => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-electron-profile-'));
  const app = await electron.launch({
    args: [root],
    cwd: root,
    env: { ...process.env, HEALTHDESK_USER_DATA: userData },
  });
  try {
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://healthdesk/index.html#/about');
    await window.waitForFunction(
      () => performance.getEntriesByName('healthdesk:first-data').length > 0,
    );
    await expect(window.getByTestId('about-runtime')).toHaveAttribute('data-runtime', 'electron');
    await expect(window.getByTestId('about-hostname')).toHaveText(os.hostname());
    await expect(window.getByTestId('about-cores')).toHaveAttribute(
      'data-cores',
      String(os.cpus().length),
    );
    // The page has no Node and no ipcRenderer: only the contract's functions.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(
      await window.evaluate(() =>
        Object.keys((window as unknown as { healthdesk: object }).healthdesk).sort(),
      ),
    ).toEqual(['app', 'on', 'system']);
  } finally {
    await app.close();
  }
});
