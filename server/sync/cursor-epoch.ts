import type { ResyncReason } from '@shared/sync/protocol';

/**
 * The epoch a cursor carries. To the device it is opaque; the server puts in it everything that,
 * when it changes, makes an old cursor wrong: the database epoch (a restore), the device's scope
 * version (revocation or a new scope) and the generation of tables the client can see (an app
 * update that brings new tables must pull those tables' old rows).
 */
export interface CursorEpochParts {
  serverEpoch: string;
  scopeVersion: number;
  tablesGeneration: number;
}

export function formatCursorEpoch(parts: CursorEpochParts): string {
  return `${parts.serverEpoch}.${parts.scopeVersion}.${parts.tablesGeneration}`;
}

/** Why a cursor epoch no longer fits, or null when it does. */
export function cursorEpochMismatch(
  epoch: string,
  expected: CursorEpochParts,
): ResyncReason | null {
  const [serverEpoch, scopeVersion, generation, ...rest] = epoch.split('.');
  if (serverEpoch !== expected.serverEpoch || rest.length > 0) return 'epoch';
  if (scopeVersion !== String(expected.scopeVersion)) return 'scope';
  if (generation !== String(expected.tablesGeneration)) return 'schema';
  return null;
}
