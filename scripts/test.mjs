// npm test: everything a change must pass, in one command, from a fresh clone.
// 1. a browser for the e2e tests and a PostgreSQL for the server tests (installed from Debian's
//    packages if missing, and said so)   2. a build of the app
// 3. unit, contract and integration tests (Vitest)   4. e2e (Playwright)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const steps = [
  ['Checking for a browser', process.execPath, [path.join(root, 'scripts/ensure-browser.mjs')]],
  ['Checking for PostgreSQL', process.execPath, [path.join(root, 'scripts/ensure-postgres.mjs')]],
  ['Building', bin('electron-vite'), ['build', '--logLevel', 'warn']],
  ['Unit, contract and integration tests', bin('vitest'), ['run']],
  ['Browser tests (Playwright, Chromium)', bin('playwright'), ['test']],
];

for (const [title, command, args] of steps) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed.`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ All tests passed.');
