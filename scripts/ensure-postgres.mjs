// Makes sure the server tests have a PostgreSQL. If none answers at the test URL and we are root
// on Debian, installs Debian's postgresql with apt-get, starts its cluster, and creates the test
// role (with a password: TCP on 127.0.0.1 needs one) and database, saying so at each step.
// Idempotent. In CI (CI=true) a missing PostgreSQL fails; elsewhere the PostgreSQL tests are
// skipped, loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { DEFAULT_TEST_DATABASE_URL, testDatabaseUrl } from './postgres-url.mjs';

const url = testDatabaseUrl(process.env);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

async function reachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      'select rolcreatedb from pg_roles where rolname = current_user',
    );
    return rows[0]?.rolcreatedb === true ? 'ok' : 'no-createdb';
  } catch {
    return 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

function canInstall() {
  return (
    process.platform === 'linux' &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    existsSync('/usr/bin/apt-get') &&
    url === DEFAULT_TEST_DATABASE_URL
  );
}

function psqlAsPostgres(statement) {
  return run('runuser', [
    '-u',
    'postgres',
    '--',
    'psql',
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    statement,
  ]);
}

function installAndStart() {
  if (!existsSync('/usr/bin/pg_ctlcluster')) {
    console.log(
      'No PostgreSQL found: installing Debian\'s "postgresql" package with apt-get for the server tests (about 15 s, once).',
    );
    const installed =
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql']).ok ||
      (run('apt-get', ['update', '-qq']).ok &&
        run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql']).ok);
    if (!installed) return false;
  }
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions[0];
  if (!version) return false;
  const clusters = run('pg_lsclusters', ['-h'], { capture: true })
    .stdout.trim()
    .split('\n')
    .filter(Boolean);
  const line = clusters.map((entry) => entry.split(/\s+/)).find((fields) => fields[0] === version);
  if (!line) {
    console.log(`Creating the PostgreSQL ${version} cluster "main".`);
    if (!run('pg_createcluster', [version, 'main']).ok) return false;
  }
  const name = line?.[1] ?? 'main';
  if (line?.[3] !== 'online') {
    console.log(`Starting PostgreSQL ${version} (cluster ${name}).`);
    if (!run('pg_ctlcluster', [version, name, 'start']).ok) return false;
  }
  const { username, password, pathname } = new URL(url);
  const database = pathname.slice(1);
  console.log(`Creating the test role "${username}" and database "${database}" if missing.`);
  return (
    psqlAsPostgres(
      `do $$ begin if not exists (select from pg_roles where rolname = '${username}') then ` +
        `create role ${username} login createdb password '${password}'; ` +
        `else alter role ${username} login createdb password '${password}'; end if; end $$;`,
    ).ok &&
    (run(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        'psql',
        '-X',
        '-tAc',
        `select 1 from pg_database where datname = '${database}'`,
      ],
      { capture: true },
    ).stdout.trim() === '1' ||
      psqlAsPostgres(`create database ${database} owner ${username}`).ok)
  );
}

let state = await reachable();
if (state !== 'ok' && canInstall()) {
  if (installAndStart()) state = await reachable();
}
if (state === 'ok') process.exit(0);

const why =
  state === 'no-createdb'
    ? `the role in ${redact(url)} may not create databases (the tests make one per file)`
    : `no PostgreSQL answers at ${redact(url)}`;
const how =
  'Set HEALTHDESK_TEST_DATABASE_URL to a PostgreSQL where that role has CREATEDB, or run as root on Debian to have it installed.';
if (inCi) {
  console.error(`PostgreSQL is required in CI and ${why}. ${how}`);
  process.exit(1);
}
console.warn(`⚠ The PostgreSQL variants of the server tests will be SKIPPED: ${why}. ${how}`);
process.exit(0);

function redact(value) {
  const parsed = new URL(value);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
