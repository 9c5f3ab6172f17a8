import path from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from '../db/open-database';

export const DEFAULT_SERVER_PORT = 8787;
export const DEFAULT_DATA_DIR = 'server-data';

export interface ServerConfig {
  database: DatabaseTarget;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  tls: { certFile: string; keyFile: string } | null;
  minSchemaVersion: number;
  tombstoneRetentionDays: number;
  pairAttemptsPerMinute: number;
  metricsToken: string | null;
}

const FLAGS = {
  'data-dir': 'HEALTHDESK_SERVER_DATA_DIR',
  'database-url': 'DATABASE_URL',
  host: 'HOST',
  port: 'PORT',
  'log-level': 'LOG_LEVEL',
  'trust-proxy': 'TRUST_PROXY',
  'tls-cert': 'TLS_CERT_FILE',
  'tls-key': 'TLS_KEY_FILE',
  'min-schema-version': 'MIN_SCHEMA_VERSION',
  'tombstone-retention-days': 'TOMBSTONE_RETENTION_DAYS',
  'pair-attempts-per-minute': 'PAIR_ATTEMPTS_PER_MINUTE',
  'pg-pool-max': 'PG_POOL_MAX',
} as const;
type Flag = keyof typeof FLAGS;

/** `--name value` / `--name=value` flags, each also readable from its environment variable. */
export function readFlags(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  allowed: readonly Flag[] = Object.keys(FLAGS) as Flag[],
): { values: Partial<Record<Flag, string>>; rest: string[] } {
  const values: Partial<Record<Flag, string>> = {};
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1] as Flag | undefined;
    if (!match || name === undefined || !allowed.includes(name)) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? argv[++index];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    values[name] = value;
  }
  for (const flag of allowed) {
    const fromEnv = env[FLAGS[flag]];
    if (values[flag] === undefined && fromEnv !== undefined && fromEnv !== '')
      values[flag] = fromEnv;
  }
  return { values, rest };
}

/** PGlite in a data directory unless a PostgreSQL URL is given. */
export function databaseTarget(values: Partial<Record<Flag, string>>, cwd: string): DatabaseTarget {
  if (values['database-url']) {
    const poolMax = values['pg-pool-max'] ? Number(values['pg-pool-max']) : undefined;
    return { kind: 'postgres', url: values['database-url'], ...(poolMax ? { poolMax } : {}) };
  }
  return { kind: 'pglite', dataDir: path.resolve(cwd, values['data-dir'] ?? DEFAULT_DATA_DIR) };
}

const numberFrom = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: numberFrom(DEFAULT_SERVER_PORT, 0, 65535),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  trustProxy: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  minSchemaVersion: numberFrom(1, 1, 1_000_000),
  tombstoneRetentionDays: numberFrom(180, 1, 100_000),
  pairAttemptsPerMinute: numberFrom(10, 1, 100_000),
});

/** Reads the server's options from flags and the environment, with plain-language errors. */
export function parseServerConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): ServerConfig {
  const { values, rest } = readFlags(argv, env);
  if (rest.length > 0)
    throw new Error(
      `Unknown option ${rest[0] ?? ''}. Options: ${Object.keys(FLAGS)
        .map((f) => `--${f}`)
        .join(', ')}`,
    );
  const parsed = configSchema.safeParse({
    host: values.host,
    port: values.port,
    logLevel: values['log-level'],
    trustProxy: values['trust-proxy'],
    minSchemaVersion: values['min-schema-version'],
    tombstoneRetentionDays: values['tombstone-retention-days'],
    pairAttemptsPerMinute: values['pair-attempts-per-minute'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new Error('HTTPS needs both --tls-cert and --tls-key');
  return {
    ...parsed.data,
    database: databaseTarget(values, cwd),
    tls: certFile && keyFile ? { certFile, keyFile } : null,
    metricsToken: env.METRICS_TOKEN ? env.METRICS_TOKEN : null,
  };
}
