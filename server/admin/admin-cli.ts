import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { z } from 'zod';
import { roleSchema, uuidSchema } from '@shared/sync/protocol';
import { databaseTarget, readFlags } from '../config/server-config';
import { DataDirLockedError } from '../db/data-dir-lock';
import { openDatabase } from '../db/open-database';
import { ADMIN_FILE } from '../start-server';
import { DEFAULT_TOMBSTONE_RETENTION_MS } from '../sync/compact-tombstones';
import type { AdminBackend } from './admin-backend';
import { directAdminBackend } from './admin-backend';
import { fileLines } from './file-lines';
import { httpAdminBackend } from './http-admin-backend';

export const ADMIN_USAGE = `Usage: npm run server:admin -- <command> [options]

Commands:
  clinic create <name>                      create a clinic and print its id
  clinic list                               list clinics
  pairing-code --clinic <id> --role staff   a code (8 digits, 10 minutes, single use) for a PC
  pairing-code --clinic <id> --role patient --patient <patient id>
                                            a code for a patient's home device
  devices list [--clinic <id>]              list paired devices
  devices revoke <device id>                revoke a device (it must wipe and pair again)
  devices scope <device id> --role <staff|patient> [--patient <id>]
                                            change a device's scope (it resyncs)
  backup <file>                             write a backup (JSON lines)
  restore <file>                            replace the database with a backup (server stopped);
                                            devices resync because the epoch changes
  compact                                   remove old tombstones and expired data now
  migrate                                   bring the database schema up to date

Options: --data-dir <dir> (PGlite, default ./server-data) or --database-url <url> / DATABASE_URL
(PostgreSQL); --json for machine-readable output.`;

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  now: () => number;
}

const adminFileSchema = z.object({ url: z.string(), token: z.string() });

/**
 * Opens the database directly; a PGlite directory held by a running server is reached through
 * that server instead, so codes can be issued without stopping it.
 */
async function openBackend(
  values: ReturnType<typeof readFlags>['values'],
  io: CliIo,
): Promise<AdminBackend> {
  const target = databaseTarget(values, io.cwd);
  const maintenance = { tombstoneRetentionMs: DEFAULT_TOMBSTONE_RETENTION_MS };
  try {
    return await directAdminBackend(await openDatabase(target), io.now, maintenance);
  } catch (error) {
    if (
      !(error instanceof DataDirLockedError) ||
      target.kind !== 'pglite' ||
      target.dataDir === null
    )
      throw error;
    const file = path.join(target.dataDir, ADMIN_FILE);
    const admin = adminFileSchema.safeParse(
      JSON.parse(await readFile(file, 'utf8').catch(() => 'null')),
    );
    if (!admin.success) throw error;
    return httpAdminBackend(admin.data.url, admin.data.token);
  }
}

function take(rest: string[], flag: string): string | undefined {
  const index = rest.indexOf(flag);
  if (index < 0) return undefined;
  const value = rest[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  rest.splice(index, 2);
  return value;
}

function requireUuid(value: string | undefined, what: string): string {
  const parsed = uuidSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${what} must be an id like 0190f5c2-…, not "${value ?? ''}"`);
  return parsed.data;
}

function scopeFrom(rest: string[]) {
  const role = roleSchema.safeParse(take(rest, '--role'));
  if (!role.success) throw new Error('--role must be staff or patient');
  const patient = take(rest, '--patient');
  const patientId = patient === undefined ? null : requireUuid(patient, '--patient');
  if (role.data === 'patient' && patientId === null)
    throw new Error('A patient scope needs --patient <patient id>');
  return { role: role.data, patientId };
}

/** Runs one admin command; returns the exit code. Errors are printed in plain words. */
export async function runAdminCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, rest } = readFlags(argv, io.env, ['data-dir', 'database-url', 'pg-pool-max']);
  const json = rest.includes('--json');
  const args = rest.filter((arg) => arg !== '--json');
  const [command, sub] = args;
  if (command === undefined || command === 'help' || command === '--help') {
    io.out(ADMIN_USAGE);
    return command === undefined ? 1 : 0;
  }
  const print = (value: unknown, human: string): void =>
    io.out(json ? JSON.stringify(value) : human);

  const backend = await openBackend(values, io);
  try {
    const params = args.slice(2);
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'clinic create': {
        const clinic = await backend.createClinic(params.join(' '));
        print(clinic, `Created clinic "${clinic.name}" with id ${clinic.clinicId}`);
        return 0;
      }
      case 'clinic list': {
        const clinics = await backend.listClinics();
        print(
          clinics,
          clinics.map((c) => `${c.clinicId}  ${c.name}`).join('\n') || 'No clinics yet',
        );
        return 0;
      }
      case 'devices list': {
        const rest2 = args.slice(2);
        const clinic = take(rest2, '--clinic');
        const devices = await backend.listDevices(
          clinic === undefined ? null : requireUuid(clinic, '--clinic'),
        );
        print(
          devices,
          devices
            .map(
              (d) =>
                `${d.deviceId}  ${d.role}${d.patientId ? ` (patient ${d.patientId})` : ''}  ${d.name ?? ''}${d.revokedAt ? '  REVOKED' : ''}`,
            )
            .join('\n') || 'No devices yet',
        );
        return 0;
      }
      case 'devices revoke': {
        const device = await backend.revokeDevice(requireUuid(params[0], 'The device id'));
        print(device, `Revoked ${device.deviceId}: it must wipe its clinic data and pair again`);
        return 0;
      }
      case 'devices scope': {
        const rest2 = args.slice(3);
        const scope = scopeFrom(rest2);
        const device = await backend.rescopeDevice(
          requireUuid(params[0], 'The device id'),
          scope.role,
          scope.patientId,
        );
        print(
          device,
          `Device ${device.deviceId} is now ${device.role}; it resyncs on its next pull`,
        );
        return 0;
      }
      default:
        break;
    }
    switch (command) {
      case 'pairing-code': {
        const rest2 = args.slice(1);
        const clinicId = requireUuid(take(rest2, '--clinic'), '--clinic');
        const scope = scopeFrom(rest2);
        const code = await backend.issuePairingCode(clinicId, scope.role, scope.patientId);
        print(
          code,
          `Pairing code ${code.code} (${code.role}), valid until ${new Date(code.expiresAt).toLocaleTimeString()}, single use`,
        );
        return 0;
      }
      case 'backup': {
        const file = path.resolve(io.cwd, requireFile(sub));
        const stream = createWriteStream(file, { mode: 0o600 });
        const rows = await backend.backup(async (line) => {
          if (!stream.write(line)) await once(stream, 'drain');
        });
        stream.end();
        await once(stream, 'finish');
        print({ file, rows }, `Backed up ${rows} rows to ${file}`);
        return 0;
      }
      case 'restore': {
        const file = path.resolve(io.cwd, requireFile(sub));
        const restored = await backend.restore(fileLines(file));
        print(
          restored,
          `Restored ${restored.rows} rows from ${file}; new epoch ${restored.epoch}: devices will resync`,
        );
        return 0;
      }
      case 'compact': {
        const result = await backend.maintenance();
        print(result, `Removed ${result.tombstones} old tombstones`);
        return 0;
      }
      case 'migrate':
        print({ ok: true }, `The database (${backend.describe}) is up to date`);
        return 0;
      default:
        io.out(`Unknown command "${args.join(' ')}".\n\n${ADMIN_USAGE}`);
        return 1;
    }
  } finally {
    await backend.close();
  }
}

function requireFile(value: string | undefined): string {
  if (value === undefined) throw new Error('Name the backup file');
  return value;
}
