import type { z } from 'zod';
import { MAX_BATCH_CHANGES, PROTOCOL_VERSION } from '@shared/sync/protocol';
import { safeParseWith } from '@shared/sync/wire-checks';
import { SyncError } from './sync-error';
import { unstorableJson } from '../db/unstorable-json';

/**
 * Parses untrusted input with a schema; the first problem becomes a 400 MALFORMED. Values the
 * database cannot store are refused here too, except in a push, which refuses them per change.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: {
    perChangeStorability?: boolean;
    /** A quick check that vouches for input the schema returns unchanged (wire-checks.ts). */
    accepts?: (value: unknown) => boolean;
  } = {},
): z.infer<S> {
  const unstorable = options.perChangeStorability ? null : unstorableJson(input, 64);
  if (unstorable !== null) throw new SyncError(400, 'MALFORMED', `Invalid request: ${unstorable}`);
  const parsed = safeParseWith(schema, options.accepts, input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new SyncError(400, 'MALFORMED', `Invalid request${where}: ${issue?.message ?? 'invalid'}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The refusals that tell a client what to do rather than that it has a bug, checked before the
 * full parse: an app too old for this server (426) and a batch to split (413).
 */
export function checkSyncEnvelope(body: unknown, minSchemaVersion: number): void {
  if (!isRecord(body)) return;
  const { protocolVersion, schemaVersion, changes } = body;
  if (typeof protocolVersion === 'number' && protocolVersion !== PROTOCOL_VERSION)
    throw new SyncError(426, 'PROTOCOL_UNSUPPORTED', `This server speaks CSP/${PROTOCOL_VERSION}`, {
      minSchemaVersion,
    });
  if (
    typeof schemaVersion === 'number' &&
    Number.isInteger(schemaVersion) &&
    schemaVersion < minSchemaVersion
  )
    throw new SyncError(
      426,
      'SCHEMA_TOO_OLD',
      'This app is too old for the clinic server: update it',
      {
        minSchemaVersion,
      },
    );
  if (Array.isArray(changes) && changes.length > MAX_BATCH_CHANGES)
    throw new SyncError(
      413,
      'BATCH_TOO_LARGE',
      `A batch holds at most ${MAX_BATCH_CHANGES} changes`,
    );
}
