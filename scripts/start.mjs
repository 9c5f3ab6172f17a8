// npm start: build if the sources changed, then open the Electron app. Where the Electron
// runtime cannot be obtained (or there is no display to show it on), say so in one sentence and
// serve the same app in browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'electron',
  'renderer',
  'shared',
  'resources',
  'package.json',
  'electron.vite.config.ts',
  'vite.renderer.config.ts',
];
const OUTPUTS = [
  'out/main/index.js',
  'out/main/browser.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

function newest(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full).reduce(
    (latest, child) => Math.max(latest, newest(path.join(entry, child))),
    stat.mtimeMs,
  );
}

function buildIfNeeded() {
  const built = OUTPUTS.map((file) => path.join(root, file));
  const oldestOutput = built.every(existsSync)
    ? Math.min(...built.map((file) => statSync(file).mtimeMs))
    : 0;
  const newestSource = Math.max(...SOURCES.map(newest));
  if (oldestOutput > newestSource) return;
  console.log('Building HealthDesk…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Electron binary's path, or why there is none. Asking for it may download it once. */
function electronRuntime() {
  if (process.env.HEALTHDESK_BROWSER_MODE === '1')
    return { reason: 'HEALTHDESK_BROWSER_MODE=1 asks for browser mode' };
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const binary = probe.stdout?.trim();
  if (probe.status !== 0 || !binary || !existsSync(binary)) {
    return {
      reason: 'the Electron runtime could not be obtained on this machine (its download failed)',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'this machine has no display for the desktop window' };
  }
  return { binary };
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

buildIfNeeded();
const runtime = electronRuntime();
if (runtime.binary) {
  run(runtime.binary, [root, ...process.argv.slice(2)]);
} else {
  console.log(`HealthDesk is starting in browser mode because ${runtime.reason}.`);
  run(process.execPath, [path.join(root, 'out/main/browser.js'), ...process.argv.slice(2)]);
}
