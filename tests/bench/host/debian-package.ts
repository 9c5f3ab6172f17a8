import { spawnSync } from 'node:child_process';

/**
 * Makes sure a Debian package a baseline needs is installed: installs it when missing and this
 * runs as root (saying so on standard error), otherwise says why the baseline is skipped.
 * Returns whether the package is there.
 */
export function ensureDebianPackage(name: string, check: () => boolean): boolean {
  if (check()) return true;
  const root = process.getuid?.() === 0;
  if (!root || spawnSync('which', ['apt-get']).status !== 0) {
    process.stderr.write(
      `${name} is not installed and cannot be installed here: its baseline is skipped.\n`,
    );
    return false;
  }
  process.stderr.write(
    `Installing the Debian package ${name} for a benchmark baseline (running as root)…\n`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 2, 2], env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', name], {
    stdio: ['ignore', 2, 2],
    env,
  });
  if (install.status !== 0 || !check()) {
    process.stderr.write(`${name} could not be installed: its baseline is skipped.\n`);
    return false;
  }
  return true;
}
