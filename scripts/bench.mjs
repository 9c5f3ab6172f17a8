// npm run bench: runs every tests/bench/*.bench.ts in its own process and prints one JSON line
// per figure: {name, value, unit, baseline?, ratio?}. Anything else a benchmark prints goes to
// standard error, so standard output stays machine-readable.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = readdirSync(path.join(root, 'tests/bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

if (!existsSync(path.join(root, 'out/main/browser.js'))) {
  console.error('Building HealthDesk first…');
  const build = spawn(
    process.execPath,
    [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  await new Promise((resolve) => build.on('exit', resolve));
}

let failed = 0;
for (const file of files) {
  console.error(`# ${file}`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('tests/bench', file)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    // The root tsconfig only lists the others: this one maps @shared for main-process code.
    env: { TSX_TSCONFIG_PATH: 'tsconfig.node.json', ...process.env },
  });
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        const figure = JSON.parse(line);
        if (typeof figure.name === 'string' && typeof figure.value === 'number') {
          process.stdout.write(line + '\n');
          continue;
        }
      } catch {
        // not a figure
      }
      process.stderr.write(line + '\n');
    }
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    failed++;
    console.error(`${file} failed with exit code ${code}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
