// Makes sure the browser tests have a browser. On a Debian machine where we are root, a
// missing Chromium is installed from Debian's packages, and we say so; elsewhere we explain.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NO_BROWSER_MESSAGE, findBrowser } from './find-browser.mjs';

function canInstallWithApt() {
  return (
    process.platform === 'linux' &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    existsSync('/usr/bin/apt-get') &&
    !process.env.CHROMIUM_PATH
  );
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

const found = findBrowser();
if (found) {
  process.exit(0);
}
if (!canInstallWithApt()) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
console.log(
  'No Chromium found: installing Debian\'s "chromium" package with apt-get for the browser tests (about a minute, once).',
);
const ok =
  run('apt-get', ['install', '-y', '-qq', 'chromium']) ||
  (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']));
if (!ok || !findBrowser()) {
  console.error('Installing Chromium failed. ' + NO_BROWSER_MESSAGE);
  process.exit(1);
}
console.log('Chromium installed.');
