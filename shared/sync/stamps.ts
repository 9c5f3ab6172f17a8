import type { FieldStamps } from './merge';
import type { PushRequest } from './protocol';

/**
 * Compact stamps (docs/sync-protocol.md, "Compact stamps"). A record written in one change has one
 * stamp on all its fields; it is kept, and may travel, once under "*": the stamp of every field
 * without an entry of its own. Never a field name (§4 field names).
 */
export const ALL_FIELDS = '*';

export function stampOf(stamps: FieldStamps, field: string): string | undefined {
  return stamps[field] ?? stamps[ALL_FIELDS];
}

/** One stamp per field of `fields` (those with none are left out). */
export function expandStamps(stamps: FieldStamps, fields: Iterable<string>): FieldStamps {
  const expanded: FieldStamps = {};
  for (const field of fields) {
    const stamp = stampOf(stamps, field);
    if (stamp !== undefined) expanded[field] = stamp;
  }
  return expanded;
}

/**
 * `stamps` for the fields of `fields` only: compact ("*" and the own stamps of those fields) when
 * they have a "*", else one per field (a field without a stamp is left out).
 */
export function stampsForFields(stamps: FieldStamps, fields: Record<string, unknown>): FieldStamps {
  const shared = stamps[ALL_FIELDS];
  if (shared === undefined) return expandStamps(stamps, Object.keys(fields));
  const result: FieldStamps = { [ALL_FIELDS]: shared };
  for (const field in stamps)
    if (field !== ALL_FIELDS && Object.hasOwn(fields, field))
      result[field] = stamps[field] ?? shared;
  return result;
}

/** Per-field stamps for `fields`: `stamps` itself when it has no "*". */
export function perFieldStamps(stamps: FieldStamps, fields: Record<string, unknown>): FieldStamps {
  return ALL_FIELDS in stamps ? expandStamps(stamps, Object.keys(fields)) : stamps;
}

/**
 * The commonest stamp once under "*", and only the other fields with their own. A vital's 20
 * stamps take 40 bytes this way instead of 700. `stamps` is per field.
 */
export function compactStamps(stamps: FieldStamps): FieldStamps {
  // The usual case, one stamp on every field, without counting.
  let first: string | undefined;
  let fields = 0;
  let uniform = true;
  for (const field in stamps) {
    const stamp = stamps[field];
    if (fields++ === 0) first = stamp;
    else if (stamp !== first) {
      uniform = false;
      break;
    }
  }
  if (uniform) return fields > 1 && first !== undefined ? { [ALL_FIELDS]: first } : { ...stamps };
  const counts = new Map<string, number>();
  for (const stamp of Object.values(stamps)) counts.set(stamp, (counts.get(stamp) ?? 0) + 1);
  let shared: string | undefined;
  let most = 1;
  for (const [stamp, count] of counts) {
    if (count > most) {
      shared = stamp;
      most = count;
    }
  }
  if (shared === undefined) return { ...stamps };
  const compact: FieldStamps = { [ALL_FIELDS]: shared };
  for (const [field, stamp] of Object.entries(stamps)) if (stamp !== shared) compact[field] = stamp;
  return compact;
}

/** The request with one stamp per field in every change, for a server that reads no "*". */
export function withPerFieldStamps(request: PushRequest): PushRequest {
  if (!request.changes.some((change) => change.op === 'upsert' && ALL_FIELDS in change.fieldHlc))
    return request;
  return {
    ...request,
    changes: request.changes.map((change) =>
      change.op === 'upsert'
        ? { ...change, fieldHlc: perFieldStamps(change.fieldHlc, change.fields) }
        : change,
    ),
  };
}
