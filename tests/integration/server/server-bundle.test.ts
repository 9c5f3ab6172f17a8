import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../../helpers/server/server-process';

const root = path.resolve(import.meta.dirname, '../../..');

function node(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// What the Docker image runs: the bundle, with PGlite beside it and nothing else.
describe('the server bundle (Docker image entry)', () => {
  it('builds, serves, and lets its admin CLI reach it while it holds the data directory', async () => {
    const built = node(['scripts/build-server.mjs']);
    expect(built.code, built.stderr).toBe(0);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bundle-'));
    const server = await startServerProcess({
      entry: path.join(root, 'out/server/main.mjs'),
      args: ['--data-dir', dataDir, '--port', '0'],
    });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const admin = (args: string[]) =>
        node(['out/server/admin.mjs', '--data-dir', dataDir, ...args, '--json']);
      const created = admin(['clinic', 'create', 'Bundled clinic']);
      expect(created.code, created.stderr).toBe(0);
      const clinic = JSON.parse(created.stdout) as { clinicId: string; name: string };
      expect(clinic.name).toBe('Bundled clinic');
      const code = admin(['pairing-code', '--clinic', clinic.clinicId, '--role', 'staff']);
      expect(JSON.parse(code.stdout)).toMatchObject({
        role: 'staff',
        code: expect.stringMatching(/^\d{8}$/) as unknown,
      });
      const restore = admin(['restore', path.join(dataDir, 'none.jsonl')]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/Stop the server before restoring/);
    } finally {
      expect(await server.kill('SIGTERM')).toBe(0);
    }
  }, 120_000);
});
