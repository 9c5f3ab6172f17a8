/** Deeper values than this are refused: nobody's record needs them, and recursion has limits. */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a JSON value cannot be stored as sent, or null. PostgreSQL refuses U+0000 in text and
 * jsonb, so such a value would otherwise fail deep in a transaction as a 500. Walks iteratively:
 * the value came from a client and may be nested very deep.
 */
export function unstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    const current = next.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'text may not contain the NUL character';
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (next.depth >= maxDepth) return `values may be nested at most ${maxDepth} deep`;
    for (const [key, child] of Object.entries(current)) {
      if (key.includes('\u0000')) return 'names may not contain the NUL character';
      stack.push({ value: child, depth: next.depth + 1 });
    }
  }
  return null;
}
