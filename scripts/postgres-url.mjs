// The PostgreSQL the server tests use: HEALTHDESK_TEST_DATABASE_URL, or a local default that
// scripts/ensure-postgres.mjs can create on a fresh Debian machine.
export const DEFAULT_TEST_DATABASE_URL =
  'postgres://healthdesk:healthdesk@127.0.0.1:5432/healthdesk_test';

export function testDatabaseUrl(env) {
  return env.HEALTHDESK_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}
