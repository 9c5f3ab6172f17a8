import { ALL_FIELDS, expandStamps, stampsForFields } from '@shared/sync/stamps';

export { compactStamps } from '@shared/sync/stamps';

/**
 * Every field of `data` with its stamp again, from stamps as stored (compact, shared/sync/stamps.ts).
 * A field without a stamp means the row is damaged: it is an error, not a guess.
 */
export function expandStoredStamps(
  stored: Record<string, string>,
  data: Record<string, unknown>,
): Record<string, string> {
  const stamps = expandStamps(stored, Object.keys(data));
  for (const field in data)
    if (!(field in stamps)) throw new Error(`The stored record has no stamp for ${field}`);
  return stamps;
}

/**
 * Stored stamps as a compact pulled record carries them: "*" and the own stamps of the fields of
 * `data` (a damaged row's stamp of a field it does not have is left out, as when expanded).
 * The same error as `expandStoredStamps` for a field without a stamp.
 */
export function compactStoredStamps(
  stored: Record<string, string>,
  data: Record<string, unknown>,
): Record<string, string> {
  return ALL_FIELDS in stored ? stampsForFields(stored, data) : expandStoredStamps(stored, data);
}
