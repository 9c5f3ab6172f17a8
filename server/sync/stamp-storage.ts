import { expandStamps as expandFields } from '@shared/sync/stamps';

export { compactStamps } from '@shared/sync/stamps';

/**
 * Every field of `data` with its stamp again, from stamps as stored (compact, shared/sync/stamps.ts).
 * A field without a stamp means the row is damaged: it is an error, not a guess.
 */
export function expandStamps(
  stored: Record<string, string>,
  data: Record<string, unknown>,
): Record<string, string> {
  const stamps = expandFields(stored, Object.keys(data));
  for (const field in data)
    if (!(field in stamps)) throw new Error(`The stored record has no stamp for ${field}`);
  return stamps;
}
