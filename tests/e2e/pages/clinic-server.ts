import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServerProcess } from '../../helpers/server/server-process';
import { freePort, startServerProcess } from '../../helpers/server/server-process';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** `npm run server:admin -- … --json`, as a clinic's administrator runs it. */
async function admin(dataDir: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'server/admin.ts'),
      '--data-dir',
      dataDir,
      '--json',
      ...args,
    ],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.node.json') },
    },
  );
  return JSON.parse(stdout);
}

/**
 * A clinic's sync server as `npm run server` starts it (PGlite in its own data folder), with a
 * clinic and a first staff pairing code made by the admin CLI before it starts. It can be
 * stopped and started again at the same address: the network going away and coming back.
 */
export async function startClinicServer() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-e2e-server-'));
  const clinic = (await admin(dataDir, 'clinic', 'create', 'Riverside Clinic')) as {
    clinicId: string;
  };
  const { code } = (await admin(
    dataDir,
    'pairing-code',
    '--clinic',
    clinic.clinicId,
    '--role',
    'staff',
  )) as { code: string };
  const port = await freePort();
  const args = ['--data-dir', dataDir, '--port', String(port)];
  let server: ServerProcess | null = await startServerProcess({ args });
  const url = server.url;
  return {
    url,
    clinicId: clinic.clinicId,
    firstCode: code,
    /** Another pairing code from the admin CLI (it asks the running server). */
    async pairingCode(role: 'staff' | 'patient'): Promise<string> {
      const answer = (await admin(
        dataDir,
        'pairing-code',
        '--clinic',
        clinic.clinicId,
        '--role',
        role,
      )) as { code: string };
      return answer.code;
    },
    async stop(): Promise<void> {
      await server?.kill('SIGTERM');
      server = null;
    },
    async start(): Promise<void> {
      server ??= await startServerProcess({ args });
    },
  };
}
