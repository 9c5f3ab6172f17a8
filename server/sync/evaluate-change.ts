import { SYNCED_TABLES, checkRecord } from '@shared/domain/tables';
import { hlcWallMs } from '@shared/sync/hlc';
import { mergeFields } from '@shared/sync/merge';
import { perFieldStamps } from '@shared/sync/stamps';
import type { Change, Role } from '@shared/sync/protocol';
import { MAX_CLOCK_SKEW_MS } from '@shared/sync/protocol';
import { unstorableJson } from '../db/unstorable-json';
import type { StoredRecord } from './stored-record';

/**
 * Field names a change may not set: the record's identity is not a field, and names starting
 * with "_" belong to the device (`_hlc`, search words) except the delete flag.
 */
const RESERVED_FIELDS = new Set(['id', 'patientId', 'table']);

export type RejectionCode = 'CLOCK_SKEW' | 'FORBIDDEN_SCOPE' | 'IMMUTABLE_FIELD' | 'VALIDATION';

export type Evaluation =
  | { outcome: 'rejected'; code: RejectionCode; reason: string }
  | { outcome: 'superseded' }
  | { outcome: 'applied'; data: Record<string, unknown>; hlc: Record<string, string> };

export interface ChangeContext {
  role: Role;
  patientId: string | null;
  schemaVersion: number;
  now: number;
}

function reject(code: RejectionCode, reason: string): Evaluation {
  return { outcome: 'rejected', code, reason };
}

/** The change as the fields and stamps it sets; a delete is the field `_deleted` (§7.2). */
function fieldsOf(change: Change): {
  fields: Record<string, unknown>;
  stamps: Record<string, string>;
} {
  if (change.op === 'delete')
    return { fields: { _deleted: true }, stamps: { _deleted: change.hlc } };
  return { fields: change.fields, stamps: perFieldStamps(change.fieldHlc, change.fields) };
}

/**
 * Decides one change of a push against the record as stored (§6 step 5, §7): scope, clock
 * skew, immutables, append-only rules, then the field merge, then validation of the merged
 * record. Pure, so the rules are tested without a database.
 */
export function evaluateChange(
  stored: StoredRecord | null,
  change: Change,
  context: ChangeContext,
): Evaluation {
  const rules = SYNCED_TABLES[change.table];
  if (!rules || rules.sinceSchemaVersion > context.schemaVersion)
    return reject('VALIDATION', `unknown table ${change.table}`);

  if (context.role === 'patient') {
    const ownRecord =
      change.patientId === context.patientId &&
      (stored === null || stored.patientId === context.patientId);
    if (!ownRecord) return reject('FORBIDDEN_SCOPE', 'not this patient’s record');
    if (!rules.patientWritable)
      return reject('FORBIDDEN_SCOPE', `a patient device may not write ${change.table}`);
  }

  const { fields, stamps } = fieldsOf(change);
  // Stamps sort as text in time order (fixed-width wall time first): only the latest needs reading.
  let latest = '';
  for (const stamp of Object.values(stamps)) if (stamp > latest) latest = stamp;
  if (hlcWallMs(latest) > context.now + MAX_CLOCK_SKEW_MS)
    return reject('CLOCK_SKEW', 'a clock stamp is more than 5 minutes ahead of the server');
  for (const [field, value] of Object.entries(fields)) {
    if (RESERVED_FIELDS.has(field) || (field.startsWith('_') && field !== '_deleted'))
      return reject('VALIDATION', `${field} is not a field that syncs`);
    if (field === '_deleted' && typeof value !== 'boolean')
      return reject('VALIDATION', '_deleted must be true or false');
  }
  const unstorable = unstorableJson(fields);
  if (unstorable !== null) return reject('VALIDATION', unstorable);

  if (stored !== null && (stored.table !== change.table || stored.patientId !== change.patientId))
    return reject('IMMUTABLE_FIELD', 'table and patientId are fixed when a record is created');

  if (rules.appendOnly) {
    if ('_deleted' in fields && !rules.mutableFields.includes('_deleted'))
      return reject(
        'IMMUTABLE_FIELD',
        `${change.table} is append-only: its records are never deleted`,
      );
    if (stored !== null) {
      // Re-sending the creating write (same stamps) is not a modification.
      const modified = Object.keys(fields).find(
        (field) => !rules.mutableFields.includes(field) && stored.hlc[field] !== stamps[field],
      );
      if (modified !== undefined)
        return reject(
          'IMMUTABLE_FIELD',
          `${change.table} is append-only: ${modified} cannot change`,
        );
    }
  }

  const merged = mergeFields(stored, fields, stamps);
  if (merged.changedFields.length === 0) return { outcome: 'superseded' };

  const problem = checkRecord(change.table, merged.data, context.now, {
    id: change.id,
    patientId: change.patientId,
  });
  if (problem !== null) return reject('VALIDATION', problem);
  return { outcome: 'applied', data: merged.data, hlc: merged.hlc };
}
