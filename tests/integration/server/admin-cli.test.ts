import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdminCli } from '../../../server/admin/admin-cli';
import { serverTargets } from '../../helpers/server/backends';

const targets = await serverTargets();

describe.each(targets)('the admin CLI on $name', (target) => {
  it('creates clinics, issues codes, manages devices, backs up, restores and compacts', async () => {
    const { args: flags, cleanup } = await target.prepare();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-admin-cwd-'));
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const code = await runAdminCli([...flags, ...args], {
        cwd,
        env: {},
        out: (text) => out.push(text),
        now: Date.now,
      });
      return { code, text: out.join('\n') };
    };
    const json = async <T>(...args: string[]): Promise<T> => {
      const result = await run(...args, '--json');
      expect(result.code, result.text).toBe(0);
      return JSON.parse(result.text) as T;
    };
    try {
      expect((await run('help')).text).toContain('pairing-code --clinic');
      const clinic = await json<{ clinicId: string }>('clinic', 'create', 'North', 'clinic');
      expect(await json<{ name: string }[]>('clinic', 'list')).toEqual([
        expect.objectContaining({ name: 'North clinic' }),
      ]);
      const code = await json<{ code: string; role: string }>(
        'pairing-code',
        '--clinic',
        clinic.clinicId,
        '--role',
        'staff',
      );
      expect(code.code).toMatch(/^\d{8}$/);
      await expect(
        run('pairing-code', '--clinic', clinic.clinicId, '--role', 'patient'),
      ).rejects.toThrow(/needs --patient/);
      await expect(run('pairing-code', '--clinic', 'nope', '--role', 'staff')).rejects.toThrow(
        /--clinic must be an id/,
      );
      expect(await json<unknown[]>('devices', 'list', '--clinic', clinic.clinicId)).toEqual([]);
      await expect(
        run('devices', 'revoke', '0190f5c2-0000-7000-8000-000000000000'),
      ).rejects.toThrow(/no device/);

      const backup = await json<{ file: string; rows: number }>('backup', 'north.jsonl');
      expect(backup.rows).toBeGreaterThanOrEqual(2);
      const epoch = (readFileSync(backup.file, 'utf8').split('\n')[0] ?? '').match(
        /"epoch":"([^"]+)"/,
      )?.[1];
      await json('clinic', 'create', 'South');
      const restored = await json<{ epoch: string }>('restore', 'north.jsonl');
      expect(restored.epoch).not.toBe(epoch);
      expect((await json<{ name: string }[]>('clinic', 'list')).map((c) => c.name)).toEqual([
        'North clinic',
      ]);
      expect(await json<{ tombstones: number }>('compact')).toEqual({ tombstones: 0 });
      expect((await run('migrate')).code).toBe(0);
      expect((await run('frobnicate')).code).toBe(1);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
