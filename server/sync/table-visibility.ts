import { SYNCED_TABLES } from '@shared/domain/tables';

/**
 * Tables a client of a given schema version knows (§10). New tables reach old clients only after
 * they upgrade.
 */
export function visibleTables(schemaVersion: number): string[] {
  return Object.entries(SYNCED_TABLES)
    .filter(([, rules]) => rules.sinceSchemaVersion <= schemaVersion)
    .map(([name]) => name)
    .sort();
}

/**
 * The newest table generation a client sees. It is part of the cursor: a client that upgrades
 * into new tables must pull from the start, or it would never receive the rows of those tables
 * that its old cursor already skipped.
 */
export function tablesGeneration(schemaVersion: number): number {
  let generation = 0;
  for (const rules of Object.values(SYNCED_TABLES)) {
    if (rules.sinceSchemaVersion <= schemaVersion)
      generation = Math.max(generation, rules.sinceSchemaVersion);
  }
  return generation;
}

/** The newest schema version this server knows of. */
export function currentSchemaVersion(): number {
  return Math.max(1, ...Object.values(SYNCED_TABLES).map((rules) => rules.sinceSchemaVersion));
}
