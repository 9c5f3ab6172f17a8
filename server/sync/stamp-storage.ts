/** The key of the stamp most fields share, in stored stamps. Never a field name (§4 field names). */
export const SHARED_STAMP_KEY = '*';

/**
 * Stamps as stored: a record created or edited in one go carries one stamp on most fields, so the
 * commonest stamp is kept once under "*" and only the other fields keep their own. Reading a
 * vital's 20 stamps this way costs 40 bytes instead of 700, which halves what a push writes.
 */
export function compactStamps(stamps: Record<string, string>): Record<string, string> {
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
  if (uniform)
    return fields > 1 && first !== undefined ? { [SHARED_STAMP_KEY]: first } : { ...stamps };
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
  const compact: Record<string, string> = { [SHARED_STAMP_KEY]: shared };
  for (const [field, stamp] of Object.entries(stamps)) if (stamp !== shared) compact[field] = stamp;
  return compact;
}

/** Every field of `data` with its stamp again; the wire always carries one stamp per field. */
export function expandStamps(
  stored: Record<string, string>,
  data: Record<string, unknown>,
): Record<string, string> {
  const shared = stored[SHARED_STAMP_KEY];
  const stamps: Record<string, string> = {};
  for (const field of Object.keys(data)) {
    const stamp = stored[field] ?? shared;
    if (stamp === undefined) throw new Error(`The stored record has no stamp for ${field}`);
    stamps[field] = stamp;
  }
  return stamps;
}
