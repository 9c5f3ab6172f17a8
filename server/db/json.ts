/**
 * JSON columns are written as JSON text: node-postgres would turn a JavaScript array into a
 * PostgreSQL array, and PGlite would guess, so neither backend is left to decide.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
